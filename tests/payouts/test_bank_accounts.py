"""Sellers register where they are paid: each scheme's own checks, the password again, a change holds the
next payout (docs/payouts.md "Bank accounts"); every bad field is a 422 naming it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from comeback.core import outbox
from comeback.payouts.models import BankAccount
from tests.concurrency import race
from tests.orders.helpers import T0

from .conftest import IBAN, OTHER_IBAN

URL = "/api/v1/seller/bank-accounts"


def body(password, **fields):
    return {"currency": "EUR", "holder": "Refurb SAS", "iban": IBAN, "password": password, **fields}


def test_given_a_valid_iban_when_the_seller_registers_it_then_it_is_masked_and_pays_at_once(
    api, seller, password, clock_at
):
    with clock_at(T0):
        out = (
            api.as_(seller.user)
            .post(URL, body(password, iban="FR76 3000 6000 0112 3456 7890 189"))
            .expect(201)
        )

    assert out["masked"] == "•••• 0189" and out["bic"] == "AGRIFRPPXXX"  # found from the IBAN
    assert out["payouts_held_until"] is None  # a first account holds nothing
    assert "iban" not in out
    listed = api.as_(seller.user).get(URL).expect(200)["items"]
    assert [a["id"] for a in listed] == [out["id"]]


def test_given_an_account_when_the_seller_changes_it_then_payouts_wait_3_days_and_the_seller_is_emailed(
    api, seller, password, clock_at
):
    with clock_at(T0):
        first = api.as_(seller.user).post(URL, body(password)).expect(201)
        second = (
            api.as_(seller.user).post(URL, body(password, iban=OTHER_IBAN, bic="COBADEFFXXX")).expect(201)
        )
        outbox.drain()  # at the time of the change: its events are not deliverable before they happened

    assert second["payouts_held_until"].startswith((T0 + timedelta(days=3)).date().isoformat())
    assert BankAccount.objects.get(pk=first["id"]).retired_at is not None
    assert [a["id"] for a in api.as_(seller.user).get(URL).expect(200)["items"]] == [second["id"]]
    # in the language of the seller's market (France)
    assert [m.subject for m in mail.outbox].count("Votre compte bancaire de versement a changé") == 2
    assert "aucun virement ne part dans cette devise avant le" in mail.outbox[-1].body


@pytest.mark.parametrize(
    "fields, field, code",
    [
        ({"iban": "FR7630006000011234567890188"}, "iban", "iban_invalid"),
        ({"iban": "FR76300060000112345678901"}, "iban", "iban_invalid"),
        ({"bic": "COBADEFFXXX"}, "bic", "bic_country_mismatch"),
        ({"bic": "NOT A BIC"}, "bic", "bic_invalid"),
        ({"holder": ""}, "holder", "holder_required"),
        ({"currency": "CHF"}, "currency", "currency_not_paid_out"),
        (
            {"currency": "USD", "routing_number": "111000026", "account_number": "12345"},
            "routing_number",
            "routing_number_invalid",
        ),
        (
            {"currency": "USD", "routing_number": "111000025", "account_number": "12"},
            "account_number",
            "account_number_invalid",
        ),
        (
            {"currency": "GBP", "sort_code": "20-00", "account_number": "55779911"},
            "sort_code",
            "sort_code_invalid",
        ),
        (
            {"currency": "GBP", "sort_code": "20-00-00", "account_number": "5577991"},
            "account_number",
            "account_number_invalid",
        ),
        (
            {
                "currency": "JPY",
                "bank_code": "0001",
                "branch_code": "001",
                "account_number": "1234567",
                "holder_kana": "Comeback",
            },
            "holder_kana",
            "holder_kana_required",
        ),
        (
            {
                "currency": "JPY",
                "bank_code": "01",
                "branch_code": "001",
                "account_number": "1234567",
                "holder_kana": "カムバック",
            },
            "bank_code",
            "bank_code_invalid",
        ),
    ],
)
def test_given_a_wrong_field_when_registering_then_422_names_the_field_and_rule(
    api, seller, password, fields, field, code
):
    problem = api.as_(seller.user).post(URL, body(password, **fields)).expect(422)

    assert {"field": field, "code": code} in [{k: e[k] for k in ("field", "code")} for e in problem["errors"]]
    assert not BankAccount.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"currency": "USD", "routing_number": "111000025", "account_number": "000123456789"},
        {"currency": "GBP", "sort_code": "20-00-00", "account_number": "55779911"},
        {
            "currency": "JPY",
            "bank_code": "0001",
            "branch_code": "001",
            "account_number": "1234567",
            "holder_kana": "カムバック",
        },
        {"currency": "EUR", "iban": OTHER_IBAN, "bic": "COBADEFF"},
    ],
)
def test_given_each_scheme_when_its_numbers_are_right_then_the_account_is_stored(
    api, seller, password, fields
):
    out = api.as_(seller.user).post(URL, body(password, **{"iban": "", **fields})).expect(201)

    assert out["currency"] == fields["currency"]
    assert (
        BankAccount.objects.get(pk=out["id"]).scheme
        == {"EUR": "sepa", "USD": "us", "GBP": "gb", "JPY": "jp"}[fields["currency"]]
    )


def test_given_a_wrong_password_when_registering_then_403_names_the_password(api, seller):
    problem = api.as_(seller.user).post(URL, body("not-my-password")).expect(403)

    assert problem["code"] == "password_incorrect" and problem["errors"][0]["field"] == "password"
    assert not BankAccount.objects.exists()


def test_given_many_wrong_passwords_then_the_seller_is_rate_limited(api, seller):
    client = api.as_(seller.user)
    for _ in range(10):
        client.post(URL, body("guess")).expect(403)
    assert client.post(URL, body("guess")).expect(429)["code"] == "rate_limited"


def test_given_the_wrong_actor_when_reading_or_registering_then_401_or_403(api, buyer, staff, password):
    assert api.get(URL).expect(401)["code"] == "not_authenticated"
    assert api.post(URL, body(password)).expect(401)
    assert api.as_(buyer).get(URL).expect(403)["code"] in {"not_a_seller", "missing_scope"}
    assert api.as_(buyer).post(URL, body(password)).expect(403)
    assert api.as_(staff).post(URL, body(password)).expect(403)


def test_given_another_sellers_account_then_a_seller_never_sees_it(api, seller, other_seller, password):
    api.as_(other_seller.user).post(URL, body(password)).expect(201)

    assert api.as_(seller.user).get(URL).expect(200)["items"] == []


@pytest.mark.django_db(transaction=True)
def test_given_two_changes_at_once_then_one_account_stays_active(seller, password):
    from comeback.payouts.services import bank_accounts

    def change(iban):
        return lambda: bank_accounts.register(
            seller=seller,
            user=seller.user,
            password=password,
            currency="EUR",
            data={"holder": "Refurb", "iban": iban},
        )

    results = race([change(IBAN), change(OTHER_IBAN), change(IBAN)])

    assert BankAccount.objects.filter(seller=seller, retired_at__isnull=True).count() == 1
    assert all(
        not isinstance(r, Exception) or getattr(r, "code", "") == "bank_account_changed_meanwhile"
        for r in results
    )
