"""Real threads racing for the last units (docs/design.md §2 Orders: never oversell). Runs on SQLite and
PostgreSQL: the conditional UPDATE + CHECK constraint is what keeps both correct."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from comeback.core.problems import Conflict
from comeback.offers.models import Offer
from comeback.orders.models import LineStatus, Order, OrderLine, OrderStatus
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from tests.factories import OfferFactory, UserFactory

from .helpers import ADDRESS

BUYERS = 8


def race(buyers, run) -> list:
    """Start every buyer at once; collect what each got (an Order or the refusal)."""
    results: list = [None] * len(buyers)
    barrier = threading.Barrier(len(buyers))

    def worker(i: int, buyer) -> None:
        try:
            barrier.wait()
            results[i] = run(buyer)
        except Exception as exc:  # a refusal is a result here
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, b)) for i, b in enumerate(buyers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("stock", [1, 3])
def test_given_8_buyers_racing_for_the_last_units_when_they_check_out_then_exactly_that_many_succeed(stock):
    hot = OfferFactory(quantity=stock, price_amount=19900)
    buyers = [UserFactory(email=f"racer{i}@example.test") for i in range(BUYERS)]
    for b in buyers:
        cart_service.add_to_cart(user=b, offer_id=hot.pk, quantity=1)

    results = race(
        buyers,
        lambda b: (
            checkout_service.checkout(
                buyer=b,
                market_code="FR",
                idempotency_key=uuid.uuid4().hex,
                shipping_address=ADDRESS,
                payment_method="4242424242424242",
            ).order
        ),
    )

    paid = [r for r in results if isinstance(r, Order) and r.status == OrderStatus.PAID]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(paid) == stock, results
    assert len(refused) == BUYERS - stock
    assert {r.code for r in refused} == {"out_of_stock"}
    hot.refresh_from_db()
    assert hot.quantity == 0
    # every paid line has stock behind it: units sold = lines paid = stock consumed
    assert OrderLine.objects.filter(offer=hot, status=LineStatus.PAID).count() == stock
    assert not OrderLine.objects.filter(offer=hot).exclude(status=LineStatus.PAID).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_buyers_wanting_two_units_each_when_racing_for_five_then_stock_never_goes_negative():
    hot = OfferFactory(quantity=5, price_amount=9900)
    buyers = [UserFactory(email=f"pair{i}@example.test") for i in range(BUYERS)]
    for b in buyers:
        cart_service.add_to_cart(user=b, offer_id=hot.pk, quantity=2)

    results = race(
        buyers,
        lambda b: (
            checkout_service.checkout(
                buyer=b,
                market_code="FR",
                idempotency_key=uuid.uuid4().hex,
                shipping_address=ADDRESS,
                payment_method="4242424242424242",
            ).order
        ),
    )

    paid = [r for r in results if isinstance(r, Order)]
    assert len(paid) == 2  # 2 + 2 units; the fifth unit cannot make a pair
    assert Offer.objects.get(pk=hot.pk).quantity == 1
    assert OrderLine.objects.filter(offer=hot, status=LineStatus.PAID).count() == 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_one_buyer_sending_the_same_key_twice_at_once_then_only_one_order_exists():
    offer = OfferFactory(quantity=5)
    buyer = UserFactory(email="twice@example.test")
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    same_key = uuid.uuid4().hex

    results = race(
        [buyer, buyer],
        lambda b: checkout_service.checkout(
            buyer=b,
            market_code="FR",
            idempotency_key=same_key,
            shipping_address=ADDRESS,
            payment_method="4242424242424242",
        ),
    )

    assert all(not isinstance(r, Exception) for r in results), results
    assert len({r.order.pk for r in results}) == 1
    assert sorted(r.created for r in results) == [False, True]
    assert Order.objects.filter(buyer=buyer).count() == 1
    assert Offer.objects.get(pk=offer.pk).quantity == 4
