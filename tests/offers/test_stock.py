"""offers/stock.py is the one writer of Offer.quantity: every move is guarded, never goes below zero, and
emits the stock event (`offer.updated`, fields ["quantity"]) that keeps cached pages and webhooks honest."""

from __future__ import annotations

import ast
import pathlib

import pytest
from django.db import connection, transaction

from comeback.core.models import OutboxEvent
from comeback.offers import stock
from comeback.offers.models import OfferStatus
from tests.concurrency import race
from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db

SRC = pathlib.Path(__file__).resolve().parents[2] / "src" / "comeback"


def _stock_events(offer):
    return list(
        OutboxEvent.objects.filter(topic="offer.updated", payload__offer_id=offer.pk).values_list(
            "payload", flat=True
        )
    )


def _checkout_take(offer_id, n, seller_id):
    with transaction.atomic(), connection.cursor() as cur:
        return stock.take_for_checkout(cur, [(offer_id, n, seller_id)])


@pytest.mark.parametrize(
    ("status", "quantity", "n"),
    [
        (OfferStatus.ACTIVE, 3, 2),
        (OfferStatus.ACTIVE, 3, 3),
        (OfferStatus.ACTIVE, 1, 2),
        (OfferStatus.ACTIVE, 0, 1),
        (OfferStatus.PAUSED, 5, 1),
        (OfferStatus.WITHDRAWN, 5, 1),
    ],
)
def test_given_an_offer_when_checkout_takes_units_then_its_sql_agrees_with_the_orm_rule(status, quantity, n):
    offer = OfferFactory(status=status, quantity=quantity)
    expected = status == OfferStatus.ACTIVE and quantity >= n

    short = _checkout_take(offer.pk, n, offer.seller_id)

    offer.refresh_from_db()
    assert (short is None) == expected
    assert offer.quantity == (quantity - n if expected else quantity)
    assert len(_stock_events(offer)) == (1 if expected else 0)


def test_given_a_replacement_from_a_listing_when_taken_then_the_stock_drops_and_the_stock_event_is_emitted():
    offer = OfferFactory(quantity=2, status=OfferStatus.PAUSED)

    assert stock.take(offer_id=offer.pk) is True

    offer.refresh_from_db()
    assert offer.quantity == 1
    assert _stock_events(offer) == [
        {"offer_id": offer.pk, "seller_id": offer.seller_id, "fields": ["quantity"]}
    ]


def test_given_an_empty_listing_when_a_unit_is_taken_then_nothing_moves_and_no_event():
    offer = OfferFactory(quantity=0)

    assert stock.take(offer_id=offer.pk) is False

    offer.refresh_from_db()
    assert offer.quantity == 0 and _stock_events(offer) == []


def test_given_units_given_back_then_each_offer_grows_and_emits_once():
    a, b = OfferFactory(quantity=0), OfferFactory(quantity=4)

    stock.give_back({b.pk: 2, a.pk: 1})

    a.refresh_from_db(), b.refresh_from_db()
    assert (a.quantity, b.quantity) == (1, 6)
    assert len(_stock_events(a)) == len(_stock_events(b)) == 1


def test_given_the_last_unit_when_two_replacements_race_then_one_wins_and_stock_never_goes_negative(
    transactional_db,
):
    offer = OfferFactory(quantity=1)

    results = race([lambda: stock.take(offer_id=offer.pk)] * 2)

    assert sorted(results) == [False, True]
    offer.refresh_from_db()
    assert offer.quantity == 0


def test_given_the_source_then_only_offers_stock_writes_an_offers_quantity():
    """The rule as code: no other module updates Offer.quantity (F("quantity") or the raw table)."""
    writers = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts or path.parent.name == "offers" and path.name == "stock.py":
            continue
        text = path.read_text()
        if "UPDATE offers_offer SET quantity" in text:
            writers.append(path.name)
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "update"
                and any(k.arg == "quantity" for k in node.keywords)
                and "Offer" in ast.unparse(node.func)
            ):
                writers.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert writers == []
