"""Accepting a quote: identity 18+ in the market's timezone, a Luhn-valid IMEI (or a serial), a valid
bank account for the market, a block-list check; each bad input is a 422 naming its field."""

from __future__ import annotations

import pytest
import time_machine

from comeback.core import clock
from comeback.tradein.models import BlockedDevice, TradeIn, TradeInPayout
from tests.factories import UserFactory

from .factories import (
    ANSWERS,
    OTHER_IMEI,
    VALID_IMEI,
    BuybackOfferFactory,
    accept_body,
    console,
    payout_details,
    utc,
)


def quote(api, product, market="FR", storage=128, answers=ANSWERS):
    return api.post(
        "/api/v1/tradein/quotes",
        {"product_id": product.pk, "storage_gb": storage, "market": market, "answers": answers},
    ).expect(201)["quote_id"]


def accept(api, customer, ref, **overrides):
    return api.as_(customer).post(f"/api/v1/tradein/quotes/{ref}/accept", accept_body(**overrides))


def test_given_a_quote_when_accepting_with_valid_details_then_a_trade_in_with_a_label_and_ship_by_14_days(
    api, offer, customer
):
    ref = quote(api, offer.product)
    order = accept(api, customer, ref).expect(201)
    assert order["status"] == "awaiting_shipment" and order["quote_id"] == ref
    assert order["label_url"].endswith(f"/trade-in/orders/{order['tradein_id']}/label/")
    assert order["payout_account"] == "•••• 3000" and order["device"] == VALID_IMEI
    t = TradeIn.objects.get(ref=order["tradein_id"])
    assert (t.ship_by - t.accepted_at).days == 14 and t.customer == customer
    assert api.as_(customer).get(f"/api/v1/tradein/orders/{t.ref}").expect(200)["tradein_id"] == t.ref


@pytest.mark.parametrize(
    ("imei", "code"),
    [
        ("49015420323751", "imei_format"),
        ("4901542032375189", "imei_format"),
        ("ABCDEFGHIJKLMNO", "imei_format"),
        ("490154203237519", "imei_checksum"),
        ("", "imei_format"),
    ],
)
def test_given_a_bad_imei_when_accepting_then_422_on_device_imei(api, offer, customer, imei, code):
    problem = accept(api, customer, quote(api, offer.product), device={"imei": imei}).expect(422)
    assert problem["errors"] == [
        {"field": "device.imei", "code": code, "message": problem["errors"][0]["message"]}
    ]


def test_given_an_imei_with_spaces_and_dashes_when_accepting_then_it_is_normalised(api, offer, customer):
    order = accept(api, customer, quote(api, offer.product), device={"imei": "49-015420 323751-8"}).expect(
        201
    )
    assert order["device"] == VALID_IMEI


def test_given_a_console_without_imei_when_accepting_then_its_serial_is_required(api, refurbisher, customer):
    box = console()
    BuybackOfferFactory(seller=refurbisher, product=box, storage_gb=0)
    answers = {k: v for k, v in ANSWERS.items() if k != "screen"}
    ref = quote(api, box, storage=0, answers=answers)
    problem = accept(api, customer, ref, device={"serial": "?"}).expect(422)
    assert problem["errors"][0]["field"] == "device.serial"
    assert accept(api, customer, ref, device={"serial": "sn-123 456"}).expect(201)["device"] == "SN-123456"


@pytest.mark.parametrize(
    "iban", ["DE89370400440532013001", "XX89370400440532013000", "DE8937040044", "not an iban"]
)
def test_given_a_bad_iban_when_accepting_then_422_on_payout_iban(api, offer, customer, iban):
    problem = accept(
        api, customer, quote(api, offer.product), payout={**payout_details(), "iban": iban}
    ).expect(422)
    assert [e["field"] for e in problem["errors"]] == ["payout.iban"] and problem["code"] == "iban_invalid"


def test_given_a_us_quote_when_the_routing_number_fails_its_check_digit_then_422_names_it(
    api, refurbisher, customer, model
):
    BuybackOfferFactory(seller=refurbisher, product=model, market_id="US", currency="USD", price_amount=25000)
    ref = quote(api, model, market="US")
    bad = {**payout_details("US"), "routing_number": "111000026", "account_number": "12"}
    problem = accept(api, customer, ref, payout=bad).expect(422)
    assert {e["field"] for e in problem["errors"]} == {"payout.routing_number", "payout.account_number"}
    iban_in_us = {"method": "iban", "account_holder": "Ada", "iban": "DE89370400440532013000"}
    assert accept(api, customer, ref, payout=iban_in_us).expect(422)["code"] == "payout_method_not_for_market"
    assert (
        accept(api, customer, ref, payout=payout_details("US")).expect(201)["payout_account"] == "•••• 6789"
    )


def test_given_a_japanese_quote_when_the_branch_code_is_short_then_422_names_it(
    api, refurbisher, customer, model
):
    BuybackOfferFactory(seller=refurbisher, product=model, market_id="JP", currency="JPY", price_amount=30000)
    ref = quote(api, model, market="JP")
    problem = accept(api, customer, ref, payout={**payout_details("JP"), "branch_code": "01"}).expect(422)
    assert problem["errors"][0]["field"] == "payout.branch_code"


@pytest.mark.parametrize(
    ("dob", "code"),
    [
        ("2010-01-01", "underage"),
        ("3000-01-01", "invalid_date"),
        ("01/05/1990", "invalid_date"),
        ("1850-01-01", "invalid_date"),
    ],
)
def test_given_a_bad_date_of_birth_when_accepting_then_422_on_identity_date_of_birth(
    api, offer, customer, dob, code
):
    identity = {"first_name": "Ada", "last_name": "Lovelace", "date_of_birth": dob}
    problem = accept(api, customer, quote(api, offer.product), identity=identity).expect(422)
    assert problem["errors"][0] == {
        "field": "identity.date_of_birth",
        "code": code,
        "message": problem["errors"][0]["message"],
    }


def test_given_an_18th_birthday_when_it_has_begun_in_tokyo_but_not_in_new_york_then_only_tokyo_accepts(
    api, refurbisher, model
):
    for mkt, cur in (("JP", "JPY"), ("US", "USD")):
        BuybackOfferFactory(
            seller=refurbisher, product=model, market_id=mkt, currency=cur, price_amount=30000
        )
    identity = {"first_name": "Kai", "last_name": "Young", "date_of_birth": "2008-06-15"}
    with time_machine.travel(
        utc(2026, 6, 14, 16, 0), tick=False
    ):  # 15 June 01:00 in Tokyo, 14 June 12:00 in New York
        tokyo = accept(
            api, UserFactory(), quote(api, model, market="JP"), identity=identity, payout=payout_details("JP")
        )
        new_york = accept(
            api, UserFactory(), quote(api, model, market="US"), identity=identity, payout=payout_details("US")
        )
    tokyo.expect(201)
    assert new_york.expect(422)["code"] == "underage"


def test_given_several_bad_fields_when_accepting_then_every_field_is_named(api, offer, customer):
    problem = accept(
        api,
        customer,
        quote(api, offer.product),
        device={"imei": "1"},
        address="",
        identity={"first_name": "", "last_name": "L", "date_of_birth": "2015-01-01"},
        payout={"account_holder": "A", "iban": "x"},
    ).expect(422)
    assert problem["code"] == "validation_error"
    assert {e["field"] for e in problem["errors"]} == {
        "identity.first_name",
        "identity.date_of_birth",
        "device.imei",
        "payout.iban",
        "address",
    }


def test_given_a_blocked_imei_when_accepting_then_409_device_blocked_and_no_trade_in(api, offer, customer):
    BlockedDevice.objects.create(identifier=OTHER_IMEI, reason="reported stolen", added_at=clock.now())
    problem = accept(api, customer, quote(api, offer.product), device={"imei": OTHER_IMEI}).expect(409)
    assert problem["code"] == "device_blocked" and problem["reason"] == "reported stolen"
    assert not TradeIn.objects.exists() and not TradeInPayout.objects.exists()


def test_given_an_accepted_quote_when_accepting_again_then_409(api, offer, customer):
    ref = quote(api, offer.product)
    accept(api, customer, ref).expect(201)
    assert accept(api, customer, ref).expect(409)["code"] == "quote_already_accepted"


def test_given_an_expired_quote_when_accepting_then_409_quote_expired(api, offer, customer):
    with time_machine.travel(utc(2026, 1, 5, 10, 0), tick=False):
        ref = quote(api, offer.product)
    with time_machine.travel(utc(2026, 2, 5, 10, 0), tick=False):
        assert accept(api, customer, ref).expect(409)["code"] == "quote_expired"


def test_given_someone_elses_quote_when_accepting_then_404(api, offer, customer):
    ref = (
        api.as_(UserFactory())
        .post(
            "/api/v1/tradein/quotes",
            {"product_id": offer.product_id, "storage_gb": 128, "market": "FR", "answers": ANSWERS},
        )
        .expect(201)["quote_id"]
    )
    assert accept(api, customer, ref).expect(404)["code"] == "quote_not_found"


def test_given_a_token_without_buyer_scope_when_accepting_then_403(api, offer, customer):
    ref = quote(api, offer.product)
    reply = api.as_(customer, scopes=["seller"]).post(f"/api/v1/tradein/quotes/{ref}/accept", accept_body())
    assert reply.expect(403)["code"] == "missing_scope"
    assert api.post(f"/api/v1/tradein/quotes/{ref}/accept", accept_body()).expect(401)
