"""Payout fixtures: sellers with delivered lines and bank accounts; a clock on payout days."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comeback.payouts.models import BankAccount
from comeback.payouts.providers import reset_providers
from tests.factories import OfferFactory
from tests.orders.helpers import T0, place_order, walk

# T0 is Wednesday 3 March 2027; lines delivered then are released 10 days later.
RUN_DAY = datetime(2027, 3, 16, 7, 0, tzinfo=UTC)  # the 16th, 8:00 in Paris: a payout day
IBAN = "FR7630006000011234567890189"
OTHER_IBAN = "DE89370400440532013000"


@pytest.fixture(autouse=True)
def _fresh_payout_providers():
    reset_providers()
    yield
    reset_providers()


def delivered(buyer, offer, clock_at, n: int = 1, *, market: str = "FR"):
    """`n` units of `offer` bought and delivered at T0; returns the lines."""
    with clock_at(T0):
        order = place_order(buyer, (offer, n), market=market)
        return [walk(ln, "delivered") for ln in order.lines.select_related("order__buyer", "seller")]


def bank_account(seller, currency: str = "EUR", **fields) -> BankAccount:
    defaults = {
        "EUR": {"scheme": "sepa", "iban": IBAN, "bic": "AGRIFRPPXXX"},
        "USD": {"scheme": "us", "routing_number": "111000025", "account_number": "000123456789"},
        "GBP": {"scheme": "gb", "sort_code": "200000", "account_number": "55779911"},
        "JPY": {
            "scheme": "jp",
            "bank_code": "0001",
            "branch_code": "001",
            "account_number": "1234567",
            "account_type": "futsu",
            "holder_kana": "カムバック",
        },
    }[currency]
    return BankAccount.objects.create(
        seller=seller,
        currency=currency,
        holder=fields.pop("holder", seller.legal_name),
        created_at=T0,
        **{**defaults, **fields},
    )


@pytest.fixture
def offer(db, seller):
    return OfferFactory(seller=seller, price_amount=30000, quantity=20)


@pytest.fixture
def other_offer(db, other_seller):
    return OfferFactory(seller=other_seller, price_amount=12345, quantity=20)
