"""The orders fact source for seller metrics (docs/design.md §2 Quality), registered in OrdersConfig.ready().

Counted per order line — one line is one unit — over a window [since, until) (since=None: since
onboarding): lines paid (`orders`), shipped, delivered, cancelled by the seller, shipped late or still
unshipped past their deadline (`late_shipments`), returns requested, defect returns (defect or wrong
grade; every return is within 30 days of delivery by rule), and the reviews posted.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, F, Q, Sum

from .models import DEFECT_REASONS, LineStatus, OrderLine, Return, Review


def _window(field: str, since: datetime | None, until: datetime) -> Q:
    q = Q(**{f"{field}__lt": until})
    if since is not None:
        q &= Q(**{f"{field}__gte": since})
    return q


def order_facts(seller_id: int, since: datetime | None, until: datetime) -> dict[str, int]:
    lines = OrderLine.objects.filter(seller_id=seller_id).aggregate(
        orders=Count("id", filter=_window("paid_at", since, until)),
        shipped=Count("id", filter=_window("shipped_at", since, until)),
        delivered=Count("id", filter=_window("delivered_at", since, until)),
        cancelled=Count("id", filter=_window("cancelled_at", since, until) & Q(cancelled_by="seller")),
        late_shipments=Count(
            "id",
            filter=_window("ship_by", since, until)
            & (
                Q(shipped_at__gte=F("ship_by"))
                | Q(
                    shipped_at__isnull=True,
                    status__in=[LineStatus.PAID, LineStatus.ACCEPTED],
                    ship_by__lte=until,
                )
                | Q(cancelled_at__gte=F("ship_by"), cancelled_by="seller")
            ),
        ),
    )
    returns = Return.objects.filter(_window("requested_at", since, until), seller_id=seller_id).aggregate(
        returns=Count("id"),
        defects=Count("id", filter=Q(reason__in=DEFECT_REASONS)),
    )
    reviews = Review.objects.filter(_window("created_at", since, until), seller_id=seller_id).aggregate(
        rating_count=Count("id"),
        rating_sum=Sum("stars"),
        **{f"ratings_{n}": Count("id", filter=Q(stars=n)) for n in range(1, 6)},
    )
    facts = {**lines, **returns, **reviews}
    return {k: int(v or 0) for k, v in facts.items()}


def review_comments(seller_id: int, limit: int) -> list[dict]:
    """Customer feedback for the seller's review: newest reviews first."""
    return [
        {"rating": r.stars, "comment": r.comment, "created_at": r.created_at}
        for r in Review.objects.filter(seller_id=seller_id).only("stars", "comment", "created_at")[:limit]
    ]


def register() -> None:
    """Plug into comeback.sellers.metrics (guarded: that module belongs to another issue)."""
    try:
        from comeback.sellers import metrics as seller_metrics

        seller_metrics.register_fact_source(order_facts)
    except (ImportError, AttributeError):
        return
    register_comments = getattr(seller_metrics, "register_comment_source", None)
    if register_comments is not None:
        register_comments(review_comments)
