"""Finding a model and getting an instant quote: `GET tradein/models`, `POST tradein/quotes`."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from comeback.core import clock
from comeback.sellers.models import SellerStatus
from comeback.tradein.models import Quote

from .factories import ANSWERS, BuybackOfferFactory, console, partner, phone

QUOTES = "/api/v1/tradein/quotes"


def body(product, **overrides):
    data = {"product_id": product.pk, "storage_gb": 128, "market": "FR", "answers": dict(ANSWERS)}
    data.update(overrides)
    return data


def test_given_buyback_offers_when_searching_models_then_matching_models_with_storage_and_best_price_come_back(
    api, offer, rival
):
    BuybackOfferFactory(seller=rival, product=offer.product, tier="good", price_amount=31000)
    console()  # nobody buys it: not listed
    reply = api.get("/api/v1/tradein/models", {"q": "acme phone", "market": "FR"}).expect(200)
    assert [m["product_id"] for m in reply["items"]] == [offer.product_id]
    item = reply["items"][0]
    assert item["storage_options"] == [128, 256]
    assert item["has_screen"] is True and item["identifier"] == "imei"
    assert (item["best_price"], item["currency"]) == (31000, "EUR")
    assert api.get("/api/v1/tradein/models", {"q": "acme", "market": "DE"}).expect(200)["items"] == []


def test_given_an_unknown_market_when_searching_models_then_422_names_the_market(api):
    problem = api.get("/api/v1/tradein/models", {"market": "XX"}).expect(422)
    assert problem["errors"][0]["field"] == "market"


def test_given_an_anonymous_customer_when_asking_a_quote_then_the_best_offer_is_quoted_for_30_days(
    api, offer, rival
):
    BuybackOfferFactory(seller=rival, product=offer.product, price_amount=29000)
    quote = api.post(QUOTES, body(offer.product)).expect(201)
    assert (quote["price"], quote["currency"], quote["tier"]) == (30000, "EUR", "flawless")
    assert quote["refurbisher"] == offer.seller.display_name and quote["status"] == "open"
    stored = Quote.objects.get(ref=quote["quote_id"])
    assert stored.expires_at - stored.created_at == timedelta(days=30)
    assert stored.user is None


def test_given_scratches_declared_when_quoting_then_the_good_tier_offer_answers(api, offer, rival):
    BuybackOfferFactory(seller=rival, product=offer.product, tier="good", price_amount=21000)
    answers = {**ANSWERS, "screen": "scratches"}
    assert api.post(QUOTES, body(offer.product, answers=answers)).expect(201)["price"] == 21000


def test_given_no_offer_for_the_condition_when_quoting_then_409_no_buyback_offer(api, offer):
    problem = api.post(QUOTES, body(offer.product, answers={**ANSWERS, "powers_on": False})).expect(409)
    assert problem["code"] == "no_buyback_offer" and problem["tier"] == "broken"


def test_given_bad_answers_when_quoting_then_422_names_each_field(api, offer):
    problem = api.post(
        QUOTES, body(offer.product, answers={"powers_on": True, "screen": "shattered"})
    ).expect(422)
    fields = {e["field"] for e in problem["errors"]}
    assert {"answers.screen", "answers.body", "answers.functional", "answers.accounts_removed"} <= fields


def test_given_a_storage_the_model_lacks_when_quoting_then_422_on_storage(api, offer):
    problem = api.post(QUOTES, body(offer.product, storage_gb=64)).expect(422)
    assert problem["errors"][0]["field"] == "storage_gb" and problem["options"] == [128, 256]


def test_given_a_model_without_a_screen_when_quoting_then_the_screen_question_is_refused(api, refurbisher):
    box = console()
    BuybackOfferFactory(seller=refurbisher, product=box, storage_gb=0, price_amount=15000)
    answers = {k: v for k, v in ANSWERS.items() if k != "screen"}
    assert api.post(QUOTES, body(box, storage_gb=0, answers=answers)).expect(201)["price"] == 15000
    problem = api.post(QUOTES, body(box, storage_gb=0, answers=ANSWERS)).expect(422)
    assert problem["code"] == "no_screen"


def test_given_an_unknown_product_when_quoting_then_422_on_product_id(api, db):
    assert (
        api.post(QUOTES, {"product_id": 999999, "market": "FR", "answers": ANSWERS}).expect(422)["errors"][0][
            "field"
        ]
        == "product_id"
    )


def test_given_a_suspended_refurbisher_when_quoting_then_its_offer_is_not_used(api, offer, rival):
    BuybackOfferFactory(seller=rival, product=offer.product, price_amount=25000)
    offer.seller.status = SellerStatus.SUSPENDED
    offer.seller.save()
    assert api.post(QUOTES, body(offer.product)).expect(201)["price"] == 25000


def test_given_a_brand_programme_when_quoting_from_its_page_then_the_brand_bonus_is_added(api, offer):
    brand = partner(kind="brand", slug="novaplay", bonus_bps=1000)
    brand.eligible_models.add(offer.product)
    quote = api.post(QUOTES, body(offer.product, partner="novaplay")).expect(201)
    assert (quote["price"], quote["bonus"], quote["total"], quote["partner"]) == (
        30000,
        3000,
        33000,
        "novaplay",
    )
    other = phone("Other")
    BuybackOfferFactory(product=other)
    problem = api.post(QUOTES, body(other, partner="novaplay")).expect(422)
    assert problem["code"] == "not_eligible_for_partner"


def test_given_many_quotes_from_one_address_when_over_the_limit_then_429_with_retry_after(
    api, offer, settings
):
    settings.RATELIMITS = {"quote": "3/m"}
    for _ in range(3):
        api.post(QUOTES, body(offer.product)).expect(201)
    reply = api.post(QUOTES, body(offer.product))
    assert reply.expect(429)["code"] == "rate_limited"
    assert int(reply.response["Retry-After"]) >= 1


def test_given_a_quote_when_31_days_pass_then_it_reads_expired(api, offer):
    quote = api.post(QUOTES, body(offer.product)).expect(201)
    with time_machine.travel(clock.now() + timedelta(days=31)):
        assert api.get(f"{QUOTES}/{quote['quote_id']}").expect(200)["status"] == "expired"
    assert api.get(f"{QUOTES}/QTE-NOPE").expect(404)["code"] == "quote_not_found"
