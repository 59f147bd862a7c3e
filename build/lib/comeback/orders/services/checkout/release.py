"""Give a reservation's stock back, and any money taken: declined, abandoned or expired payments."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction

from comeback.core import clock
from comeback.offers import stock

from ... import payments
from ...models import (
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from ...payments.base import (
    PaymentError,
)
from ...processes import Actor, move_order_lines
from .sql import _save_payment


def release(order: Order, *, status: str, actor: Actor, at: datetime) -> bool:
    """Give a reservation's stock back (declined, abandoned or expired payment). Once only: guarded."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, status=OrderStatus.AWAITING_PAYMENT).update(
            status=status, released_at=at
        ):
            return False
        units = Counter(
            OrderLine.objects.filter(order=order, status=LineStatus.RESERVED).values_list(
                "offer_id", flat=True
            )
        )
        move_order_lines(order.pk, LineStatus.RESERVED, LineStatus.RELEASED, actor=actor, at=at)
        stock.give_back(dict(units))
    order.status, order.released_at = status, at
    return True


def expire_if_due(order: Order, *, at: datetime) -> bool:
    """Release a reservation that is past `reserved_until` (the rule is derived from time, not a cron)."""
    if order.status != OrderStatus.AWAITING_PAYMENT or order.reserved_until > at:
        return False
    released = release(order, status=OrderStatus.EXPIRED, actor=Actor.CLOCK, at=at)
    if released:
        _unwind_payment(order, at)
    return released


def expire_due(*, at: datetime | None = None, limit: int = 500) -> int:
    """Release every lapsed reservation (a task runs this; any request touching an order does it too)."""
    at = at or clock.now()
    done = 0
    for order in (
        Order.objects.select_related("payment")
        .filter(status=OrderStatus.AWAITING_PAYMENT, reserved_until__lte=at)
        .order_by("reserved_until")[:limit]
    ):
        done += expire_if_due(order, at=at)
    return done


def _unwind_payment(order: Order, at: datetime) -> None:
    """Money taken for an order that was released: send all of it back (idempotent key per order)."""
    payment = Payment.objects.get(order=order)
    order.payment = payment
    if payment.status not in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED) or payment.refunded_amount:
        if payment.status in (PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION):
            _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="reservation_expired")
        return
    provider = payments.get_provider(payment.provider)
    try:
        provider.refund(
            payment_id=payment.provider_ref, amount=order.total, idempotency_key=f"{order.ref}:unwind"
        )
    except PaymentError:
        return  # stays authorized/captured; the next touch or task retries with the same key
    _save_payment(
        payment,
        at,
        status=PaymentStatus.FAILED,
        decline_code="reservation_expired",
        refunded_amount=payment.amount,
    )
