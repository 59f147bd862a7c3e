"""The 5-business-day payment promise (docs/design.md §2 Trade-in): a validated trade-in still unpaid past
its `payout_due_at` is overdue. Staff are alerted once per trade-in (by email, and it is listed on the
trade-in payouts page), and late payments count in the public trust report (docs/payouts.md).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q, QuerySet

from comeback.core import clock, outbox

from ..models import TradeIn
from ..models import TradeInStatus as S


def overdue(at: datetime) -> QuerySet[TradeIn]:
    """Validated trade-ins whose payment is past its promised time."""
    return TradeIn.objects.filter(status=S.VALIDATED, payout_due_at__lt=at).order_by("payout_due_at", "pk")


def paid_late() -> QuerySet[TradeIn]:
    """Trade-ins paid, but after their promised time."""
    return TradeIn.objects.filter(status=S.PAID, payout__sent_at__gt=F("payout_due_at"))


def late_q(at: datetime) -> Q:
    """Late, whether still unpaid or paid after the promise (for counting over a window)."""
    return Q(status=S.VALIDATED, payout_due_at__lt=at) | Q(
        status=S.PAID, payout__sent_at__gt=F("payout_due_at")
    )


def alert_overdue(*, at: datetime | None = None) -> int:
    """Tell staff about each newly overdue trade-in, once (guarded update on `payout_overdue_alerted_at`)."""
    at = at or clock.now()
    alerted = 0
    for pk, ref in overdue(at).filter(payout_overdue_alerted_at__isnull=True).values_list("pk", "ref"):
        with transaction.atomic():
            if TradeIn.objects.filter(pk=pk, payout_overdue_alerted_at__isnull=True).update(
                payout_overdue_alerted_at=at
            ):
                outbox.emit("tradein.payout.overdue", tradein_id=pk, ref=ref)
                alerted += 1
    return alerted
