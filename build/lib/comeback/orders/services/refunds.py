"""Refunds go back to the original payment (docs/design.md §2 Returns).

Recording and sending are split: `record_refund` runs inside the caller's transaction (ledger entries,
the payment's refunded amount, a pending Refund); `send_refund` calls the provider after commit with
the refund's idempotency key; `retry_refunds` (a task) resends the ones the provider has not confirmed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.money import Money
from comeback.core.problems import Conflict

from .. import ledger, payments
from ..events import emit_all, line_payload
from ..models import EntryKind, LedgerEntry, OrderLine, Payment, Refund, RefundStatus
from ..payments.base import PaymentError

log = logging.getLogger(__name__)


def record_refund(line: OrderLine, *, reason: str, at: datetime) -> Refund:
    """Refund what the buyer paid for one line (price + its fee share). Call inside a transaction."""
    payment = Payment.objects.get(order_id=line.order_id)
    amount = line.paid_amount
    if not Payment.objects.filter(pk=payment.pk, refunded_amount__lte=F("amount") - amount).update(
        refunded_amount=F("refunded_amount") + amount
    ):
        raise Conflict(_("This payment has already been refunded."), code="refund_exceeds_payment")
    refund = Refund.objects.create(
        payment=payment,
        line=line,
        amount=amount,
        currency=line.currency,
        reason=reason[:30],
        idempotency_key=f"refund:{line.order_id}:{line.pk}",
        created_at=at,
    )
    LedgerEntry.objects.bulk_create(ledger.entries_for_line(line, EntryKind.REFUND, at))
    emit_all(
        [
            (
                "order.line.refunded",
                line_payload(line, refund_id=refund.pk, amount=amount, currency=line.currency, reason=reason),
            )
        ]
    )
    transaction.on_commit(lambda: send_refund(refund.pk))
    return refund


def send_refund(refund_id: int, *, at: datetime | None = None) -> bool:
    """Ask the provider to pay a recorded refund back. Idempotent; never raises for provider trouble."""
    at = at or clock.now()
    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    if refund.status == RefundStatus.SUCCEEDED:
        return True
    provider = payments.get_provider(refund.payment.provider)
    try:
        result = provider.refund(
            payment_id=refund.payment.provider_ref,
            amount=Money(refund.amount, refund.currency),
            idempotency_key=refund.idempotency_key,
        )
    except PaymentError as exc:
        log.warning("refund %s: provider unavailable: %s", refund.pk, exc)
        result = payments.RefundResult(False, message=str(exc))
    pending = Q(status__in=[RefundStatus.PENDING, RefundStatus.FAILED])
    if result.succeeded:
        Refund.objects.filter(pending, pk=refund.pk).update(
            status=RefundStatus.SUCCEEDED,
            provider_ref=result.refund_id,
            refunded_at=at,
            attempts=F("attempts") + 1,
        )
        return True
    Refund.objects.filter(pending, pk=refund.pk).update(
        status=RefundStatus.FAILED, last_error=result.message[:300], attempts=F("attempts") + 1
    )
    return False


def retry_refunds(*, at: datetime | None = None, limit: int = 200) -> int:
    """Resend refunds the provider has not confirmed (older than a minute, so we never race the first send)."""
    at = at or clock.now()
    ids = Refund.objects.filter(
        status__in=[RefundStatus.PENDING, RefundStatus.FAILED], created_at__lte=at - timedelta(minutes=1)
    ).values_list("pk", flat=True)[:limit]
    return sum(send_refund(pk, at=at) for pk in ids)
