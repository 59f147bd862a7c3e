"""The after-sales fact source for seller metrics (docs/design.md §2 Quality), registered in AftersalesConfig.ready().

A warranty claim opened within 30 days of delivery is a defect (docs/design.md §2: "defect rate (defect
returns + warranty claims within 30 days of delivery ÷ delivered orders)"). One unit is one defect: only
a line's first claim counts, and not at all when the same line also has a defect return (orders/metrics.py
counts that one). `claims`, `claims_refunded` and `claims_escalated` describe every claim and its outcome.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q

from comeback.core import clock
from comeback.orders.models import DEFECT_REASONS, Return

from .models import Claim, ClaimStatus, Resolution

DEFECT_WINDOW = timedelta(days=30)  # docs/design.md §2 Quality


def claim_facts(seller_id: int, since: datetime | None, until: datetime) -> dict[str, int]:
    claims = Claim.objects.filter(seller_id=seller_id, opened_at__lt=until)
    if since is not None:
        claims = claims.filter(opened_at__gte=since)
    earlier = Claim.objects.filter(
        order_line_id=OuterRef("order_line_id"), opened_at__lt=OuterRef("opened_at")
    )
    defect_return = Return.objects.filter(line_id=OuterRef("order_line_id"), reason__in=DEFECT_REASONS)
    now = clock.now()
    facts = claims.aggregate(
        claims=Count("id"),
        claims_refunded=Count("id", filter=Q(status=ClaimStatus.RESOLVED, resolution=Resolution.REFUND)),
        claims_escalated=Count(
            "id",
            filter=Q(answered_at__gt=F("answer_due_at"))
            | Q(answered_at__isnull=True, status=ClaimStatus.OPEN, answer_due_at__lt=now),
        ),
    )
    facts["defects"] = (
        claims.filter(
            opened_at__lt=F("order_line__delivered_at") + DEFECT_WINDOW,
        )
        .exclude(Exists(earlier))
        .exclude(Exists(defect_return))
        .count()
    )
    return {k: int(v or 0) for k, v in facts.items()}


def register() -> None:
    from comeback.sellers import metrics as seller_metrics

    seller_metrics.register_fact_source(claim_facts)
