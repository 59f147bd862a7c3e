"""Reads about sellers: who may sell now, the staff queues, what a seller and a buyer are shown.

Probation's pause is derived from time here (`selling_q`), so it holds without any scheduled job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, Min, Q, QuerySet

from comeback.core import clock

from .models import (
    PROBATION_DAILY_CAP,
    PROBATION_DAYS,
    AlertStatus,
    ProbationDayCount,
    Seller,
    SellerAlert,
    SellerDecision,
    SellerStatus,
)


def seller_for_user(user) -> Seller | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Seller.objects.filter(user=user).first()


def selling_q(at: datetime, prefix: str = "") -> Q:
    """Sellers whose listings buyers may see at `at`: full sellers, and probation before its deadline; a
    shop with notice of removal only until the removal is due (the job carrying it out may come later).

    `prefix` lets other apps filter through a relation, e.g. `selling_q(at, "seller__")` on offers.
    """
    p = prefix
    in_probation = Q(**{f"{p}status": SellerStatus.PROBATION}) & (
        Q(**{f"{p}probation_ends_at__gt": at})
        # rows saved without a deadline (bulk loads) fall back to the published 40 days
        | Q(
            **{
                f"{p}probation_ends_at__isnull": True,
                f"{p}probation_started_at__gt": at - timedelta(days=PROBATION_DAYS),
            }
        )
    )
    not_due = Q(**{f"{p}removal_due_at__isnull": True}) | Q(**{f"{p}removal_due_at__gt": at})
    return (Q(**{f"{p}status": SellerStatus.FULL}) | in_probation) & not_due


def probation_deadlines_around(at: datetime) -> tuple[datetime | None, datetime | None]:
    """The last probation (or noticed removal) deadline at or before `at` and the next one after it, among
    sellers it still applies to: the moments `selling_q` changes with time alone, which no event announces
    (the page cache bounds its pages by them). One query."""
    fallback = timedelta(days=PROBATION_DAYS)  # rows without a deadline: the published 40 days
    probation = Q(status=SellerStatus.PROBATION)
    no_deadline = probation & Q(probation_ends_at__isnull=True, probation_started_at__isnull=False)
    noticed = ~Q(status=SellerStatus.REMOVED)
    found = Seller.objects.filter(
        Q(status=SellerStatus.PROBATION) | Q(removal_due_at__isnull=False)
    ).aggregate(
        last=Max("probation_ends_at", filter=probation & Q(probation_ends_at__lte=at)),
        next=Min("probation_ends_at", filter=probation & Q(probation_ends_at__gt=at)),
        last_started=Max(
            "probation_started_at", filter=no_deadline & Q(probation_started_at__lte=at - fallback)
        ),
        next_started=Min(
            "probation_started_at", filter=no_deadline & Q(probation_started_at__gt=at - fallback)
        ),
        last_removal=Max("removal_due_at", filter=noticed & Q(removal_due_at__lte=at)),
        next_removal=Min("removal_due_at", filter=noticed & Q(removal_due_at__gt=at)),
    )
    started = found["last_started"] and found["last_started"] + fallback
    last = [d for d in (found["last"], started, found["last_removal"]) if d]
    upcoming = [
        d
        for d in (
            found["next"],
            found["next_started"] and found["next_started"] + fallback,
            found["next_removal"],
        )
        if d
    ]
    return max(last, default=None), min(upcoming, default=None)


def publishable_q(at: datetime) -> Q:
    """Sellers who may publish a new listing at `at` (the probation cap is checked on top)."""
    return selling_q(at)


class Phase:
    """Where a seller stands, including the time-derived review wait (not a stored status)."""

    APPLIED = "applied"
    REJECTED = "rejected"
    PROBATION = "probation"
    REVIEW_PENDING = "review_pending"
    FULL = "full"
    SUSPENDED = "suspended"
    REMOVED = "removed"


def phase(seller: Seller, at: datetime | None = None) -> str:
    at = at or clock.now()
    if seller.status == SellerStatus.PROBATION:
        ends = probation_deadline(seller)
        return Phase.REVIEW_PENDING if ends is not None and at >= ends else Phase.PROBATION
    return str(seller.status)


def probation_deadline(seller: Seller) -> datetime | None:
    if seller.probation_ends_at is not None:
        return seller.probation_ends_at
    if seller.probation_started_at is not None:
        return seller.probation_started_at + timedelta(days=PROBATION_DAYS)
    return None


@dataclass(frozen=True)
class CapToday:
    market: str
    timezone: str
    day: object
    used: int
    limit: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def resets_local(self) -> str:
        """The local wall-clock moment the cap resets, e.g. "2027-03-02 00:00"."""
        return self.resets_at.strftime("%Y-%m-%d %H:%M")


def cap_today(
    seller: Seller, market_codes: list[str] | None = None, *, at: datetime | None = None
) -> list[CapToday]:
    """Today's use of the probation cap, per market the seller sells in (one query)."""
    from comeback.core import markets

    at = at or clock.now()
    rows = []
    for code in market_codes if market_codes is not None else (seller.markets or []):
        m = markets.find(code)
        if m is not None:
            rows.append((m, clock.local_date(at, m.timezone)))
    counts = dict(
        ProbationDayCount.objects.filter(seller=seller, day__in={d for _m, d in rows}).values_list(
            "day", "count"
        )
    )
    return [
        CapToday(
            market=m.code,
            timezone=m.timezone,
            day=d,
            used=counts.get(d, 0),
            limit=PROBATION_DAILY_CAP,
            resets_at=clock.start_of_next_local_day(at, m.timezone),
        )
        for m, d in rows
    ]


# --- staff queues ------------------------------------------------------------------------------


def verification_queue() -> QuerySet[Seller]:
    """Applicants awaiting verification, oldest application first."""
    return (
        Seller.objects.filter(status=SellerStatus.APPLIED)
        .select_related("user", "application")
        .order_by("created_at", "id")
    )


def review_queue(*, at: datetime | None = None) -> QuerySet[Seller]:
    """Probation sellers whose deadline has passed: listings paused, oldest deadline first."""
    at = at or clock.now()
    return (
        Seller.objects.filter(status=SellerStatus.PROBATION, probation_ends_at__lte=at)
        .select_related("user")
        .order_by("probation_ends_at", "id")
    )


def upcoming_reviews(
    *, at: datetime | None = None, within: timedelta = timedelta(days=7)
) -> QuerySet[Seller]:
    at = at or clock.now()
    return Seller.objects.filter(
        status=SellerStatus.PROBATION, probation_ends_at__gt=at, probation_ends_at__lte=at + within
    ).order_by("probation_ends_at", "id")


def alerts_queue() -> QuerySet[SellerAlert]:
    """Live alerts, the longest-standing first."""
    return (
        SellerAlert.objects.exclude(status=AlertStatus.RESOLVED)
        .select_related("seller")
        .order_by("opened_at", "id")
    )


def live_alerts(seller: Seller) -> list[SellerAlert]:
    return list(seller.alerts.exclude(status=AlertStatus.RESOLVED).order_by("opened_at"))


def history(seller: Seller) -> list[SellerDecision]:
    return list(
        SellerDecision.objects.filter(seller=seller).select_related("actor").order_by("-created_at", "-id")
    )


def staff_counts(*, at: datetime | None = None) -> dict[str, int]:
    at = at or clock.now()
    return {
        "applications": verification_queue().count(),
        "reviews": review_queue(at=at).count(),
        "alerts": alerts_queue().count(),
        "suspended": Seller.objects.filter(status=SellerStatus.SUSPENDED).count(),
    }


def public_seller(slug: str) -> Seller | None:
    """A seller page exists once the shop was verified; applicants and rejected applications stay private."""
    return (
        Seller.objects.filter(slug=slug)
        .exclude(status__in=[SellerStatus.APPLIED, SellerStatus.REJECTED])
        .first()
    )


# --- what a seller sees of itself ----------------------------------------------------------------


def own_standing(seller: Seller, *, at: datetime | None = None) -> dict:
    """A seller's own status, probation, metrics, alerts and history; offers adds its listings' standing
    (offers.selectors.own_metrics: sellers sits below offers)."""
    from . import quality, removal
    from .metrics import seller_metrics

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


# --- what buyers see ------------------------------------------------------------------------------


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
            ngettext(
                "Rated %(r).1f out of 5 by %(n)d buyer.", "Rated %(r).1f out of 5 by %(n)d buyers.", count
            )
            % {"r": rating, "n": count}
        )
    else:
        sentences.append(_("No reviews yet."))
    delivered = s.get("delivered") or 0
    if delivered >= 10 and s.get("defect_free") is not None:
        sentences.append(
            _("%(p)d%% of its %(n)d orders delivered in the last 90 days arrived without a defect.")
            % {"p": int(100 * s["defect_free"]), "n": delivered}
        )
    if delivered >= 10 and s.get("on_time") is not None:
        sentences.append(_("%(p)d%% shipped on time.") % {"p": int(100 * s["on_time"])})
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

    from . import removal

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
        Phase.APPLIED: _(
            "Our team checks your company details, usually within 2 business days. You can list as "
            "soon as you are verified."
        ),
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
    from . import quality

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
