"""Seller listing API: happy paths, strict bodies, and who may see what (docs/design.md §4)."""

from __future__ import annotations

import re

import pytest

from comeback.accounts.services import issue_token
from comeback.offers import selectors
from comeback.offers.models import Offer, OfferStatus
from tests.factories import OfferFactory, SellerFactory, UserFactory

from .conftest import listing_body

LISTINGS = "/api/v1/seller/listings"
RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


# Happy paths -----------------------------------------------------------------------------------------


def test_given_a_seller_when_it_posts_a_listing_then_it_is_live_and_described_in_full(
    seller_api, seller, phone_variant
):
    body = seller_api.post(LISTINGS, listing_body(phone_variant)).expect(201)

    offer = Offer.objects.get(pk=body["offer_id"])
    assert offer.seller == seller and offer.status == OfferStatus.ACTIVE
    assert body["variant_id"] == phone_variant.pk
    assert body["product"] == str(phone_variant.product)
    assert (body["market"], body["grade"], body["price"], body["currency"]) == ("FR", "good", 34900, "EUR")
    assert (body["quantity"], body["battery_health_min"], body["warranty_months"], body["handling_days"]) == (
        3,
        85,
        12,
        1,
    )
    assert body["status"] == "active"
    assert RFC3339_UTC.match(body["created_at"]) and RFC3339_UTC.match(body["updated_at"])
    # Alone in its slot: it wins, at its own price.
    assert body["is_winning"] is True and body["price_to_win"] == 34900


def test_given_a_cheaper_rival_when_listing_then_the_seller_sees_it_does_not_win_and_the_price_that_would(
    seller_api, phone_variant, rival_offer
):
    body = seller_api.post(LISTINGS, listing_body(phone_variant, price=36900)).expect(201)

    assert body["is_winning"] is False
    assert (
        body["price_to_win"]
        == selectors.prices_to_win([Offer.objects.get(pk=body["offer_id"])])[body["offer_id"]]
    )
    assert body["price_to_win"] < rival_offer.price_amount + 1
    matched = seller_api.patch(f"{LISTINGS}/{body['offer_id']}", {"price": body["price_to_win"]}).expect(200)
    assert matched["is_winning"] is True


def test_given_optional_terms_omitted_when_listing_then_market_and_shop_defaults_apply(
    seller_api, seller, jacket_variant
):
    seller.default_handling_days = 2
    seller.save()
    body = {
        "variant_id": jacket_variant.pk,
        "market": "FR",
        "grade": "fair",
        "price": 4900,
        "currency": "EUR",
        "quantity": 1,
    }
    got = seller_api.post(LISTINGS, body).expect(201)
    assert (got["battery_health_min"], got["warranty_months"], got["handling_days"]) == (None, 12, 2)


def test_given_listings_when_filtered_then_only_matching_own_offers_come_back_paginated(
    seller_api, seller, phone_variant, laptop_variant, rival_offer
):
    a = OfferFactory(seller=seller, variant=phone_variant, grade="good")
    b = OfferFactory(seller=seller, variant=phone_variant, grade="fair", status=OfferStatus.PAUSED)
    c = OfferFactory(seller=seller, variant=laptop_variant, market_id="GB", currency="GBP", grade="good")

    everything = seller_api.get(LISTINGS).expect(200)
    assert everything["count"] == 3 and {i["offer_id"] for i in everything["items"]} == {a.pk, b.pk, c.pk}
    assert rival_offer.pk not in {i["offer_id"] for i in everything["items"]}

    def ids(**params):
        return {i["offer_id"] for i in seller_api.get(LISTINGS, params).expect(200)["items"]}

    assert ids(status="paused") == {b.pk}
    assert ids(market="gb") == {c.pk}
    assert ids(grade="good") == {a.pk, c.pk}
    assert ids(q="book air") == {c.pk}
    assert ids(q=phone_variant.product.name, grade="fair") == {b.pk}

    first = seller_api.get(LISTINGS, {"page_size": 2}).expect(200)
    second = seller_api.get(LISTINGS, {"page_size": 2, "page": 2}).expect(200)
    assert (first["pages"], len(first["items"]), len(second["items"])) == (2, 2, 1)
    assert {i["offer_id"] for i in first["items"] + second["items"]} == {a.pk, b.pk, c.pk}


def test_given_a_listing_when_patched_then_only_the_sent_fields_change(seller_api, seller, phone_variant):
    offer = OfferFactory(seller=seller, variant=phone_variant, quantity=5, price_amount=30000)

    got = seller_api.patch(f"{LISTINGS}/{offer.pk}", {"price": 29900, "handling_days": 2}).expect(200)

    assert (got["price"], got["quantity"], got["handling_days"]) == (29900, 5, 2)
    paused = seller_api.patch(f"{LISTINGS}/{offer.pk}", {"status": "paused"}).expect(200)
    assert paused["status"] == "paused" and paused["is_winning"] is False
    assert seller_api.patch(f"{LISTINGS}/{offer.pk}", {"status": "active"}).expect(200)["status"] == "active"
    assert seller_api.patch(f"{LISTINGS}/{offer.pk}", {}).expect(200)["price"] == 29900
    assert seller_api.get(f"{LISTINGS}/{offer.pk}").expect(200)["handling_days"] == 2


def test_given_the_listing_api_when_reading_the_openapi_document_then_every_route_is_described(api):
    doc = api.get("/api/v1/openapi.json").expect(200)
    assert {"get", "post"} <= set(doc["paths"]["/api/v1/seller/listings"])
    assert {"get", "patch"} <= set(doc["paths"]["/api/v1/seller/listings/{offer_id}"])


# Strict bodies ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"price": 349.5}, "price"),
        ({"price": "34900"}, "price"),
        ({"quantity": True}, "quantity"),
        ({"grade": "mint"}, "grade"),
        ({"variant_id": None}, "variant_id"),
    ],
)
def test_given_a_malformed_body_when_listing_then_422_names_the_field(
    seller_api, phone_variant, change, field
):
    problem = seller_api.post(LISTINGS, listing_body(phone_variant, **change)).expect(422)
    assert field in {e["field"] for e in problem["errors"]}
    assert not Offer.objects.exists()


def test_given_whole_numbers_written_with_a_decimal_point_when_listing_then_they_are_the_same_integers(
    seller_api, phone_variant
):
    # JSON has one number type and JSON Schema's `integer` accepts 34900.0: a generated client may send it.
    body = seller_api.post(LISTINGS, listing_body(phone_variant, price=34900.0, quantity=3.0)).expect(201)
    assert (body["price"], body["quantity"]) == (34900, 3)
    offer = Offer.objects.get(pk=body["offer_id"])
    assert (offer.price_amount, offer.quantity) == (34900, 3) and isinstance(offer.price_amount, int)


@pytest.mark.parametrize("body", [5, [1, 2], "listing", True])
def test_given_a_body_that_is_no_json_object_when_posting_then_400_bad_request(
    seller_api, phone_variant, api, staff, body
):
    assert seller_api.post(LISTINGS, body).expect(400)["code"] == "bad_request"
    # A body of optional fields only (today's payout run) is not read as "nothing sent" either.
    assert (
        api.as_(staff, ["staff"]).post("/api/v1/staff/payouts/runs", body).expect(400)["code"]
        == "bad_request"
    )
    assert not Offer.objects.exists()


def test_given_a_body_missing_a_field_when_listing_then_422_names_it(seller_api, phone_variant):
    body = listing_body(phone_variant)
    del body["currency"]
    problem = seller_api.post(LISTINGS, body).expect(422)
    assert [e["field"] for e in problem["errors"]] == ["currency"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"grade": "fair"}, "grade"),
        ({"price": None}, "price"),
        ({"status": "draft"}, "status"),
        ({"quantity": 1.5}, "quantity"),
        ({"status": "sold"}, "status"),
    ],
)
def test_given_a_malformed_patch_when_sent_then_422_names_the_field(seller_api, seller, change, field):
    offer = OfferFactory(seller=seller)
    problem = seller_api.patch(f"{LISTINGS}/{offer.pk}", change).expect(422)
    assert problem["errors"][0]["field"] == field
    offer.refresh_from_db()
    assert (offer.grade, offer.price_amount, offer.status) == ("good", 34900, "active")


def test_given_broken_json_when_listing_then_a_4xx_problem_and_never_a_500(seller_api):
    reply = seller_api.client.post(
        LISTINGS,
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {seller_api.token}"},
    )
    assert 400 <= reply.status_code < 500
    assert reply["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "params", [{"status": "sold"}, {"grade": "mint"}, {"market": "XX"}, {"page": 0}, {"page_size": 1000}]
)
def test_given_bad_filters_when_listing_then_422(seller_api, params):
    problem = seller_api.get(LISTINGS, params).expect(422)
    assert problem["errors"][0]["field"] == next(iter(params))


def test_given_an_absurd_id_when_reading_then_404_not_500(seller_api):
    seller_api.get(f"{LISTINGS}/99999999999999999999999999").expect(404)
    seller_api.patch(f"{LISTINGS}/99999999999999999999999999", {"price": 1}).expect(404)


# Who may do what -------------------------------------------------------------------------------------


def test_given_another_sellers_offer_when_read_or_patched_then_404_without_revealing_it(
    seller_api, rival_offer
):
    for reply in (
        seller_api.get(f"{LISTINGS}/{rival_offer.pk}"),
        seller_api.patch(f"{LISTINGS}/{rival_offer.pk}", {"price": 100, "status": "withdrawn"}),
    ):
        problem = reply.expect(404)
        assert problem["code"] == "listing_not_found"
        assert "33900" not in reply.response.content.decode()
    rival_offer.refresh_from_db()
    assert (rival_offer.price_amount, rival_offer.status) == (33900, OfferStatus.ACTIVE)


def test_given_no_token_when_calling_the_listing_api_then_401(api, phone_variant):
    reply = api.get(LISTINGS)
    assert reply.expect(401)["code"] == "not_authenticated"
    assert reply.response["WWW-Authenticate"].startswith("Bearer")
    api.post(LISTINGS, listing_body(phone_variant)).expect(401)
    api.get(f"{LISTINGS}/1").expect(401)
    api.patch(f"{LISTINGS}/1", {"price": 1}).expect(401)


def test_given_an_invalid_token_when_calling_then_401(api):
    api.__class__("cb_deadbeef_not-a-real-token").get(LISTINGS).expect(401)


def test_given_a_seller_token_without_the_seller_scope_when_calling_then_403_missing_scope(
    api, seller, phone_variant
):
    offer = OfferFactory(seller=seller, variant=phone_variant)
    client = api.as_(seller.user, scopes=["buyer"])
    assert client.get(LISTINGS).expect(403)["code"] == "missing_scope"
    assert (
        client.post(LISTINGS, listing_body(phone_variant, grade="fair")).expect(403)["code"]
        == "missing_scope"
    )
    assert client.get(f"{LISTINGS}/{offer.pk}").expect(403)["code"] == "missing_scope"
    assert client.patch(f"{LISTINGS}/{offer.pk}", {"price": 1}).expect(403)["code"] == "missing_scope"
    offer.refresh_from_db()
    assert Offer.objects.count() == 1 and offer.price_amount == 34900


def test_given_a_buyer_when_calling_the_listing_api_then_403_not_a_seller(
    api, buyer, phone_variant, rival_offer
):
    for client in (api.as_(buyer), api.__class__(issue_token(user=buyer, scopes=["seller"]).secret)):
        assert client.get(LISTINGS).expect(403)["code"] == "not_a_seller"
        assert client.post(LISTINGS, listing_body(phone_variant)).expect(403)["code"] == "not_a_seller"
        assert client.get(f"{LISTINGS}/{rival_offer.pk}").expect(403)["code"] == "not_a_seller"
        assert (
            client.patch(f"{LISTINGS}/{rival_offer.pk}", {"price": 1}).expect(403)["code"] == "not_a_seller"
        )
    rival_offer.refresh_from_db()
    assert rival_offer.price_amount == 33900


def test_given_a_seller_awaiting_verification_when_listing_then_403_names_the_rule(api, phone_variant):
    applicant = SellerFactory(user=UserFactory(), status="applied")
    problem = api.as_(applicant.user).post(LISTINGS, listing_body(phone_variant)).expect(403)
    assert problem["code"] == "seller_applied"


def test_given_more_listings_when_listed_then_the_query_count_does_not_grow(
    seller_api, seller, phone_variant, laptop_variant
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            seller_api.get(LISTINGS, {"page_size": 50}).expect(200)
        return len(ctx.captured_queries)

    OfferFactory(seller=seller, variant=phone_variant)
    count_queries()  # warm up: the market cache and the token's last-used stamp are one-off queries
    few = count_queries()
    for grade in ("premium", "excellent", "fair"):
        OfferFactory(seller=seller, variant=laptop_variant, grade=grade, battery_health_min=95)
        OfferFactory(variant=laptop_variant, grade=grade, battery_health_min=95)  # rivals
    assert count_queries() == few <= 6
