"""Reads about sellers: who may sell now, the staff queues, what a seller and a buyer are shown.

Probation's pause is derived from time here (`selling_q`), so it holds without any scheduled job.

The parts:

- selling.py  who may sell now: probation's phase and deadline, today's listing cap
- queues.py   the staff queues (verification, reviews, alerts) and a public seller
- own.py      what a seller sees of itself: its standing and the decisions about it
- buyers.py   what buyers see: the quality summary, the standing and its metrics
"""

from __future__ import annotations

from .buyers import QualitySummary, Standing, metric_rows, quality_summary, standing
from .own import decision_dict, own_standing
from .queues import (
    alerts_queue,
    history,
    live_alerts,
    public_seller,
    review_queue,
    staff_counts,
    upcoming_reviews,
    verification_queue,
)
from .selling import (
    CapToday,
    Phase,
    cap_today,
    phase,
    probation_deadline,
    probation_deadlines_around,
    publishable_q,
    seller_for_user,
    selling_q,
)

__all__ = [
    "CapToday",
    "Phase",
    "QualitySummary",
    "Standing",
    "alerts_queue",
    "cap_today",
    "decision_dict",
    "history",
    "live_alerts",
    "metric_rows",
    "own_standing",
    "phase",
    "probation_deadline",
    "probation_deadlines_around",
    "public_seller",
    "publishable_q",
    "quality_summary",
    "review_queue",
    "seller_for_user",
    "selling_q",
    "staff_counts",
    "standing",
    "upcoming_reviews",
    "verification_queue",
]
