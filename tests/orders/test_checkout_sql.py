"""Checkout's hand-written SQL (services/checkout/): it must agree with the ORM rules it stands in for, on
SQLite and PostgreSQL alike."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from comeback.core import hot_sql
from comeback.core.models import OutboxEvent
from comeback.core.problems import Conflict
from comeback.offers.models import OfferStatus
from comeback.offers.selectors import visible_offers
from comeback.orders import ledger
from comeback.orders.models import Cart, CartItem, LedgerEntry, LineStatus, OrderStatus, PaymentStatus
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services.checkout.reserve import _cart
from comeback.sellers.models import PROBATION_DAYS, SellerStatus
from tests.factories import OfferFactory, SellerFactory

from .helpers import ADDRESS, T0, place_order

pytestmark = pytest.mark.django_db


def _seller(status=SellerStatus.FULL, **fields):
    return SellerFactory(status=status, **fields)


def _checkout(buyer, **kwargs):
    return checkout_service.checkout(
        buyer=buyer,
        market_code="FR",
        idempotency_key=uuid.uuid4().hex,
        shipping_address=ADDRESS,
        payment_method="4242424242424242",
        **kwargs,
    )


def test_given_offers_in_every_state_when_checkout_reads_the_cart_then_it_sees_exactly_what_visible_offers_sees(
    buyer,
):
    at = T0
    offers = [
        OfferFactory(seller=_seller()),
        OfferFactory(seller=_seller(), quantity=0),
        OfferFactory(seller=_seller(), status=OfferStatus.PAUSED),
        OfferFactory(seller=_seller(), status=OfferStatus.WITHDRAWN),
        OfferFactory(seller=_seller(), market_id="DE"),
        OfferFactory(seller=_seller(SellerStatus.SUSPENDED)),
        OfferFactory(seller=_seller(SellerStatus.APPLIED)),
        OfferFactory(seller=_seller(SellerStatus.REMOVED)),
        # probation: before its deadline, after it, and rows without a deadline (the published 40 days)
        OfferFactory(
            seller=_seller(
                SellerStatus.PROBATION,
                probation_started_at=at - timedelta(days=5),
                probation_ends_at=at + timedelta(days=35),
            )
        ),
        OfferFactory(
            seller=_seller(
                SellerStatus.PROBATION,
                probation_started_at=at - timedelta(days=50),
                probation_ends_at=at - timedelta(days=10),
            )
        ),
        OfferFactory(seller=_seller(SellerStatus.PROBATION, probation_started_at=at - timedelta(days=5))),
        OfferFactory(
            seller=_seller(
                SellerStatus.PROBATION, probation_started_at=at - timedelta(days=PROBATION_DAYS + 1)
            )
        ),
    ]
    cart = Cart.objects.create(user=buyer, market_id="FR")
    CartItem.objects.bulk_create([CartItem(cart=cart, offer=o, quantity=1) for o in offers])

    with hot_sql.cursor() as cur:
        rows = _cart(cur, buyer_id=buyer.pk, market_code="FR", at=at)

    expected = set(visible_offers("FR", at=at).values_list("pk", flat=True))
    assert {pk for pk, row in rows.items() if row.visible} == expected
    assert set(rows) == {o.pk for o in offers}
    assert len(expected) == 3  # the full seller's offer and the two probations still running


def test_given_a_sold_out_offer_in_the_cart_when_checking_out_then_409_out_of_stock_and_nothing_is_written(
    buyer,
):
    offer = OfferFactory(quantity=0)
    CartItem.objects.create(cart=Cart.objects.create(user=buyer, market_id="FR"), offer=offer, quantity=1)

    with pytest.raises(Conflict) as refused:
        _checkout(buyer)

    assert refused.value.code == "out_of_stock"
    assert buyer.orders.count() == 0
    assert CartItem.objects.filter(cart__user=buyer).count() == 1


def test_given_an_offer_of_a_suspended_seller_in_the_cart_when_checking_out_then_409_offer_unavailable(buyer):
    offer = OfferFactory(seller=_seller(SellerStatus.SUSPENDED))
    CartItem.objects.create(cart=Cart.objects.create(user=buyer, market_id="FR"), offer=offer, quantity=1)

    with pytest.raises(Conflict) as refused:
        _checkout(buyer)

    assert refused.value.code == "offer_unavailable"
    assert refused.value.extra["offer_id"] == offer.pk
    assert buyer.orders.count() == 0


def test_given_three_sellers_and_several_units_when_checking_out_then_each_line_sits_in_its_sellers_fulfilment(
    buyer,
):
    a, b, c = (OfferFactory(price_amount=p, quantity=9) for p in (10000, 20001, 333))
    order = place_order(buyer, (a, 2), (b, 1), (c, 3))

    lines = list(order.lines.select_related("fulfilment"))
    assert len(lines) == 6
    assert all(ln.fulfilment.seller_id == ln.seller_id == ln.offer.seller_id for ln in lines)
    assert all(ln.price_amount == ln.offer.price_amount and ln.status == LineStatus.PAID for ln in lines)
    for f in order.fulfilments.all():
        mine = [ln for ln in lines if ln.fulfilment_id == f.pk]
        assert f.items_amount == sum(ln.price_amount for ln in mine)
        assert f.commission_amount == sum(ln.commission_amount for ln in mine)
    assert sum(ln.fee_amount for ln in lines) == order.fee_amount
    assert ledger.order_sums(order.pk) == {"EUR": 0}
    assert LedgerEntry.objects.filter(order=order, account=f"seller:{a.seller_id}").aggregate(
        s=Sum("amount")
    )["s"] == (sum(ln.price_amount - ln.commission_amount for ln in lines if ln.seller_id == a.seller_id))
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert (a.quantity, b.quantity, c.quantity) == (7, 8, 6)
    assert not CartItem.objects.filter(cart__user=buyer).exists()
    assert order.payment.status == PaymentStatus.CAPTURED
    topics = list(OutboxEvent.objects.filter(payload__order_id=order.pk).values_list("topic", flat=True))
    assert sorted(topics) == ["order.created"] * 3 + ["order.line.paid"] * 6


def test_given_a_reservation_that_lapsed_during_payment_when_confirming_then_the_whole_batch_is_undone(
    buyer, offer
):
    order, lines = _reserve(buyer, offer)
    later = order.reserved_until + timedelta(seconds=1)

    confirmed = checkout_service.confirm_paid(
        order, provider_ref="tp_x", card_last4="4242", at=later, lines=lines
    )

    assert confirmed is False
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert set(order.lines.values_list("status", flat=True)) == {LineStatus.RELEASED}
    assert not LedgerEntry.objects.filter(order=order).exists()
    assert not OutboxEvent.objects.filter(payload__order_id=order.pk).exists()
    assert CartItem.objects.filter(cart__user=buyer, offer=offer).exists()  # the cart is left as it was
    offer.refresh_from_db()
    assert offer.quantity == 5


def test_given_a_checkout_then_its_statements_are_logged_with_their_sql(buyer, offer):
    from django.db import connection

    CartItem.objects.create(cart=Cart.objects.create(user=buyer, market_id="FR"), offer=offer, quantity=1)
    with CaptureQueriesContext(connection) as captured:
        _checkout(buyer)

    statements = [q["sql"] for q in captured.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")]
    assert all(statements)  # prepared statements too (psycopg forgets their text)
    assert any(sql.startswith("UPDATE offers_offer SET quantity = quantity - ") for sql in statements)


def _reserve(buyer, offer):
    from comeback.core import markets

    CartItem.objects.create(cart=Cart.objects.create(user=buyer, market_id="FR"), offer=offer, quantity=1)
    market = markets.get("FR")
    order, lines = checkout_service.reserve(
        buyer=buyer, market=market, key="k1", fingerprint="f", address=ADDRESS, at=T0
    )
    offer.refresh_from_db()
    assert offer.quantity == 4 and order.status == OrderStatus.AWAITING_PAYMENT
    return order, lines


def test_given_prepared_statements_when_buyers_check_out_repeatedly_then_every_order_is_paid_and_reconciled(
    buyer,
):
    """Deployments may turn psycopg's prepared statements on (`?prepare_threshold=N`); the hot path then runs
    them prepared from the first execution here. On SQLite the same checkouts run unprepared."""
    from django.db import connection

    offer = OfferFactory(quantity=10)
    connection.ensure_connection()
    raw = connection.connection
    before = getattr(raw, "prepare_threshold", None)
    if connection.vendor == "postgresql":
        raw.prepare_threshold = 0
    try:
        orders = [place_order(buyer, offer) for _ in range(4)]
    finally:
        if connection.vendor == "postgresql":
            raw.prepare_threshold = before

    assert [o.status for o in orders] == [OrderStatus.PAID] * 4
    offer.refresh_from_db()
    assert offer.quantity == 6
    assert all(ledger.order_sums(o.pk) == {"EUR": 0} for o in orders)
    assert not CartItem.objects.filter(cart__user=buyer).exists()


@pytest.mark.parametrize(
    ("value", "threshold"), [("5", 5), ("0", 0), ("off", None), ("", None), (" None ", None)]
)
def test_given_db_prepare_threshold_when_settings_read_it_then_it_becomes_psycopgs_prepare_threshold(
    value, threshold
):
    from comeback.settings import prepare_threshold

    assert prepare_threshold(value) == threshold


def test_given_a_negative_db_prepare_threshold_when_settings_read_it_then_they_refuse_to_start():
    from comeback.settings import prepare_threshold

    with pytest.raises(ValueError, match="DB_PREPARE_THRESHOLD"):
        prepare_threshold("-1")


def test_given_the_default_settings_when_a_buyer_checks_out_repeatedly_then_postgresql_runs_the_reserve_prepared(
    buyer, offer
):
    from django.conf import settings
    from django.db import connection

    offer.quantity = 20
    offer.save(update_fields=["quantity"])
    for _ in range(7):
        assert place_order(buyer, offer).status == OrderStatus.PAID

    options = settings.DATABASES["default"]["OPTIONS"]
    if connection.vendor != "postgresql":
        assert "prepare_threshold" not in options  # SQLite has no prepared statements to ask for
        return
    assert options["prepare_threshold"] == 5
    with connection.cursor() as cur:
        cur.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cur.fetchall()]
    assert any(s.lstrip().upper().startswith("UPDATE OFFERS_OFFER") for s in prepared), prepared
