"""The published quality formula, thresholds and review recommendation (docs/seller-quality.md).

Pure functions over `metrics.Metrics`: no database, no clock. Change a number here and the
document in the same commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .metrics import Metrics, Rate, wilson

# Thresholds: a rate whose 95% Wilson *lower* bound is above its threshold is a confident breach
# (an alert); the raw rate above it is a warning sign worth a longer look at review.
THRESHOLDS = {
    "defect_rate": 0.05,
    "cancellation_rate": 0.05,
    "late_shipment_rate": 0.10,
    "return_rate": 0.15,
}
RATING_THRESHOLD_STARS = 3.5  # alert when the upper bound of the mean rating is below 3.5 stars
SUSPENSION_METRIC = "defect_rate"
SUSTAINED_BREACH = timedelta(days=14)  # a defect-rate breach this long suspends the listings
MIN_REVIEW_DELIVERED = 10  # fewer delivered orders at the end of probation: not enough evidence to approve

# Score weights (sum to 1) and the prior every seller starts from.
WEIGHTS = {
    "defect_rate": 0.35,
    "cancellation_rate": 0.15,
    "late_shipment_rate": 0.15,
    "return_rate": 0.10,
    "rating": 0.25,
}
PRIOR_TRIALS = 20  # each rate starts as if 20 orders had been seen at exactly the threshold rate
RATING_PRIOR_STARS = 4  # same prior as offers.ranking: 10 reviews of 4 stars
RATING_PRIOR_COUNT = 10
# The window's rating is blended with the lifetime rating, never replaced by it nor replacing it: the lifetime
# mean (itself shrunk towards the prior above) enters the window's rating as this many virtual reviews. So
# thousands of old ratings weigh like 20 reviews, and one new review moves the score by about 1/21 of a star.
LIFETIME_PRIOR_REVIEWS = 20
BREACH_FACTOR = 0.5  # an open quality breach halves the score at once (and ranks the seller last: ranking.py)

METRIC_LABELS = {
    "defect_rate": gettext_lazy("Defect rate"),
    "cancellation_rate": gettext_lazy("Cancellation rate"),
    "late_shipment_rate": gettext_lazy("Late-shipment rate"),
    "return_rate": gettext_lazy("Return rate"),
    "rating": gettext_lazy("Mean rating"),
}


def _stars_to_unit(stars: float) -> float:
    return (stars - 1) / 4


def rate_component(rate: Rate) -> float:
    """1 − the Wilson upper bound of the rate, after adding the prior's virtual orders."""
    t = THRESHOLDS[rate.name]
    _lo, hi = wilson(rate.events + PRIOR_TRIALS * t, rate.trials + PRIOR_TRIALS)
    return 1.0 - hi


def lifetime_mean_stars(count: int, total: int) -> float:
    """The lifetime mean, shrunk towards the prior (10 reviews of 4 stars)."""
    count = max(0, count)
    total = min(max(total, count), 5 * count)
    return (RATING_PRIOR_COUNT * RATING_PRIOR_STARS + total) / (RATING_PRIOR_COUNT + count)


def rating_component(
    count: int, total: int, *, prior_stars: float = RATING_PRIOR_STARS, prior_count: int = RATING_PRIOR_COUNT
) -> float:
    """The Wilson lower bound of the (mean − 1) / 4 rating, after adding the prior's virtual reviews."""
    count = max(0, count)
    total = min(max(total, count), 5 * count)
    unit_sum = (total - count) / 4 + prior_count * _stars_to_unit(prior_stars)
    lo, _hi = wilson(unit_sum, count + prior_count)
    return lo


def score(
    m: Metrics,
    *,
    rating_count: int | None = None,
    rating_sum: int | None = None,
    lifetime_count: int = 0,
    lifetime_sum: int = 0,
    in_breach: bool = False,
) -> float:
    """The quality score in [0, 1]:

        Σ weight · (1 − upper bound of bad rate)  +  weight · lower bound of the blended rating

    The blended rating is the window's reviews plus LIFETIME_PRIOR_REVIEWS virtual reviews at the lifetime
    mean (a Bayesian prior); with no lifetime reviews the prior is 10 reviews of 4 stars. An open breach
    multiplies the whole by BREACH_FACTOR. `rating_count`/`rating_sum` override the window's ratings.
    """
    count = m.rating.count if rating_count is None else rating_count
    total = m.rating.total if rating_sum is None else rating_sum
    value = sum(WEIGHTS[r.name] * rate_component(r) for r in m.rates)
    if lifetime_count > 0:
        prior = {
            "prior_stars": lifetime_mean_stars(lifetime_count, lifetime_sum),
            "prior_count": LIFETIME_PRIOR_REVIEWS,
        }
    else:
        prior = {}
    value += WEIGHTS["rating"] * rating_component(count, total, **prior)
    if in_breach:
        value *= BREACH_FACTOR
    return round(min(1.0, max(0.0, value)), 4)


@dataclass(frozen=True)
class Breach:
    metric: str
    value: float  # the bound that crossed
    threshold: float
    events: int
    trials: int


def breaches(m: Metrics) -> list[Breach]:
    """Metrics whose confidence bound is on the wrong side of the threshold (we are 95% sure)."""
    out = [
        Breach(r.name, r.lower, THRESHOLDS[r.name], r.events, r.trials)
        for r in m.rates
        if r.trials and r.lower > THRESHOLDS[r.name]
    ]
    if m.rating.count:
        _lo, hi = m.rating.bounds
        if hi < _stars_to_unit(RATING_THRESHOLD_STARS):
            out.append(
                Breach("rating", hi, _stars_to_unit(RATING_THRESHOLD_STARS), m.rating.total, m.rating.count)
            )
    return out


@dataclass(frozen=True)
class Recommendation:
    decision: str  # approve | extend | remove
    reasons: list[str]


def recommend(m: Metrics) -> Recommendation:
    """What the published review rules suggest at the end of probation (docs/seller-quality.md)."""
    found = breaches(m)
    names = {b.metric for b in found}
    if SUSPENSION_METRIC in names or len(names) >= 2:
        return Recommendation(
            "remove",
            [
                _("%(metric)s is above its threshold with 95%% confidence.")
                % {"metric": METRIC_LABELS[b.metric]}
                for b in found
            ],
        )
    reasons = []
    if m.defect.trials < MIN_REVIEW_DELIVERED:
        reasons.append(
            _("Only %(n)d delivered orders; at least %(min)d are needed to judge.")
            % {"n": m.defect.trials, "min": MIN_REVIEW_DELIVERED}
        )
    for r in m.rates:
        if r.value is not None and r.value > THRESHOLDS[r.name]:
            reasons.append(
                _("%(metric)s is %(value).1f%%, above the %(t).0f%% threshold, but not yet with confidence.")
                % {"metric": METRIC_LABELS[r.name], "value": 100 * r.value, "t": 100 * THRESHOLDS[r.name]}
            )
    for b in found:  # a single confident breach other than defects: give time to fix it
        reasons.append(
            _("%(metric)s is above its threshold with 95%% confidence.") % {"metric": METRIC_LABELS[b.metric]}
        )
    if reasons:
        return Recommendation("extend", reasons)
    return Recommendation(
        "approve",
        [_("Every rate is within its threshold on %(n)d delivered orders.") % {"n": m.defect.trials}],
    )


def public_summary(m: Metrics, *, score_value: float, in_breach: bool = False) -> dict:
    """The compact numbers buyers see, stored on the seller so offer lists cost no extra query."""
    d = m.defect
    return {
        "score": score_value,
        "in_breach": in_breach,
        "delivered": d.trials,
        "orders": m.facts["orders"],
        "defect_free": round(1 - d.value, 4) if d.value is not None else None,
        "on_time": round(1 - m.late_shipment.value, 4) if m.late_shipment.value is not None else None,
        "cancellation": round(m.cancellation.value, 4) if m.cancellation.value is not None else None,
        "rating_mean": round(m.rating.mean, 2) if m.rating.mean is not None else None,
        "rating_count": m.rating.count,
    }
