"""Seller metrics from facts (docs/design.md §2 "Quality, measured and public"; docs/seller-quality.md).

Facts come from the apps that own them. Each registers a *fact source* in its AppConfig.ready():

    from comeback.sellers.metrics import register_fact_source

    def order_facts(seller_id: int, since: datetime | None, until: datetime) -> dict[str, int]:
        return {"orders": 12, "delivered": 10, "defects": 1, ...}

    register_fact_source(order_facts)

A source returns any of FACT_KEYS for events in [since, until) (since=None: from the beginning);
the sums of every source are the seller's facts. Comments (rating + text) plug in the same way
through `register_comment_source`. Everything below is pure arithmetic on those sums.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

log = logging.getLogger(__name__)

FACT_KEYS = (
    "orders",
    "delivered",
    "shipped",
    "cancelled",
    "late_shipments",
    "returns",
    "defects",
    "rating_count",
    "rating_sum",
    "ratings_1",
    "ratings_2",
    "ratings_3",
    "ratings_4",
    "ratings_5",
    "claims",
    "claims_refunded",
    "claims_escalated",  # warranty claims (aftersales/metrics.py)
    "mystery_inspected",
    "mystery_failed",  # mystery orders (trust/mystery.py); a failed one also counts in `defects`
)
TRAILING_WINDOW = timedelta(days=90)  # docs/design.md §2: "over a trailing 90 days and since onboarding"
Z_95 = 1.959963984540054  # two-sided 95% normal quantile, for the Wilson interval

FactSource = Callable[[int, "datetime | None", datetime], dict]
CommentSource = Callable[[int, int], list]
_fact_sources: list[FactSource] = []
_comment_sources: list[CommentSource] = []


def register_fact_source(fn: FactSource) -> FactSource:
    """Add a source of facts; registering the same function twice is harmless. Usable as a decorator."""
    if fn not in _fact_sources:
        _fact_sources.append(fn)
    return fn


def register_comment_source(fn: CommentSource) -> CommentSource:
    """`fn(seller_id, limit) -> [{"rating": 1..5, "comment": str, "created_at": datetime}, …]`, newest first."""
    if fn not in _comment_sources:
        _comment_sources.append(fn)
    return fn


def unregister_fact_source(fn: FactSource) -> None:
    if fn in _fact_sources:
        _fact_sources.remove(fn)


def unregister_comment_source(fn: CommentSource) -> None:
    if fn in _comment_sources:
        _comment_sources.remove(fn)


def collect_facts(seller_id: int, since: datetime | None, until: datetime) -> dict[str, int]:
    """The sum of every source's facts for one seller and window. A failing source counts as empty."""
    totals = dict.fromkeys(FACT_KEYS, 0)
    for source in list(_fact_sources):
        try:
            got = source(seller_id, since, until) or {}
        except Exception:  # one broken source must not hide every other fact (nor 500 a page)
            log.exception("seller fact source %r failed", source)
            continue
        for key, value in got.items():
            if key in totals and value:
                totals[key] += max(0, int(value))
    return totals


def latest_comments(seller_id: int, limit: int = 10) -> list[dict]:
    comments: list[dict] = []
    for source in list(_comment_sources):
        try:
            comments.extend(source(seller_id, limit) or [])
        except Exception:
            log.exception("seller comment source %r failed", source)
    comments.sort(key=lambda c: c.get("created_at") or datetime.min, reverse=True)
    return comments[:limit]


# --- arithmetic --------------------------------------------------------------------------------


def wilson(events: float, trials: float, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for `events` successes in `trials`, clamped to [0, 1].

    With no trials nothing is known: (0, 1). Events are clamped to [0, trials] (a rate is never > 1).
    """
    if trials <= 0:
        return 0.0, 1.0
    events = min(max(events, 0.0), trials)
    p = events / trials
    z2 = z * z
    denom = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denom
    half = z * math.sqrt(max(0.0, p * (1 - p) / trials + z2 / (4 * trials * trials))) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    """A rate with its counts and 95% Wilson bounds, every number in [0, 1]."""

    name: str
    events: int
    trials: int
    lower: float
    upper: float

    @classmethod
    def of(cls, name: str, events: int, trials: int) -> Rate:
        trials = max(0, trials)
        events = min(max(0, events), trials)  # more events than trials is a source's error: never a rate > 1
        lower, upper = wilson(events, trials)
        return cls(name, events, trials, lower, upper)

    @property
    def value(self) -> float | None:
        return self.events / self.trials if self.trials else None

    def as_dict(self) -> dict:
        return {
            "events": self.events,
            "trials": self.trials,
            "rate": self.value,
            "lower": round(self.lower, 6),
            "upper": round(self.upper, 6),
        }


@dataclass(frozen=True)
class Rating:
    """Mean stars with a bound: the mean mapped to [0, 1] as (mean − 1) / 4, Wilson on rating_count."""

    count: int
    total: int
    distribution: dict[int, int] = field(default_factory=dict)

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None

    @property
    def unit(self) -> float | None:
        return (self.mean - 1) / 4 if self.mean is not None else None

    @property
    def bounds(self) -> tuple[float, float]:
        """Bounds of the unit-mapped mean."""
        if not self.count:
            return 0.0, 1.0
        return wilson(min(1.0, max(0.0, self.unit)) * self.count, self.count)

    @property
    def stars_bounds(self) -> tuple[float, float]:
        lo, hi = self.bounds
        return 1 + 4 * lo, 1 + 4 * hi

    def as_dict(self) -> dict:
        lo, hi = self.stars_bounds
        return {
            "count": self.count,
            "mean": round(self.mean, 3) if self.mean is not None else None,
            "lower": round(lo, 3),
            "upper": round(hi, 3),
            "distribution": {str(k): self.distribution.get(k, 0) for k in range(1, 6)},
        }


@dataclass(frozen=True)
class Metrics:
    """Every published metric of one seller over one window."""

    window: str
    since: datetime | None
    until: datetime
    facts: dict[str, int]
    defect: Rate
    cancellation: Rate
    late_shipment: Rate
    returns: Rate
    rating: Rating

    @property
    def rates(self) -> list[Rate]:
        return [self.defect, self.cancellation, self.late_shipment, self.returns]

    def as_dict(self) -> dict:
        return {
            "window": self.window,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat(),
            "orders": self.facts["orders"],
            "delivered": self.facts["delivered"],
            "shipped": self.facts["shipped"],
            "defect_rate": self.defect.as_dict(),
            "cancellation_rate": self.cancellation.as_dict(),
            "late_shipment_rate": self.late_shipment.as_dict(),
            "return_rate": self.returns.as_dict(),
            "rating": self.rating.as_dict(),
            "mystery_orders": {
                "inspected": self.facts.get("mystery_inspected", 0),
                "failed": self.facts.get("mystery_failed", 0),
            },
        }


def metrics_from_facts(
    facts: dict[str, int], *, window: str, since: datetime | None, until: datetime
) -> Metrics:
    """Rates from summed facts. Denominators (docs/seller-quality.md):

    defects ÷ delivered, cancelled ÷ orders, late_shipments ÷ shipped, returns ÷ delivered.
    """
    f = {k: max(0, int(facts.get(k, 0) or 0)) for k in FACT_KEYS}
    distribution = {k: f[f"ratings_{k}"] for k in range(1, 6)}
    count, total = f["rating_count"], f["rating_sum"]
    if not count and any(distribution.values()):
        count = sum(distribution.values())
        total = sum(k * n for k, n in distribution.items())
    total = min(max(total, count), 5 * count)  # stars are 1..5: keep the mean inside them
    return Metrics(
        window=window,
        since=since,
        until=until,
        facts=f,
        defect=Rate.of("defect_rate", f["defects"], f["delivered"]),
        cancellation=Rate.of("cancellation_rate", f["cancelled"], f["orders"]),
        late_shipment=Rate.of("late_shipment_rate", f["late_shipments"], f["shipped"]),
        returns=Rate.of("return_rate", f["returns"], f["delivered"]),
        rating=Rating(count=count, total=total, distribution=distribution),
    )


def onboarded_at(seller) -> datetime | None:
    return seller.probation_started_at or seller.verified_at


def seller_metrics(seller, *, at: datetime) -> dict[str, Metrics]:
    """Both published windows: the trailing 90 days and since onboarding."""
    trailing_since = at - TRAILING_WINDOW
    onboarded = onboarded_at(seller)
    return {
        "trailing_90_days": metrics_from_facts(
            collect_facts(seller.pk, trailing_since, at),
            window="trailing_90_days",
            since=trailing_since,
            until=at,
        ),
        "since_onboarding": metrics_from_facts(
            collect_facts(seller.pk, onboarded, at), window="since_onboarding", since=onboarded, until=at
        ),
    }
