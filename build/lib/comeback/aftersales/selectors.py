"""Reads of after-sales: claim lists per actor, the staff queue (escalation derived from time) and statistics."""

from __future__ import annotations

from datetime import datetime
from statistics import median

from django.db.models import Count, F, Q

from comeback.core import clock

from .models import ACTIVE_STATUSES, Claim, ClaimMessage, ClaimStatus, Fault


def _base():
    return Claim.objects.select_related("order_line__order", "seller", "buyer")


def buyer_claims(buyer):
    return _base().filter(buyer=buyer)


def seller_claims(seller, *, status: str | None = None, active: bool = False):
    """A seller's claims, the ones waiting for its answer first, soonest deadline first."""
    qs = _base().filter(seller=seller)
    if status:
        qs = qs.filter(status=status)
    if active:
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    return qs.order_by("-status", "answer_due_at", "id") if active else qs


def escalated(at: datetime | None = None):
    """The staff queue: open claims past their answer deadline, the longest overdue first."""
    return (
        _base()
        .filter(pk__in=Claim.objects.escalated(at or clock.now()).values("pk"))
        .order_by("answer_due_at")
    )


def staff_claims(*, status: str | None = None, market: str | None = None, seller_id: int | None = None):
    qs = _base()
    if status:
        qs = qs.filter(status=status)
    if market:
        qs = qs.filter(market=market.upper())
    if seller_id:
        qs = qs.filter(seller_id=seller_id)
    return qs


def thread(claim: Claim):
    return ClaimMessage.objects.filter(claim=claim).select_related("user")


def claim_stats(
    *, since: datetime, until: datetime, market: str | None = None, seller_id: int | None = None
) -> dict:
    """Claims opened in [since, until): per fault, per seller, per status and resolution, how many
    escalated (unanswered past the deadline, now or when answered late), and the median hours from opening to
    resolution of those resolved."""
    qs = Claim.objects.filter(opened_at__gte=since, opened_at__lt=until)
    if market:
        qs = qs.filter(market=market.upper())
    if seller_id is not None:
        qs = qs.filter(seller_id=seller_id)
    now = clock.now()
    per_fault = dict.fromkeys(Fault.values, 0)
    per_fault.update({r["fault"]: r["n"] for r in qs.values("fault").annotate(n=Count("id")).order_by()})
    per_seller = [
        {"seller_id": r["seller_id"], "seller": r["seller__display_name"], "claims": r["n"]}
        for r in qs.values("seller_id", "seller__display_name")
        .annotate(n=Count("id"))
        .order_by("-n", "seller_id")
    ]
    per_status = {r["status"]: r["n"] for r in qs.values("status").annotate(n=Count("id")).order_by()}
    per_resolution = {
        r["resolution"]: r["n"]
        for r in qs.exclude(resolution__isnull=True).values("resolution").annotate(n=Count("id")).order_by()
    }
    late = Q(answered_at__isnull=True, answer_due_at__lt=now, status=ClaimStatus.OPEN) | Q(
        answered_at__gt=F("answer_due_at")
    )
    durations = [
        (done - opened).total_seconds() / 3600
        for opened, done in qs.filter(status=ClaimStatus.RESOLVED).values_list("opened_at", "resolved_at")
    ]
    return {
        "total": sum(per_fault.values()),
        "per_fault": per_fault,
        "per_seller": per_seller,
        "per_status": per_status,
        "per_resolution": per_resolution,
        "escalated": qs.filter(late).count(),
        "resolved": len(durations),
        "median_resolution_hours": round(median(durations), 1) if durations else None,
    }
