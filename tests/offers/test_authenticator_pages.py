"""The authenticator's desk on the web (docs/trust.md §5): queue, evidence upload, decision; nobody else."""

from __future__ import annotations

import pytest

from comeback.offers.models import Authentication, Offer, OfferStatus
from tests.factories import PASSWORD

from .test_authentication import authenticator, jpeg, publish, watch  # noqa: F401

pytestmark = pytest.mark.django_db


def test_given_an_authenticator_when_working_the_desk_then_the_listing_goes_live(client, seller, watch):  # noqa: F811
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    user = authenticator()
    client.force_login(user)
    assert "Calibre 1" in client.get("/authenticator/").content.decode()
    assert client.get(f"/authenticator/{row.pk}/").status_code == 200
    client.post(f"/authenticator/{row.pk}/photos/", {"photos": [jpeg()]})
    assert row.photos.count() == 1
    client.post(
        f"/authenticator/{row.pk}/decision/",
        {
            "result": "authenticated",
            "reasons": "Movement and serial match the maker's records.",
            "checked": "serial",
        },
    )
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.ACTIVE


def test_given_anyone_else_when_opening_the_desk_then_refused(client, seller, staff, watch):  # noqa: F811
    offer = publish(seller, watch, 65000)
    row = Authentication.objects.get(offer=offer)
    assert "/accounts/login/" in client.get("/authenticator/")["Location"]
    for user in (seller.user, staff):
        client.login(email=user.email, password=PASSWORD)
        assert client.get("/authenticator/").status_code == 403
        assert (
            client.post(f"/authenticator/{row.pk}/decision/", {"result": "authenticated"}).status_code == 403
        )
        client.logout()
    assert Authentication.objects.get(pk=row.pk).status == "pending"
