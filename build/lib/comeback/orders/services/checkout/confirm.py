"""Step 3 of checkout: mark the order and its lines paid, post the ledger, empty the cart (guarded, idempotent)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction

from comeback.core import hot_sql, markets

from ... import ledger
from ...calendar import business_deadline
from ...events import emit_all, line_payload
from ...models import (
    EntryKind,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    PaymentStatus,
)
from .release import _unwind_payment, expire_if_due
from .reserve import ReservedLine

ACCEPT_WITHIN_BUSINESS_DAYS = 1  # docs/design.md §2 Orders: the seller accepts within 1 business day


# 3. Confirm or release --------------------------------------------------------------------------
_PAID_SQL = (
    "UPDATE orders_order SET status = %s, paid_at = %s WHERE id = %s AND status = %s AND reserved_until > %s"
)
_LINES_PAID_SQL = (
    "UPDATE orders_orderline SET status = %s, paid_at = %s, accept_by = %s, ship_by = %s"
    " WHERE order_id = %s AND status = %s AND handling_days = %s"
)
_LEDGER_SQL = "INSERT INTO orders_ledgerentry (account, amount, currency, kind, order_id, line_id, payout_id, created_at) VALUES "
_PAYMENT_CAPTURED_SQL = (
    "UPDATE orders_payment SET status = %s, provider_ref = %s, card_last4 = %s, updated_at = %s WHERE id = %s"
)
_CART_DONE_SQL = (
    "DELETE FROM orders_cartitem WHERE cart_id IN (SELECT id FROM orders_cart WHERE user_id = %s AND market_id = %s)"
    " AND offer_id IN "
)


class _ReservationLapsed(Exception):
    """The guarded update found the order no longer awaiting payment: undo what the batch wrote."""


def confirm_paid(
    order: Order,
    *,
    provider_ref: str,
    card_last4: str,
    at: datetime,
    lines: list[OrderLine] | list[ReservedLine] | None = None,
) -> bool:
    """Mark the order and its lines paid, post the ledger, empty the cart. Idempotent."""
    conn = transaction.get_connection()
    market = markets.get(order.market_id)
    adapt = conn.ops.adapt_datetimefield_value
    at_db = adapt(at)
    try:
        with transaction.atomic():
            if lines is None:
                lines = list(OrderLine.objects.filter(order=order, status=LineStatus.RESERVED))
            accept_by = business_deadline(
                at, ACCEPT_WITHIN_BUSINESS_DAYS, tz=market.timezone, country=market.code
            )
            ship_by = {
                days: business_deadline(at, max(days, 1), tz=market.timezone, country=market.code)
                for days in sorted({ln.handling_days for ln in lines})
            }
            entries = [
                (p.account, p.amount, ln.currency, EntryKind.PAYMENT, ln.order_id, ln.pk, None, at_db)
                for ln in lines
                for p in ledger.postings_for_line(ln, EntryKind.PAYMENT)
            ]
            offer_ids = sorted({ln.offer_id for ln in lines})
            by_fulfilment: dict[int, list] = defaultdict(list)
            for ln in lines:
                by_fulfilment[ln.fulfilment_id].append(ln)
            # Sent as one batch: the guard's outcome is read at the end, and a lapsed reservation rolls it all back.
            with hot_sql.cursor() as guard, hot_sql.cursor() as cur:
                with hot_sql.pipeline():
                    guard.execute(
                        _PAID_SQL, [OrderStatus.PAID, at_db, order.pk, OrderStatus.AWAITING_PAYMENT, at_db]
                    )
                    for days, deadline in ship_by.items():
                        cur.execute(
                            _LINES_PAID_SQL,
                            [
                                LineStatus.PAID,
                                at_db,
                                adapt(accept_by),
                                adapt(deadline),
                                order.pk,
                                LineStatus.RESERVED,
                                days,
                            ],
                        )
                    if entries:
                        cur.execute(
                            _LEDGER_SQL + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(entries)),
                            [x for entry in entries for x in entry],
                        )
                    cur.execute(
                        _PAYMENT_CAPTURED_SQL,
                        [PaymentStatus.CAPTURED, provider_ref, card_last4, at_db, order.payment.pk],
                    )
                    if offer_ids:
                        cur.execute(
                            _CART_DONE_SQL + "(" + ", ".join(["%s"] * len(offer_ids)) + ")",
                            [order.buyer_id, order.market_id, *offer_ids],
                        )
                    # Sellers hear of an order once it is paid: a reservation that is never paid concerns nobody.
                    emit_all(
                        [
                            (
                                "order.created",
                                {
                                    "order_id": order.pk,
                                    "seller_id": group[0].seller_id,
                                    "fulfilment_id": fid,
                                    "line_ids": [ln.pk for ln in group],
                                },
                            )
                            for fid, group in by_fulfilment.items()
                        ]
                        + [
                            (
                                "order.line.paid",
                                line_payload(
                                    ln,
                                    status=LineStatus.PAID.value,
                                    amount=ln.price_amount,
                                    currency=ln.currency,
                                ),
                            )
                            for ln in lines
                        ]
                    )
                if guard.rowcount != 1:  # read once the batch is back, before the cursor closes
                    raise _ReservationLapsed
    except _ReservationLapsed:
        order.refresh_from_db()
        if order.status != OrderStatus.PAID:
            # The reservation lapsed while the buyer paid: its stock went back on sale, so the money goes back.
            expire_if_due(order, at=at)
            _unwind_payment(order, at)
        return False
    payment = order.payment
    payment.status, payment.provider_ref, payment.card_last4, payment.updated_at = (
        PaymentStatus.CAPTURED,
        provider_ref,
        card_last4,
        at,
    )
    for ln in lines:  # as the batch wrote them: the checkout's answer is built from these (written.py)
        ln.status, ln.paid_at, ln.accept_by, ln.ship_by = (
            LineStatus.PAID,
            at,
            accept_by,
            ship_by[ln.handling_days],
        )
    order.status, order.paid_at = OrderStatus.PAID, at
    return True
