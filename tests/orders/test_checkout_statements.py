"""What one checkout costs the database, pinned: the statements of a one-unit checkout with real commits and
the database task queue, as in production (bench/checkout.py counts the same). Lower the budget when you
cut a statement; never raise it to pass."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.core import markets
from comeback.orders.models import OrderStatus
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from tests.factories import OfferFactory

from .helpers import ADDRESS, checkout_body, key

# Real commits: the after-commit handlers and the drain's queue check run, as they do for a buyer.
pytestmark = pytest.mark.django_db(transaction=True)

# 2 transactions (reserve: 6, confirm: 6), the authorization recorded between them, the cart read before,
# and once the checkout ends the check for a queued drain. The changed offer's pages are made stale from what
# the cart read (its product and market), not read again: 16 statements became 15.
CHECKOUT_STATEMENTS = 15
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.fixture
def markets_kept(settings):
    """The markets' copy checked against its version once an hour, not once a second: no clock in the count."""
    settings.CONFIG_CHECK_SECONDS = 3600
    markets.clear_cache()
    markets.get("FR")
    yield
    markets.clear_cache()


def _checkout(buyer, offer):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    with CaptureQueriesContext(connection) as captured:
        result = checkout_service.checkout(
            buyer=buyer,
            market_code="FR",
            idempotency_key=uuid.uuid4().hex,
            shipping_address=ADDRESS,
            payment_method="4242424242424242",
        )
    assert result.order.status == OrderStatus.PAID
    return [
        q["sql"] for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]


def test_given_a_buyer_who_checked_out_before_when_checking_out_one_unit_then_it_runs_the_pinned_statements(
    buyer, database_tasks, markets_kept
):
    offer = OfferFactory(quantity=5)
    _checkout(buyer, offer)  # the first checkout of a process also loads the calendar and queues a drain

    statements = _checkout(buyer, offer)

    assert len(statements) == CHECKOUT_STATEMENTS, "\n".join(statements)
    # The offer's pages come from the cart's read: the offer is not read again after the commits.
    assert not any(' FROM "offers_offer"' in sql for sql in statements), "\n".join(statements)


# The request: the token's read, then the checkout's statements; the new order is answered from what checkout
# wrote (services/checkout/written.py), not read back (its order with its payment, then its lines: 2 more).
CHECKOUT_REQUEST_STATEMENTS = CHECKOUT_STATEMENTS + 1


def test_given_a_buyer_who_checked_out_before_when_checking_out_over_the_api_then_the_answer_reads_nothing_back(
    api, buyer, database_tasks, markets_kept
):
    client = api.as_(buyer)
    offer = OfferFactory(quantity=5)

    def check_out():
        client.post("/api/v1/cart/items", {"offer_id": offer.pk}).expect(201)
        with CaptureQueriesContext(connection) as captured:
            client.post("/api/v1/checkout", checkout_body(), headers=key()).expect(201)
        return [
            q["sql"]
            for q in captured.captured_queries
            if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
        ]

    check_out()  # the first checkout also loads the calendar, queues a drain and stamps the token's use

    statements = check_out()

    assert len(statements) == CHECKOUT_REQUEST_STATEMENTS, "\n".join(statements)
    assert not any(' FROM "orders_orderline"' in sql for sql in statements), "\n".join(statements)
