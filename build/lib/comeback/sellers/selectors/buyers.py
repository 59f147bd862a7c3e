"""What buyers see of a seller: the quality summary, the standing and its metric rows."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from comeback.core import clock, locales

from .. import metrics, models
from ..models import (
    PROBATION_DAYS,
    Seller,
    SellerAlert,
    SellerStatus,
)
from .queues import live_alerts
from .selling import CapToday, Phase, cap_today, phase, probation_deadline


@dataclass(frozen=True)
class QualitySummary:
    """A seller's rating and quality in plain words, from fields on the seller row (no extra query)."""

    seller_name: str
    slug: str
    rating: float | None
    rating_count: int
    score: float | None
    level: str  # "new", "excellent", "good", "fair", "watch"
    sentences: list[str]

    @property
    def headline(self) -> str:
        return self.sentences[0] if self.sentences else ""


def quality_summary(seller: Seller, *, at: datetime | None = None) -> QualitySummary:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    s = seller.quality_summary or {}
    rating = s.get("rating_mean") if s.get("rating_count") else seller.rating_avg
    count = s.get("rating_count") or seller.rating_count
    sentences: list[str] = []
    if count:
        sentences.append(
            ngettext("Rated %(r)s out of 5 by %(n)d buyer.", "Rated %(r)s out of 5 by %(n)d buyers.", count)
            % {"r": locales.number(rating, 1), "n": count}
        )
    else:
        sentences.append(_("No reviews yet."))
    delivered = s.get("delivered") or 0
    if delivered >= 10 and s.get("defect_free") is not None:
        sentences.append(
            _("%(p)s of its %(n)d orders delivered in the last %(days)d days arrived without a defect.")
            % {"p": _whole_percent(s["defect_free"]), "n": delivered, "days": metrics.TRAILING_WINDOW.days}
        )
    if delivered >= 10 and s.get("on_time") is not None:
        sentences.append(_("%(p)s shipped on time.") % {"p": _whole_percent(s["on_time"])})
    in_probation = seller.status == SellerStatus.PROBATION
    if in_probation:
        sentences.append(
            _("New seller on probation: its first %(days)d days are capped and reviewed by our team.")
            % {"days": PROBATION_DAYS}
        )
    score = seller.quality_score
    if in_probation or (delivered < 10 and not count):
        level = "new"
    elif score is None:
        level = "good"
    elif score >= 0.9:
        level = "excellent"
    elif score >= 0.75:
        level = "good"
    elif score >= 0.6:
        level = "fair"
    else:
        level = "watch"
    return QualitySummary(seller.display_name, seller.slug, rating, count, score, level, sentences)


@dataclass(frozen=True)
class Standing:
    """What the seller portal shows: where the shop stands, the deadline, today's cap, what comes next."""

    phase: str
    label: str
    deadline: datetime | None
    days_left: int | None
    caps: list[CapToday]
    next_step: str
    reason: str
    alerts: list[SellerAlert]
    removal: dict | None = None  # a pending removal notice (removal.pending)


def standing(seller: Seller, *, at: datetime | None = None) -> Standing:
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from .. import removal

    at = at or clock.now()
    current = phase(seller, at)
    deadline = probation_deadline(seller) if seller.status == SellerStatus.PROBATION else None
    # whole days left, rounded up: with 36 days and 20 hours to go, "37 days"
    days_left = (
        -(-int((deadline - at).total_seconds()) // 86400)
        if deadline and deadline > at
        else (0 if deadline else None)
    )
    labels = {
        Phase.APPLIED: _("Application under review"),
        Phase.REJECTED: _("Application rejected"),
        Phase.PROBATION: _("On probation"),
        Phase.REVIEW_PENDING: _("Probation over: review pending, listings paused"),
        Phase.FULL: _("Full seller"),
        Phase.SUSPENDED: _("Listings suspended"),
        Phase.REMOVED: _("Removed"),
    }
    steps = {
        Phase.APPLIED: ngettext(
            "Our team checks your company details, usually within %(days)d business day. You can list as "
            "soon as you are verified.",
            "Our team checks your company details, usually within %(days)d business days. You can list as "
            "soon as you are verified.",
            models.APPLICATION_CHECK_BUSINESS_DAYS,
        )
        % {"days": models.APPLICATION_CHECK_BUSINESS_DAYS},
        Phase.REJECTED: _("You cannot list on Comeback. The reason is below."),
        Phase.PROBATION: _(
            "Publish up to 5 new listings a day. When probation ends, your listings pause until a "
            "seller-success manager reviews your orders, shipping, returns and reviews: keep "
            "defects, cancellations and late shipments low to be approved."
        ),
        Phase.REVIEW_PENDING: _(
            "A seller-success manager is reviewing your shop. Until then buyers do not see your "
            "listings and you cannot add new ones; you can still update price and stock and "
            "serve your orders."
        ),
        Phase.FULL: _("No daily cap. Keep your metrics within the published thresholds to stay visible."),
        Phase.SUSPENDED: _(
            "Your listings are hidden from buyers until staff reinstate them. Serve your open "
            "orders and reply to our team with your corrective actions."
        ),
        Phase.REMOVED: _(
            "You can no longer sell on Comeback. Open orders must still be shipped or refunded."
        ),
    }
    caps = cap_today(seller, at=at) if current == Phase.PROBATION else []
    return Standing(
        phase=current,
        label=labels.get(current, current),
        deadline=deadline,
        days_left=days_left,
        caps=caps,
        next_step=steps.get(current, ""),
        reason=seller.status_reason,
        alerts=live_alerts(seller),
        removal=removal.pending(seller),
    )


def metric_rows(windows: dict) -> list[dict]:
    """Rows for the metrics tables: one per rate, one cell per window, each with its verdict.

    verdict: "none" (no data), "breach" (bound beyond the threshold: alert), "watch" (raw value beyond
    it, not yet with confidence), "ok".
    """
    from .. import quality

    names = [
        ("defect_rate", "defect"),
        ("cancellation_rate", "cancellation"),
        ("late_shipment_rate", "late_shipment"),
        ("return_rate", "returns"),
    ]
    rows = []
    for metric, attr in names:
        t = quality.THRESHOLDS[metric]
        cells = []
        for m in windows.values():
            r = getattr(m, attr)
            verdict = (
                "none" if not r.trials else "breach" if r.lower > t else "watch" if r.value > t else "ok"
            )
            cells.append(
                {
                    "rate": r,
                    "verdict": verdict,
                    "chart": _interval_chart(r.value, r.lower, r.upper, t) if r.trials else None,
                }
            )
        rows.append(
            {"metric": metric, "label": quality.METRIC_LABELS[metric], "threshold": t, "cells": cells}
        )
    rating_cells = []
    limit = quality.RATING_THRESHOLD_STARS
    for m in windows.values():
        rt = m.rating
        lo, hi = rt.stars_bounds
        verdict = "none" if not rt.count else "breach" if hi < limit else "watch" if rt.mean < limit else "ok"
        rating_cells.append({"rating": rt, "lower": lo, "upper": hi, "verdict": verdict})
    rows.append(
        {
            "metric": "rating",
            "label": quality.METRIC_LABELS["rating"],
            "threshold": limit,
            "cells": rating_cells,
            "is_rating": True,
        }
    )
    return rows


def _interval_chart(value: float, lower: float, upper: float, threshold: float) -> dict:
    """Coordinates (0–200 px over a 0–max scale) of a rate, its interval and its threshold, for inline SVG."""
    top = max(upper, threshold * 2, 0.01)

    def x(v: float) -> int:
        return round(200 * min(v, top) / top)

    return {
        "value": x(value),
        "lower": x(lower),
        "upper": x(upper),
        "threshold": x(threshold),
        "width": max(2, x(upper) - x(lower)),
        "scale_max": top,
    }


def _whole_percent(ratio: float) -> str:
    """Rounded down, as the page's language writes a per cent: 99.6% on time is not yet "100%"."""
    return locales.percent(math.floor(100 * ratio) / 100)
