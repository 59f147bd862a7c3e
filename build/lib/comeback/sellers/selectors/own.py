"""What a seller sees of itself: its standing and the decisions taken about it."""

from __future__ import annotations

from datetime import datetime

from comeback.core import clock

from ..models import (
    PROBATION_DAILY_CAP,
    Seller,
    SellerDecision,
    SellerStatus,
)
from .queues import history, live_alerts
from .selling import Phase, cap_today, phase, probation_deadline


def own_standing(seller: Seller, *, at: datetime | None = None) -> dict:
    """A seller's own status, probation, metrics, alerts and history; offers adds its listings' standing
    (offers.selectors.own_metrics: sellers sits below offers)."""
    from .. import quality, removal
    from ..metrics import seller_metrics

    at = at or clock.now()
    current = phase(seller, at)
    probation = None
    if seller.status == SellerStatus.PROBATION:
        probation = {
            "started_at": seller.probation_started_at,
            "ends_at": probation_deadline(seller),
            "review_pending": current == Phase.REVIEW_PENDING,
            "daily_limit": PROBATION_DAILY_CAP,
            "today": [
                {
                    "market": c.market,
                    "timezone": c.timezone,
                    "day": c.day.isoformat(),
                    "used": c.used,
                    "limit": c.limit,
                    "remaining": c.remaining,
                    "resets_at": c.resets_at.isoformat(),
                }
                for c in cap_today(seller, at=at)
            ],
        }
    windows = seller_metrics(seller, at=at)
    return {
        "seller_id": seller.pk,
        "status": seller.status,
        "phase": current,
        "status_reason": seller.status_reason,
        "removal": removal.pending(seller),
        "quality_score": seller.quality_score,
        "quality_computed_at": seller.quality_computed_at,
        "probation": probation,
        "windows": {name: m.as_dict() for name, m in windows.items()},
        "thresholds": {
            **quality.THRESHOLDS,
            "rating_stars": quality.RATING_THRESHOLD_STARS,
            "sustained_breach_days": quality.SUSTAINED_BREACH.days,
        },
        "alerts": live_alerts(seller),
        "history": [decision_dict(d) for d in history(seller)],
    }


def decision_dict(d: SellerDecision) -> dict:
    return {
        "id": d.pk,
        "kind": d.kind,
        "from_status": d.from_status,
        "to_status": d.to_status,
        "reason": d.reason,
        "days": d.days,
        "actor": d.actor.email if d.actor_id else None,
        "created_at": d.created_at,
        "probation_ends_at": d.probation_ends_at,
    }
