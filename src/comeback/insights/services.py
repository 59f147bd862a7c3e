"""Insights writes: refreshing the rollups from the facts, and the exchange rates staff maintain."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Min, Sum
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid

from . import facts
from .models import (
    SALES_FIGURES,
    DurationDay,
    DurationWeek,
    ExchangeRate,
    ImpactWeek,
    OrdersDay,
    Refresh,
    SalesDay,
    SalesWeek,
    SellerStatusDay,
    SellerWeek,
    TradeInsDay,
)

Progress = Callable[[Iterable, str], Iterable]


def _no_progress(iterable: Iterable, desc: str) -> Iterable:
    return iterable


def _local_midnight(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz))


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _rebuild_market(market, since: date | None, until: datetime) -> int:
    """Replace one market's rollup rows from `since` (market-local day) with a recomputation from facts."""
    start = _local_midnight(since, market.timezone) if since else None
    sales = facts.sales(market, start, until)
    orders = facts.orders(market, start, until)
    trades = facts.tradeins(market, start, until)
    spans = facts.durations(market, start, until)
    window = {"market": market.code, **({"day__gte": since} if since else {})}
    for model in (SalesDay, OrdersDay, TradeInsDay, DurationDay):
        model.objects.filter(**window).delete()
    SalesDay.objects.bulk_create(
        [
            SalesDay(
                day=d,
                week=_monday(d),
                market=market.code,
                category_id=c or 0,
                seller_id=s or 0,
                currency=cur,
                **v,
            )
            for (d, c, s, cur), v in sales.items()
        ],
        batch_size=1000,
    )
    OrdersDay.objects.bulk_create(
        [
            OrdersDay(day=d, week=_monday(d), market=market.code, currency=cur, **v)
            for (d, cur), v in orders.items()
        ],
        batch_size=1000,
    )
    TradeInsDay.objects.bulk_create(
        [
            TradeInsDay(
                day=d,
                week=_monday(d),
                market=market.code,
                category_id=c or 0,
                seller_id=s or 0,
                currency=cur,
                **v,
            )
            for (d, c, s, cur), v in trades.items()
        ],
        batch_size=1000,
    )
    DurationDay.objects.bulk_create(
        [
            DurationDay(
                day=d,
                week=_monday(d),
                market=market.code,
                category_id=c,
                seller_id=s,
                kind=k,
                hours=h,
                count=n,
            )
            for (d, c, s, k, h), n in spans.items()
        ],
        batch_size=1000,
    )
    rows = len(sales) + len(orders) + len(trades) + len(spans)
    first_week = _monday(since) if since else None
    rows += _roll_up(SalesDay, SalesWeek, market.code, first_week, ["category_id", "currency"], SALES_FIGURES)
    rows += _roll_up(SalesDay, SellerWeek, market.code, first_week, ["seller_id", "currency"], SALES_FIGURES)
    rows += _roll_up(DurationDay, DurationWeek, market.code, first_week, ["kind", "hours"], ["count"])
    rows += _rebuild_impact(market, since, until)
    today = until.astimezone(ZoneInfo(market.timezone)).date()
    SellerStatusDay.objects.filter(market=market.code, day=today).delete()
    SellerStatusDay.objects.bulk_create(
        [
            SellerStatusDay(day=today, market=market.code, status=st, sellers=n)
            for st, n in facts.seller_statuses(market).items()
        ]
    )
    return rows


def _rebuild_impact(market, since: date | None, until: datetime) -> int:
    """ImpactWeek from the week of `since` (a full refresh: of the market's first sale) via recovery's summary."""
    first = since or SalesDay.objects.filter(market=market.code).aggregate(first=Min("day"))["first"]
    window = {"market": market.code, **({"week__gte": _monday(since)} if since else {})}
    ImpactWeek.objects.filter(**window).delete()
    if first is None:
        return 0
    made = ImpactWeek.objects.bulk_create(
        [
            ImpactWeek(week=w, market=market.code, **v)
            for w, v in facts.impact_weeks(market, first, until).items()
        ]
    )
    return len(made)


def _roll_up(source, target, market: str, first_week: date | None, keys: list[str], sums: list[str]) -> int:
    """Rebuild `target`'s weeks from `first_week` by summing `source` (already rebuilt) in the database."""
    window = {"market": market, **({"week__gte": first_week} if first_week else {})}
    target.objects.filter(**window).delete()
    grouped = (
        source.objects.filter(**window).values("week", *keys).annotate(**{f"{n}_sum": Sum(n) for n in sums})
    )
    made = target.objects.bulk_create(
        [
            target(
                market=market,
                week=r["week"],
                **{k: r[k] for k in keys},
                **{n: r[f"{n}_sum"] or 0 for n in sums},
            )
            for r in grouped.order_by()
        ],
        batch_size=1000,
    )
    return len(made)


def refresh(
    *, since: date | None = None, at: datetime | None = None, progress: Progress = _no_progress
) -> Refresh:
    """Rebuild the rollups from `since` (each market's local day; None = everything) up to `at`.

    Events bucket on the day they happened, so a past day only changes when a fact is back-dated (a
    carrier's late delivery scan); the task rebuilds the last days, `--full` everything. One transaction
    per market keeps the dashboard consistent for that market while a refresh runs.
    """
    at = at or clock.now()
    started = clock.now()
    rows = 0
    for market in progress(markets.all_markets(), _("Refreshing insights")):
        with transaction.atomic():
            rows += _rebuild_market(market, since, at)
    with transaction.atomic():
        return Refresh.objects.create(
            started_at=started, finished_at=clock.now(), correct_to=at, since=since, rows=rows
        )


def last_refresh() -> Refresh | None:
    return Refresh.objects.order_by("-correct_to", "-id").first()


def save_rate(
    *, currency: str, target: str, rate: Decimal | str, valid_on: date, source: str = "", by=None
) -> ExchangeRate:
    """Record a dated exchange rate. One rate per pair and day: a second one is a 409, not an overwrite."""
    currency, target = (currency or "").strip().upper(), (target or "").strip().upper()
    known = {m.currency for m in markets.all_markets()}
    for field, code in (("currency", currency), ("target", target)):
        if code not in known:
            raise Invalid.field(
                field,
                "unknown_currency",
                _("Unknown currency %(code)r; expected one of %(codes)s.")
                % {"code": code, "codes": ", ".join(sorted(known))},
            )
    if currency == target:
        raise Invalid.field("target", "same_currency", _("A rate converts between two different currencies."))
    try:
        value = Decimal(str(rate))
    except InvalidOperation:
        value = Decimal(0)
    if not value.is_finite() or value <= 0 or value >= Decimal("1e10"):
        raise Invalid.field("rate", "rate_positive", _("A rate is a positive number."))
    try:
        with transaction.atomic():
            return ExchangeRate.objects.create(
                currency=currency,
                target=target,
                rate=value.quantize(Decimal("0.00000001")),
                valid_on=valid_on,
                source=source[:120],
                created_by=by,
                created_at=clock.now(),
            )
    except IntegrityError:
        raise Conflict(
            _("A rate for %(pair)s on %(day)s already exists.")
            % {"pair": f"{currency}→{target}", "day": valid_on.isoformat()},
            code="rate_exists",
        ) from None
