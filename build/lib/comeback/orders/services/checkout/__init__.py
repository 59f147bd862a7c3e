"""Checkout: reserve → pay → confirm, or release (docs/design.md §2 Orders, §5 Writes).

1. **Reserve**, in one short transaction: decrement each offer's stock with a conditional UPDATE
   (`quantity >= n AND status = 'active'`, backed by the CHECK `quantity >= 0`), create the order
   (`awaiting_payment`, `reserved_until`), one fulfilment per seller and one line per unit.
   Zero rows updated means someone else bought the last units: 409 `out_of_stock`, nothing kept.
2. **Pay**, outside any transaction: authorize then capture through the provider, each call with an
   idempotency key derived from the order.
3. **Confirm** (lines `paid`, ledger, `order.created` and `order.line.paid` events) with a guarded update that also requires the reservation
   to be still valid — or **release** the stock on a decline. A reservation past `reserved_until` is
   expired: whichever request or task touches it first releases it, once (guarded update).

The Idempotency-Key makes the whole thing safe to retry: the same key and body replay the same order;
the same key with another body is 409 `idempotency_key_reused`.

The steps every checkout takes are hand-written SQL that runs on SQLite and PostgreSQL alike (the ORM cost
more CPU per statement than the database did); refusals, replays and releases, all rare, use the ORM.

The parts, one step each:

- requests.py  what a checkout request must carry: address, idempotency fingerprint, order ref
- sql.py       the hot path's cursors (server-side binding, pipelining) and payment updates
- reserve.py   step 1, reserve stock and create the order in one transaction
- pay.py       step 2, authorize and capture; resume a stalled checkout; the buyer's confirmation
- confirm.py   step 3, mark the order paid, post the ledger, empty the cart
- release.py   or give the stock (and any money taken) back: declined, abandoned, expired
- written.py   the new order's answer, from what the steps wrote rather than read back
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError
from django.utils.translation import gettext as _

from comeback.core import clock, markets, outbox
from comeback.core.problems import Conflict, Invalid

from ...models import (
    Order,
    OrderStatus,
    PaymentStatus,
)
from .confirm import confirm_paid
from .pay import (
    RESUME_AFTER,
    abandon_payment,
    buyer_order,
    confirm_payment,
    pay,
    resume_capture,
    resume_stalled,
)
from .release import expire_due, expire_if_due, release
from .requests import CheckoutResult, PaymentDeclined, ProviderUnavailable, clean_address, request_hash
from .reserve import ReservedLine, reserve
from .written import as_written


def checkout(
    *,
    buyer,
    market_code: str,
    idempotency_key: str | None,
    shipping_address: dict | None,
    payment_method: str,
    at: datetime | None = None,
) -> CheckoutResult:
    """Turn the buyer's cart for a market into one paid order (or a clear refusal)."""
    # Reserving and confirming commit apart; their events' pages are made stale and their drain queued once,
    # when the checkout ends, rather than after each commit (the same offers' pages, twice).
    with outbox.one_delivery():
        return _checkout(
            buyer=buyer,
            market_code=market_code,
            idempotency_key=idempotency_key,
            shipping_address=shipping_address,
            payment_method=payment_method,
            at=at or clock.now(),
        )


def _checkout(
    *,
    buyer,
    market_code: str,
    idempotency_key: str | None,
    shipping_address: dict | None,
    payment_method: str,
    at: datetime,
) -> CheckoutResult:
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise Invalid.field(
            "Idempotency-Key",
            "idempotency_key_required",
            _("Send an Idempotency-Key header (1–255 characters) so a retry never orders twice."),
        )
    market = markets.get(market_code)
    fingerprint = request_hash(
        {
            "market": market.code,
            "shipping_address": shipping_address or {},
            "payment_method": payment_method or "",
        }
    )
    address = clean_address(shipping_address, market)
    if not (payment_method or "").strip():
        raise Invalid.field("payment_method", "payment_method_required", _("Choose how to pay."))
    try:
        order, lines = reserve(
            buyer=buyer, market=market, key=key, fingerprint=fingerprint, address=address, at=at
        )
    except (IntegrityError, Conflict):
        # Replays are rare, so they are looked up only when reserving fails: the key's unique constraint
        # refused a second order (a retry, or a concurrent twin), or the cart was already checked out.
        replayed = _replay(buyer, key, fingerprint, payment_method, at)
        if replayed is None:
            raise
        return replayed
    pay(order=order, payment_method=payment_method, at=at, lines=lines)
    return CheckoutResult(order, created=True, lines=lines)


def _replay(buyer, key: str, fingerprint: str, payment_method: str, at: datetime) -> CheckoutResult | None:
    order = Order.objects.select_related("payment").filter(buyer=buyer, idempotency_key=key).first()
    if order is None:
        return None
    if order.request_hash != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was used for a different checkout; use a new key for a new order."),
            code="idempotency_key_reused",
            order_id=order.pk,
        )
    expire_if_due(order, at=at)  # a reservation that lapsed meanwhile is released, and its money sent back
    if order.status == OrderStatus.AWAITING_PAYMENT:
        if order.payment.status == PaymentStatus.PENDING:
            pay(order=order, payment_method=payment_method, at=at)  # the first attempt never got an answer
        elif order.payment.status == PaymentStatus.AUTHORIZED:
            resume_capture(order, at=at)  # the first attempt died between authorize and capture
    return CheckoutResult(order, created=False)


__all__ = [
    "CheckoutResult",
    "PaymentDeclined",
    "ProviderUnavailable",
    "RESUME_AFTER",
    "ReservedLine",
    "abandon_payment",
    "as_written",
    "buyer_order",
    "checkout",
    "clean_address",
    "confirm_paid",
    "confirm_payment",
    "expire_due",
    "expire_if_due",
    "release",
    "reserve",
    "resume_capture",
    "resume_stalled",
]
