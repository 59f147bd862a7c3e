"""A garment taken back for cash: accepted without IMEI or serial, paid to the bank account without wipe or
activation lock, counter-offered only for garment defects the customer declared better, and routed to
resale, repair, upcycling or textile-to-textile recycling (weight and the recycler's certificate)."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.core.problems import Invalid
from comeback.recovery import services as recovery
from comeback.tradein import garments
from comeback.tradein.models import DeviceRoute, TradeIn
from comeback.tradein.payouts.testing import TestPayoutProvider
from comeback.tradein.services import access, inspection, orders, payouts, quotes, routing
from tests.factories import UserFactory
from tests.recovery.factories import op, recycler

from .factories import GARMENT_ANSWERS, BuybackOfferFactory, accept_body, acceptance, garment, photo

QUOTES = "/api/v1/tradein/quotes"


@pytest.fixture
def jacket(db):
    return garment("Wool jacket")


def jacket_tradein(refurbisher, jacket, customer, *, answers=None, state="received", tier="flawless"):
    offer = BuybackOfferFactory(
        seller=refurbisher, product=jacket, storage_gb=0, tier=tier, price_amount=2500
    )
    quote = quotes.request_quote(
        product_id=jacket.pk, market="FR", answers=answers or GARMENT_ANSWERS, user=customer
    )
    t = orders.accept_quote(ref=quote.ref, acceptance=acceptance(imei=""), customer=customer)
    orders.mark_shipped(user=customer, ref=t.ref)
    t = inspection.receive(op=access.Operator.refurbisher(offer.seller), ref=t.ref)
    return t


def test_given_a_garment_quote_when_accepted_on_the_api_then_no_identifier_is_asked_and_the_bank_account_is(
    api, refurbisher, jacket, customer
):
    BuybackOfferFactory(seller=refurbisher, product=jacket, storage_gb=0, price_amount=2500)
    quote = api.post(QUOTES, {"product_id": jacket.pk, "market": "FR", "answers": GARMENT_ANSWERS}).expect(
        201
    )
    body = accept_body(device={})
    reply = api.as_(customer).post(f"{QUOTES}/{quote['quote_id']}/accept", body).expect(201)
    t = TradeIn.objects.get(ref=reply["tradein_id"])
    assert (t.questionnaire, t.imei, t.serial, t.payout_method) == ("garment", "", "", "iban")
    problem = (
        api.as_(customer)
        .post(
            f"{QUOTES}/{api.post(QUOTES, {'product_id': jacket.pk, 'market': 'FR', 'answers': GARMENT_ANSWERS}).expect(201)['quote_id']}/accept",
            accept_body(device={}, payout={"method": "iban", "account_holder": "Ada", "iban": "FR00"}),
        )
        .expect(422)
    )
    assert problem["errors"][0]["field"] == "payout.iban"


def test_given_a_validated_garment_when_paid_then_money_goes_to_the_bank_without_wipe_or_lock(
    refurbisher, jacket, customer
):
    t = jacket_tradein(refurbisher, jacket, customer)
    assert t.status == "received"
    inspection.validate(op=access.Operator.refurbisher(refurbisher), ref=t.ref)
    t.refresh_from_db()
    assert payouts.missing_preconditions(t) == []
    payouts.pay(ref=t.ref)
    t.refresh_from_db()
    assert t.status == "paid" and t.final_amount == 2500
    assert [amount for amount, _c, _d in TestPayoutProvider.transfers.values()] == [2500]
    assert DeviceRoute.objects.get(tradein=t).route == "resell"


@pytest.mark.parametrize(
    ("reason", "admissible"),
    [
        ("stains_undeclared", True),
        ("holes_undeclared", True),
        ("pilling_undeclared", True),
        ("condition_worse", True),
        ("brand_label_missing", True),
        ("different_model", True),
        ("account_locked", False),
        ("screen_damage_undeclared", False),
        ("does_not_power_on", False),
    ],
)
def test_given_declared_like_new_when_countering_then_only_garment_defects_are_grounds(
    refurbisher, jacket, customer, reason, admissible
):
    t = jacket_tradein(refurbisher, jacket, customer)
    draft = inspection.CounterDraft(reason=reason, price=1000, photos=[photo()])
    if admissible:
        inspection.counter_offer(op=access.Operator.refurbisher(refurbisher), ref=t.ref, draft=draft)
        t.refresh_from_db()
        assert t.status == "counter_offered" and t.counter_amount == 1000
    else:
        with pytest.raises(Invalid) as refused:
            inspection.counter_offer(op=access.Operator.refurbisher(refurbisher), ref=t.ref, draft=draft)
        assert refused.value.code == "reason_not_admissible"


def test_given_stains_declared_when_countering_for_stains_then_it_is_refused(refurbisher, jacket, customer):
    t = jacket_tradein(
        refurbisher, jacket, customer, answers={**GARMENT_ANSWERS, "stains": "major"}, tier="broken"
    )
    draft = inspection.CounterDraft(reason="stains_undeclared", price=1000, photos=[photo()])
    with pytest.raises(Invalid):
        inspection.counter_offer(op=access.Operator.refurbisher(refurbisher), ref=t.ref, draft=draft)


@pytest.mark.parametrize(
    ("found", "route"),
    [
        ({}, "resell"),
        ({"pilling": "light"}, "resell"),
        ({"holes": "small"}, "repair"),
        ({"condition": "worn"}, "repair"),
        ({"stains": "major"}, "upcycle"),
        ({"holes": "large", "condition": "worn"}, "recycle"),
    ],
)
def test_given_what_inspection_found_when_routing_a_garment_then_the_published_rule_decides(found, route):
    assert garments.route_for({**GARMENT_ANSWERS, **found})[0] == route


def test_given_a_worn_out_garment_when_validated_then_it_is_recycled_textile_to_textile_with_weight_and_certificate(
    refurbisher, jacket, customer
):
    answers = {**GARMENT_ANSWERS, "holes": "large", "condition": "worn"}
    t = jacket_tradein(refurbisher, jacket, customer, answers=answers, tier="broken")
    seller_op = access.Operator.refurbisher(refurbisher)
    inspection.validate(op=seller_op, ref=t.ref)
    route = DeviceRoute.objects.get(tradein=t)
    assert (route.route, route.weight_grams) == ("recycle", 900)
    payouts.pay(ref=t.ref)
    outbox.drain()
    e_waste = recycler()
    with pytest.raises(Invalid) as problem:
        recovery.hand_to_recycler(op=op(refurbisher), ref=t.ref, recycler_id=e_waste.pk)
    assert problem.value.code == "recycler_not_certified_for_item"
    textile = recycler("Fibre Loop", certification="grs")
    device = recovery.hand_to_recycler(op=op(refurbisher), ref=t.ref, recycler_id=textile.pk)
    assert (device.status, device.weight_grams) == ("at_recycler", 900)
    device = recovery.confirm_recycled(op=op(refurbisher), ref=t.ref, certificate_ref="FL-2026-0042")
    assert device.status == "recycled" and device.certificate_ref == "FL-2026-0042"


def test_given_routes_when_overriding_then_a_garment_is_never_harvested_and_a_device_never_repaired(
    api, refurbisher, jacket, customer
):
    t = jacket_tradein(refurbisher, jacket, customer)
    seller_op = access.Operator.refurbisher(refurbisher)
    inspection.validate(op=seller_op, ref=t.ref)
    url = f"/api/v1/seller/tradeins/{t.ref}/route"
    problem = api.as_(refurbisher.user).post(url, {"route": "harvest", "reason": "parts"}).expect(422)
    assert problem["errors"][0]["field"] == "route" and problem["code"] == "invalid_route"
    reply = api.as_(refurbisher.user).post(url, {"route": "repair", "reason": "a loose button"}).expect(200)
    assert (reply["route"], reply["rule_route"], reply["questionnaire"]) == ("repair", "resell", "garment")
    routing.override(op=seller_op, ref=t.ref, route="upcycle", reason="the fabric goes to a capsule")
    assert DeviceRoute.objects.get(tradein=t).route == "upcycle"


def test_given_a_phone_trade_in_when_routed_to_repair_then_it_is_refused(api, refurbisher, offer):
    from .factories import tradein

    t = tradein("validated", offer=offer)
    problem = (
        api.as_(refurbisher.user)
        .post(f"/api/v1/seller/tradeins/{t.ref}/route", {"route": "repair", "reason": "x"})
        .expect(422)
    )
    assert problem["code"] == "invalid_route"


def test_given_another_reseller_when_it_acts_on_a_garment_trade_in_then_404(
    api, refurbisher, rival, jacket, customer
):
    t = jacket_tradein(refurbisher, jacket, customer)
    assert api.as_(rival.user).post(f"/api/v1/seller/tradeins/{t.ref}/validate", {}).expect(404)["code"] == (
        "tradein_not_found"
    )
    assert (
        api.as_(UserFactory()).get(f"/api/v1/tradein/orders/{t.ref}").expect(404)["code"]
        == "tradein_not_found"
    )


def test_given_a_garment_on_the_web_when_accepted_and_inspected_then_no_identifier_wipe_or_lock_is_asked(
    client, refurbisher, jacket, customer
):
    BuybackOfferFactory(seller=refurbisher, product=jacket, storage_gb=0, price_amount=2500)
    quote = quotes.request_quote(product_id=jacket.pk, market="FR", answers=GARMENT_ANSWERS, user=customer)
    client.force_login(customer)
    page = client.get(f"/trade-in/quotes/{quote.ref}/").content.decode()
    assert "IMEI" not in page and "Serial number" not in page and "IBAN" in page
    reply = client.post(
        f"/trade-in/quotes/{quote.ref}/",
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "date_of_birth": "1990-05-01",
            "address": "8 rue des Lilas, 75020 Paris",
            "account_holder": "Ada Lovelace",
            "iban": "DE89 3704 0044 0532 0130 00",
        },
    )
    t = TradeIn.objects.get()
    assert reply.status_code == 302 and t.questionnaire == "garment"
    orders.mark_shipped(user=customer, ref=t.ref)
    inspection.receive(op=access.Operator.refurbisher(refurbisher), ref=t.ref)
    client.force_login(refurbisher.user)
    screen = client.get(f"/seller/trade-in/{t.ref}/").content.decode()
    assert "Pilling" in screen and "Powers on" not in screen and "Record the wipe" not in screen
    found = {
        "condition": "like_new",
        "stains": "none",
        "holes": "small",
        "pilling": "none",
        "brand_label": "yes",
    }
    assert client.post(f"/seller/trade-in/{t.ref}/validate/", found).status_code == 302
    t.refresh_from_db()
    assert t.status == "validated" and t.inspected_answers["holes"] == "small"
    assert DeviceRoute.objects.get(tradein=t).route == "repair"
    # Another reseller's screen for it is a 404.
    from tests.factories import SellerFactory

    client.force_login(SellerFactory().user)
    assert client.get(f"/seller/trade-in/{t.ref}/").status_code == 404
