"""Evidence photos of an authentication (docs/trust.md §5): shown on the case page and served from storage to
the authenticators of the case and staff only; the seller, buyers and other authenticators get 404."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.offers import authentication
from comeback.offers.models import Authentication
from tests.factories import UserFactory

from .test_authentication import REASONS, authenticator, jpeg, publish, watch  # noqa: F401

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(seller, watch):  # noqa: F811
    """A listing waiting for authentication with one evidence photo, and the authenticator who took it."""
    row = Authentication.objects.get(offer=publish(seller, watch, 65000))
    user = authenticator()
    photo = authentication.add_evidence(authentication_id=row.pk, files=[jpeg()], by=user)[0]
    return row, user, photo


def _thumb_url(row, user) -> str:
    page = _as(user).get(f"/authenticator/{row.pk}/")
    assert page.status_code == 200
    shots = page.context["shots"]
    assert len(shots) == 1
    url = shots[0].thumb.jpeg
    assert url in page.content.decode()
    return url


def test_given_evidence_when_the_authenticator_opens_the_case_then_the_thumbnail_serves_the_image(case):
    row, user, photo = case
    # when the authenticator opens the case page
    url = _thumb_url(row, user)
    # then the thumbnail is a JPEG streamed from storage, kept private to the browser
    response = _as(user).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    assert response["Cache-Control"].startswith("private")
    webp = _as(user).get(url.replace(".jpg", ".webp"))
    assert b"".join(webp.streaming_content)[8:12] == b"WEBP"


def test_given_evidence_then_the_seller_a_buyer_and_a_visitor_cannot_open_it(case, seller, buyer):
    row, user, photo = case
    url = _thumb_url(row, user)
    # a visitor is sent to log in
    assert "/accounts/login/" in Client().get(url)["Location"]
    # the seller of the item, a buyer and a stranger get the same answer as for a photo that does not exist
    for someone in (seller.user, buyer, UserFactory()):
        assert _as(someone).get(url).status_code == 404
    assert _as(user).get(f"/authenticator/evidence/{photo.pk + 1000}/320.jpg").status_code == 404
    assert _as(user).get(url.replace(".jpg", ".gif")).status_code == 404


def test_given_a_decided_case_then_only_its_authenticator_and_staff_see_the_evidence(case, staff):
    row, user, photo = case
    url = _thumb_url(row, user)
    other = authenticator()
    # while the case waits in the shared queue, any authenticator may work it
    assert _as(other).get(url).status_code == 200
    # when one authenticator decides
    authentication.decide(authentication_id=row.pk, result="authenticated", reasons=REASONS, by=user)
    # then the evidence is theirs and staff's; the other authenticator sees neither the photo nor a thumbnail
    assert _as(user).get(url).status_code == 200
    assert _as(staff).get(url).status_code == 200
    assert _as(other).get(url).status_code == 404
    page = _as(other).get(f"/authenticator/{row.pk}/")
    assert page.context["shots"] == [] and url not in page.content.decode()
