"""Every endpoint and page refuses the wrong actor: anonymous, another buyer, another seller, non-staff."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.aftersales.models import ClaimStatus
from tests.factories import UserFactory

from .factories import photo, post_claim

BUYER_GETS = ["/api/v1/warranty/claims/{id}", "/api/v1/warranty/claims/{id}/messages"]
BUYER_POSTS = [
    ("/api/v1/warranty/claims/{id}/messages", {"body": "Hello there"}),
    ("/api/v1/warranty/claims/{id}/confirm", {}),
    ("/api/v1/warranty/claims/{id}/reopen", {"reason": "It still does not work."}),
]
SELLER_GETS = ["/api/v1/seller/claims/{id}", "/api/v1/seller/claims/{id}/messages"]
SELLER_POSTS = [
    ("/api/v1/seller/claims/{id}/answer", {"resolution": "refund"}),
    ("/api/v1/seller/claims/{id}/repaired", {"tracking_number": "BACK12345", "carrier": "DHL"}),
    ("/api/v1/seller/claims/{id}/messages", {"body": "Hello there"}),
]
ALL = [
    "/api/v1/warranty/claims",
    "/api/v1/seller/claims",
    "/api/v1/staff/claims",
    "/api/v1/staff/claims/stats",
    *BUYER_GETS,
    *SELLER_GETS,
    "/api/v1/staff/claims/{id}",
    "/api/v1/staff/claims/{id}/messages",
]


def test_given_no_token_when_any_claim_endpoint_is_called_then_it_is_401(api, claim):
    for url in ALL:
        assert api.get(url.format(id=claim.pk)).expect(401)
    for url, body in BUYER_POSTS + SELLER_POSTS + [("/api/v1/staff/claims/{id}/decision", {})]:
        api.post(url.format(id=claim.pk), body).expect(401)
    assert post_claim(api, claim.order_line).status == 401


def test_given_another_buyer_when_reading_or_acting_on_a_claim_then_it_does_not_exist(api, claim):
    stranger = api.as_(UserFactory())
    assert stranger.get("/api/v1/warranty/claims").expect(200)["items"] == []
    for url in BUYER_GETS:
        assert stranger.get(url.format(id=claim.pk)).expect(404)["code"] == "claim_not_found"
    for url, body in BUYER_POSTS:
        assert stranger.post(url.format(id=claim.pk), body).expect(404)["code"] == "claim_not_found"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.OPEN and not claim.messages.exists()


def test_given_another_seller_when_reading_or_answering_a_claim_then_it_sees_only_its_own(
    api, other_seller, claim
):
    theirs = api.as_(other_seller.user)
    assert theirs.get("/api/v1/seller/claims").expect(200)["items"] == []
    for url in SELLER_GETS:
        assert theirs.get(url.format(id=claim.pk)).expect(404)["code"] == "claim_not_found"
    for url, body in SELLER_POSTS:
        assert theirs.post(url.format(id=claim.pk), body).expect(404)["code"] == "claim_not_found"
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.OPEN


def test_given_the_right_seller_then_it_lists_its_claim_with_the_deadline(api, seller, claim):
    items = api.as_(seller.user).get("/api/v1/seller/claims").expect(200)["items"]
    assert [(c["ref"], c["answer_due_at"]) for c in items] == [(claim.ref, "2027-03-05T23:00:00Z")]


def test_given_a_buyer_without_a_shop_when_calling_seller_endpoints_then_it_is_forbidden(api, buyer, claim):
    client = api.as_(buyer)
    assert client.get("/api/v1/seller/claims").expect(403)["code"] == "not_a_seller"
    assert client.post(f"/api/v1/seller/claims/{claim.pk}/answer", {"resolution": "refund"}).expect(403)


def test_given_a_token_without_the_buyer_scope_when_claiming_then_it_is_forbidden(api, buyer, line):
    problem = post_claim(api.as_(buyer, scopes=["seller"]), line, photos=[photo()]).expect(403)
    assert problem["code"] == "missing_scope"


def _web(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["claim", "seller_claim", "staff_claim", "photo"])
def test_given_an_anonymous_visitor_when_opening_a_claim_page_then_it_is_sent_to_log_in(claim, name):
    from django.urls import reverse

    arg = claim.photos.first().pk if name == "photo" and claim.photos.exists() else claim.pk
    response = _web().get(reverse(f"aftersales:{name}", args=[arg]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_given_the_wrong_people_when_opening_claim_pages_then_they_are_refused(
    claim, other_seller, buyer, seller
):
    stranger, rival = _web(UserFactory()), _web(other_seller.user)
    assert stranger.get(f"/warranty/claims/{claim.pk}/").status_code == 404
    assert stranger.post(f"/warranty/claims/{claim.pk}/confirm/").status_code == 404
    assert stranger.get(f"/warranty/claims/new/{claim.order_line_id}/").status_code == 404
    assert rival.get(f"/seller/claims/{claim.pk}/").status_code == 404
    assert _web(buyer).get("/seller/claims/").status_code == 403  # not a seller
    for user in (buyer, seller.user):
        for url in ("/staff/claims/", "/staff/claims/stats/", f"/staff/claims/{claim.pk}/"):
            assert _web(user).get(url).status_code == 403


def test_given_claim_photos_then_only_the_buyer_the_seller_and_staff_see_them(
    api, buyer, seller, other_seller, staff, line
):
    post_claim(api.as_(buyer), line, photos=[photo()]).expect(201)
    url = f"/warranty/photos/{line.claims.get().photos.get().pk}/"
    assert _web(buyer).get(url).status_code == 200
    assert _web(seller.user).get(url).status_code == 200
    assert _web(staff).get(url)["Content-Type"] == "image/png"
    assert _web(other_seller.user).get(url).status_code == 404
    assert _web(UserFactory()).get(url).status_code == 404
