"""The public trust report per market: published formulas and platform-wide rates, nothing personal.

Rates come from the rollups over a trailing 90 days (the window the seller metrics use), ending with the
market's yesterday; counts only, never a seller or a customer. Definitions: docs/insights.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Sum

from comeback.core import clock, markets
from comeback.offers import ranking
from comeback.sellers import quality
from comeback.sellers.metrics import TRAILING_WINDOW
from comeback.tradein.processes import PAY_WITHIN_BUSINESS_DAYS

from .models import Duration, DurationDay, SalesDay
from .operations import median_hours, merged_histogram
from .selectors import correct_to


@dataclass(frozen=True)
class TrustReport:
    market: str
    since: date
    until: date
    delivered: int
    defect_rate: float | None
    return_rate: float | None
    claim_rate: float | None
    probation_decided: int
    probation_passed: int
    probation_pass_share: float | None
    median_claim_resolution_hours: float | None
    median_tradein_payment_hours: float | None
    tradein_payments_due: int
    tradein_payments_late: int
    tradein_payments_late_share: float | None
    mystery_orders_inspected: int
    mystery_orders_passed: int
    mystery_orders_pass_share: float | None
    correct_to: datetime | None
    formulas: dict

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date | datetime) else v) for k, v in self.__dict__.items()}


def formulas() -> dict:
    """The published formulas, read from the code that applies them so the report cannot drift."""
    return {
        "ranking": "value(offer) = quality(seller) / price",
        "ranking_prior": {
            "mean_stars": float(ranking.RATING_PRIOR_MEAN),
            "weight_reviews": ranking.RATING_PRIOR_WEIGHT,
        },
        "quality_score": "(Σ weight · (1 − upper bound of bad rate) + weight · lower bound of blended rating)"
        " × breach factor",
        "quality_weights": dict(quality.WEIGHTS),
        "rating_blend": {
            "lifetime_prior_reviews": quality.LIFETIME_PRIOR_REVIEWS,
            "breach_factor": quality.BREACH_FACTOR,
        },
        "quality_thresholds": dict(quality.THRESHOLDS),
        "rating_threshold_stars": quality.RATING_THRESHOLD_STARS,
        "confidence": "Wilson score interval, 95%",
        "tradein_payment_business_days": PAY_WITHIN_BUSINESS_DAYS,
        "documents": ["docs/ranking.md", "docs/seller-quality.md", "docs/insights.md"],
    }


def _probation(market_code: str) -> tuple[int, int]:
    """(decided, passed): probations ended by an approval or a removal, for sellers selling in the market."""
    from comeback.sellers.models import DecisionKind, SellerDecision

    decided = passed = 0
    rows = SellerDecision.objects.filter(
        from_status="probation", kind__in=[DecisionKind.APPROVE, DecisionKind.REMOVE]
    ).values_list("seller_id", "kind", "seller__markets")
    latest: dict[int, str] = {}
    for seller_id, kind, seller_markets in rows.order_by("created_at", "id"):
        if market_code in (seller_markets or []):
            latest[seller_id] = kind  # a seller's probation outcome is its last such decision
    for kind in latest.values():
        decided += 1
        passed += kind == DecisionKind.APPROVE
    return decided, passed


def _tradein_promise(market, since: date, until: date, at: datetime) -> tuple[int, int]:
    """(due, late): trade-in payments promised within the window, and those paid after their promise or
    still unpaid past it (docs/payouts.md "Trade-in payments")."""
    from comeback.tradein.models import TradeIn
    from comeback.tradein.services.payout_promise import late_q

    zone = ZoneInfo(market.timezone)
    start = datetime.combine(since, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    promised = TradeIn.objects.filter(
        market=market.code, payout_due_at__gte=start, payout_due_at__lt=min(end, at)
    )
    return promised.count(), promised.filter(late_q(at)).count()


def _mystery(market, since: date, until: date, at: datetime) -> tuple[int, int]:
    """(inspected, passed): mystery orders inspected in the window (docs/trust.md "Mystery orders")."""
    from comeback.trust.mystery import market_results

    zone = ZoneInfo(market.timezone)
    start = datetime.combine(since, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return market_results(market.code, start, min(end, at))


def trust_report(market_code: str, *, at: datetime | None = None) -> TrustReport:
    market = markets.get(market_code)
    at = at or clock.now()
    until = at.astimezone(ZoneInfo(market.timezone)).date() - timedelta(days=1)
    since = until - timedelta(days=TRAILING_WINDOW.days - 1)
    sums = SalesDay.objects.filter(market=market.code, day__gte=since, day__lte=until).aggregate(
        delivered=Sum("units_delivered"),
        returns=Sum("returns"),
        defect_returns=Sum("defect_returns"),
        defect_claims=Sum("defect_claims"),
        claims=Sum("claims"),
    )
    delivered = sums["delivered"] or 0
    defects = (sums["defect_returns"] or 0) + (sums["defect_claims"] or 0)

    def rate(events):
        return round(min(events or 0, delivered) / delivered, 6) if delivered else None

    spans = DurationDay.objects.filter(market=market.code, day__gte=since, day__lte=until)
    decided, passed = _probation(market.code)
    due, late = _tradein_promise(market, since, until, at)
    inspected, passed_mystery = _mystery(market, since, until, at)
    refresh = correct_to()
    return TrustReport(
        market=market.code,
        since=since,
        until=until,
        delivered=delivered,
        defect_rate=rate(defects),
        return_rate=rate(sums["returns"]),
        claim_rate=rate(sums["claims"]),
        probation_decided=decided,
        probation_passed=passed,
        probation_pass_share=round(passed / decided, 6) if decided else None,
        median_claim_resolution_hours=median_hours(
            merged_histogram(spans.filter(kind=Duration.CLAIM_RESOLVE))
        ),
        median_tradein_payment_hours=median_hours(merged_histogram(spans.filter(kind=Duration.TRADEIN_PAY))),
        tradein_payments_due=due,
        tradein_payments_late=late,
        tradein_payments_late_share=round(late / due, 6) if due else None,
        mystery_orders_inspected=inspected,
        mystery_orders_passed=passed_mystery,
        mystery_orders_pass_share=round(passed_mystery / inspected, 6) if inspected else None,
        correct_to=refresh.correct_to if refresh else None,
        formulas=formulas(),
    )
