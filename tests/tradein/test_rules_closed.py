"""Trade-in rules closed (docs/trade-in.md "Capacity", "Markets", "Data wipe"): quotes reserve a buyback offer's
weekly capacity and never overshoot it, even racing (real threads); buyback offers only in the markets the
refurbisher is approved for; a wipe certificate never starts before the device was received."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.core.problems import Conflict, Invalid
from comeback.tradein.models import BuybackCapacity, BuybackOffer, Quote
from comeback.tradein.services import buyback, inspection, quotes
from comeback.tradein.services.access import Operator
from tests.concurrency import race
from tests.factories import SellerFactory, UserFactory

from .factories import ANSWERS, BuybackOfferFactory, phone, tradein, wipe_draft

QUOTES = "/api/v1/tradein/quotes"
OFFERS = "/api/v1/seller/buyback-offers"
MONDAY = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def ask(model, at=None):
    return quotes.request_quote(product_id=model.pk, storage_gb=128, market="FR", answers=ANSWERS, at=at)


def test_given_an_offer_with_two_places_when_three_quotes_are_asked_then_the_third_goes_to_the_next_offer(
    refurbisher, rival, model
):
    best = BuybackOfferFactory(seller=refurbisher, product=model, price_amount=40000, weekly_capacity=2)
    BuybackOfferFactory(seller=rival, product=model, price_amount=35000, weekly_capacity=5)
    got = [ask(model, at=MONDAY + timedelta(hours=i)) for i in range(3)]
    assert [q.price_amount for q in got] == [40000, 40000, 35000]
    assert BuybackCapacity.objects.get(buyback_offer=best).reserved == 2
    # a new week, new places
    assert ask(model, at=MONDAY + timedelta(days=7)).price_amount == 40000


def test_given_a_full_offer_and_no_other_when_quoting_then_409_no_buyback_offer(api, refurbisher, model):
    BuybackOfferFactory(seller=refurbisher, product=model, weekly_capacity=1)
    body = {"product_id": model.pk, "storage_gb": 128, "market": "FR", "answers": ANSWERS}
    api.post(QUOTES, body).expect(201)
    assert api.post(QUOTES, body).expect(409)["code"] == "no_buyback_offer"
    assert Quote.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_given_one_place_left_when_four_customers_quote_at_once_then_exactly_one_quote_takes_it(
    refurbisher, clock_at
):
    model = phone("Race Phone")
    offer = BuybackOfferFactory(seller=refurbisher, product=model, weekly_capacity=1)
    with clock_at(MONDAY):
        results = race([lambda: ask(model) for _ in range(4)])
    won = [r for r in results if isinstance(r, Quote)]
    lost = [r for r in results if isinstance(r, Exception)]
    assert len(won) == 1, results
    assert all(isinstance(e, Conflict) and e.code == "no_buyback_offer" for e in lost), lost
    assert BuybackCapacity.objects.get(buyback_offer=offer).reserved == 1
    assert Quote.objects.filter(buyback_offer=offer).count() == 1


def test_given_a_refurbisher_approved_for_france_only_when_it_publishes_in_germany_then_422(api, model):
    local = SellerFactory(user=UserFactory(), markets=["FR"])
    body = {
        "product_id": model.pk,
        "storage_gb": 128,
        "market": "DE",
        "tier": "good",
        "price": 25000,
        "currency": "EUR",
        "weekly_capacity": 10,
    }
    problem = api.as_(local.user).post(OFFERS, body).expect(422)
    assert problem["errors"][0] == {
        "field": "market",
        "code": "market_not_allowed",
        "message": problem["errors"][0]["message"],
    }
    assert "not approved for DE" in problem["errors"][0]["message"]
    csv = (
        "product,storage_gb,market,tier,price,currency,weekly_capacity\n"
        f"{model.slug},128,FR,good,25000,EUR,10\n{model.slug},128,DE,good,25000,EUR,10\n"
    )
    token = issue_token(user=local.user, scopes=["seller"]).secret
    response = Client().post(
        f"{OFFERS}/bulk", {"file": io.BytesIO(csv.encode())}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"rows[2].market"}
    assert not BuybackOffer.objects.exists()


def test_given_an_offer_left_in_a_market_no_longer_approved_then_it_wins_no_quote_and_cannot_be_reactivated(
    model,
):
    local = SellerFactory(user=UserFactory(), markets=["FR", "DE"])
    offer = BuybackOfferFactory(seller=local, product=model, market_id="DE", status="paused")
    local.markets = ["FR"]
    local.save(update_fields=["markets"])
    with pytest.raises(Invalid) as refused:
        buyback.update_offer(seller=local, offer_id=offer.pk, changes={"status": "active"})
    assert refused.value.code == "market_not_allowed"
    BuybackOffer.objects.filter(pk=offer.pk).update(status="active")  # as it was before the rule
    with pytest.raises(Conflict) as none:
        quotes.request_quote(product_id=model.pk, storage_gb=128, market="DE", answers=ANSWERS)
    assert none.value.code == "no_buyback_offer"


def test_given_a_received_device_when_the_wipe_started_before_it_arrived_then_422_naming_started_at(
    db, clock_at
):
    with clock_at(MONDAY):
        t = tradein("validated")
        op = Operator.refurbisher(t.seller)
        inspection.confirm_lock_off(op=op, ref=t.ref)
    with clock_at(MONDAY + timedelta(hours=2)):
        early = wipe_draft(MONDAY + timedelta(hours=2), started_at=MONDAY - timedelta(hours=1))
        with pytest.raises(Invalid) as refused:
            inspection.record_wipe(op=op, ref=t.ref, draft=early)
        assert refused.value.code == "wipe_before_receipt"
        assert refused.value.errors[0]["field"] == "started_at"
        after = wipe_draft(MONDAY + timedelta(hours=2), started_at=MONDAY + timedelta(hours=1))
        assert inspection.record_wipe(op=op, ref=t.ref, draft=after).started_at == MONDAY + timedelta(hours=1)


def test_given_a_counter_trade_in_then_the_wipe_may_start_after_the_quote_but_never_before_it(
    offer, clock_at
):
    from comeback.tradein.services import partners

    from .factories import acceptance, partner, payout_details, store

    paris = store(partner(slug="relay"), "PAR")

    def sale(wipe_start):
        with clock_at(MONDAY):
            quote = partners.counter_quote(
                store=paris, product_id=offer.product_id, storage_gb=128, answers=ANSWERS
            )
        with clock_at(MONDAY + timedelta(minutes=30)):
            return partners.counter_complete(
                store=paris,
                quote_ref=quote.ref,
                acceptance=acceptance(address="", payout=payout_details("FR")),
                wipe=wipe_draft(MONDAY + timedelta(minutes=30), started_at=wipe_start),
                lock_off=True,
            )

    with pytest.raises(Invalid) as refused:
        sale(MONDAY - timedelta(minutes=5))
    assert refused.value.code == "wipe_before_receipt"
    t, payout = sale(MONDAY + timedelta(minutes=10))  # wiped at the counter, before the device is booked in
    assert t.status == "paid" and payout is not None
