"""Step 2 of checkout: authorize and capture outside any transaction, resume a stalled one, settle after the
buyer's confirmation step (3-D Secure) or their abandoning it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, NotFound

from ... import payments
from ...models import (
    Order,
    OrderStatus,
    PaymentStatus,
)
from ...payments.base import (
    AUTHORIZED,
    CAPTURED,
    DECLINED,
    FAILED,
    REQUIRES_ACTION,
    PaymentError,
    PaymentResult,
)
from ...processes import Actor
from .confirm import confirm_paid
from .release import expire_if_due, release
from .requests import ProviderUnavailable, confirmation_url
from .reserve import ReservedLine
from .sql import _save_payment


def pay(*, order: Order, payment_method: str, at: datetime, lines: list[ReservedLine] | None = None) -> None:
    """Authorize and capture outside any transaction; confirm the order or release its stock."""
    payment = order.payment
    provider = payments.get_provider(payment.provider)
    try:
        result = provider.authorize(
            amount=order.total,
            payment_method=payment_method,
            idempotency_key=f"{order.ref}:authorize",
            description=f"Comeback order {order.ref}",
            return_url=confirmation_url(order),
        )
    except PaymentError as exc:
        # Outcome unknown: keep the reservation; replaying the same request asks again with the same key.
        raise ProviderUnavailable(
            _("The payment service did not answer; retry with the same Idempotency-Key."), order_id=order.pk
        ) from exc
    if result.status == REQUIRES_ACTION:
        _save_payment(
            payment,
            at,
            status=PaymentStatus.REQUIRES_ACTION,
            provider_ref=result.payment_id,
            action_url=result.action_url,
            card_last4=result.card_last4,
        )
        return
    _settle(order, result, at=at, lines=lines)


def _settle(order: Order, result, *, at: datetime, lines: list[ReservedLine] | None = None) -> None:
    """Act on an authorization's outcome: capture and confirm, or release."""
    payment = order.payment
    last4 = result.card_last4 or payment.card_last4
    if result.status in (DECLINED, FAILED):
        _save_payment(
            payment,
            at,
            status=PaymentStatus.DECLINED,
            decline_code=result.decline_code or "declined",
            provider_ref=result.payment_id or payment.provider_ref,
            card_last4=last4,
        )
        release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
        return
    provider = payments.get_provider(payment.provider)
    if result.status == AUTHORIZED:
        _save_payment(
            payment, at, status=PaymentStatus.AUTHORIZED, provider_ref=result.payment_id, card_last4=last4
        )
        try:
            result = provider.capture(
                payment_id=result.payment_id, amount=order.total, idempotency_key=f"{order.ref}:capture"
            )
        except PaymentError as exc:
            raise ProviderUnavailable(
                _("The payment service did not answer; retry with the same Idempotency-Key."),
                order_id=order.pk,
            ) from exc
        if result.status != CAPTURED:
            _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="capture_failed")
            release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
            return
    confirm_paid(
        order, provider_ref=result.payment_id or payment.provider_ref, card_last4=last4, at=at, lines=lines
    )


def resume_capture(order: Order, *, at: datetime) -> None:
    """Finish a checkout that stopped after the authorization (a crash, a lost connection): capture with the
    same idempotency key, so a capture the provider already made is answered, not made again; then confirm,
    or release the stock and the authorization if the capture is refused. Guarded: racing resumes confirm once."""
    payment = order.payment
    _settle(order, PaymentResult(AUTHORIZED, payment.provider_ref, card_last4=payment.card_last4), at=at)


RESUME_AFTER = timedelta(minutes=1)  # a checkout still running is left to finish by itself


def resume_stalled(*, at: datetime | None = None, limit: int = 200) -> int:
    """Resume every checkout left authorized but not captured for RESUME_AFTER (the orders sweep runs this), so
    a checkout whose process died completes without the buyer coming back. Returns how many were resumed."""
    at = at or clock.now()
    stalled = (
        Order.objects.select_related("payment")
        .filter(
            status=OrderStatus.AWAITING_PAYMENT,
            reserved_until__gt=at,
            payment__status=PaymentStatus.AUTHORIZED,
            payment__updated_at__lte=at - RESUME_AFTER,
        )
        .order_by("id")[:limit]
    )
    resumed = 0
    for order in stalled:
        try:
            resume_capture(order, at=at)
        except ProviderUnavailable:
            continue  # the provider is away: the next sweep tries again, with the same keys
        resumed += 1
    return resumed


def buyer_order(*, buyer, order_id: int | None = None, ref: str | None = None) -> Order:
    qs = Order.objects.select_related("payment").filter(buyer=buyer)
    order = qs.filter(pk=order_id).first() if order_id is not None else qs.filter(ref=ref).first()
    if order is None:
        raise NotFound(_("You have no such order."), code="order_not_found")
    return order


def confirm_payment(
    *, buyer, order_id: int | None = None, ref: str | None = None, at: datetime | None = None
) -> Order:
    """After the buyer's confirmation step (3-D Secure): ask the provider again and settle."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if expire_if_due(order, at=at) or order.status != OrderStatus.AWAITING_PAYMENT:
        return order
    payment = order.payment
    if payment.status != PaymentStatus.REQUIRES_ACTION:
        raise Conflict(_("This payment needs no confirmation."), code="payment_not_awaiting_confirmation")
    try:
        result = payments.get_provider(payment.provider).confirm(
            payment_id=payment.provider_ref, idempotency_key=f"{order.ref}:confirm"
        )
    except PaymentError as exc:
        raise ProviderUnavailable(
            _("The payment service did not answer; try again."), order_id=order.pk
        ) from exc
    if result.status == REQUIRES_ACTION:
        raise Conflict(_("The payment still waits for your confirmation."), code="payment_requires_action")
    _settle(order, result, at=at)
    return order


def abandon_payment(
    *,
    buyer,
    order_id: int | None = None,
    ref: str | None = None,
    at: datetime | None = None,
    reason: str = "authentication_failed",
) -> Order:
    """The buyer (or their bank) refused the confirmation step, or gave up: release the stock now."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if order.status == OrderStatus.AWAITING_PAYMENT and release(
        order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at
    ):
        _save_payment(order.payment, at, status=PaymentStatus.DECLINED, decline_code=reason)
    return order
