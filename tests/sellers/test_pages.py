"""Every seller-trust page renders for each seller state, and only for whom it is meant."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template import Context, Template

from comeback.core import clock
from comeback.sellers.models import SellerStatus

from ..factories import PASSWORD, SellerFactory
from .factories import ApplicantFactory, ProbationSellerFactory

pytestmark = pytest.mark.django_db


def in_state(state: str):
    if state == "review_pending":
        return ProbationSellerFactory(probation_started_at=clock.now() - timedelta(days=41))
    if state == "probation":
        return ProbationSellerFactory()
    if state == "applied":
        return ApplicantFactory()
    return SellerFactory(status=state, status_reason="Because of a reason." if state != "full" else "")


LABELS = {
    "applied": "Application under review",
    "rejected": "Application rejected",
    "probation": "On probation",
    "review_pending": "Probation over: review pending",
    "full": "Full seller",
    "suspended": "Listings suspended",
    "removed": "Removed",
}


@pytest.mark.parametrize("state", list(LABELS))
def test_given_a_seller_in_each_state_when_its_pages_render_then_they_say_where_it_stands(
    client, staff, state
):
    seller = in_state(state)
    panel = Template('{% include "sellers/_status_panel.html" %}').render(Context({"seller": seller}))
    assert LABELS[state] in panel and "What happens next" in panel
    client.login(email=seller.user.email, password=PASSWORD)
    page = client.get("/seller/trust/")
    assert page.status_code == 200 and LABELS[state].encode() in page.content
    client.logout()
    client.login(email=staff.email, password=PASSWORD)
    assert client.get(f"/staff/sellers/{seller.pk}/").status_code == 200
    assert client.get(f"/staff/sellers/{seller.pk}/history/").status_code == 200
    review = client.get(f"/staff/sellers/{seller.pk}/review/")
    assert review.status_code == (302 if state in ("applied", "rejected") else 200)
    public = client.get(f"/sellers/{seller.slug}/")
    assert public.status_code == (404 if state in ("applied", "rejected") else 200)


def test_given_staff_pages_when_a_seller_or_anonymous_asks_then_refused(client):
    seller = SellerFactory()
    for url in [
        f"/staff/sellers/{seller.pk}/",
        f"/staff/sellers/{seller.pk}/review/",
        f"/staff/sellers/{seller.pk}/history/",
    ]:
        assert client.get(url).status_code == 302
    client.login(email=seller.user.email, password=PASSWORD)
    for url in [
        f"/staff/sellers/{seller.pk}/",
        f"/staff/sellers/{seller.pk}/review/",
        f"/staff/sellers/{seller.pk}/history/",
    ]:
        assert client.get(url).status_code == 403
    assert (
        client.post(
            f"/staff/sellers/{seller.pk}/decision/", {"decision": "suspend", "reason": "self"}
        ).status_code
        == 403
    )
    assert client.post(f"/staff/sellers/{seller.pk}/recompute/").status_code == 403
    seller.refresh_from_db()
    assert seller.status == SellerStatus.FULL


def test_given_an_unknown_seller_when_staff_open_it_then_404(client, staff):
    client.login(email=staff.email, password=PASSWORD)
    assert client.get("/staff/sellers/999999/").status_code == 404
    assert client.get(f"/staff/sellers/{2**70}/").status_code == 404


def test_given_anonymous_when_opening_the_standing_page_then_login_and_a_user_without_shop_goes_to_apply(
    client, buyer
):
    assert "/accounts/login/" in client.get("/seller/trust/")["Location"]
    client.login(email=buyer.email, password=PASSWORD)
    assert client.get("/seller/trust/")["Location"] == "/sell/apply/"
