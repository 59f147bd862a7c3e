"""Insights writes: refreshing the rollups from the facts, and the exchange rates staff maintain."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connection, transaction
from django.db.models import Min, Sum
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid

from . import facts
from .models import (
    ALL_MARKETS,
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
from .operations import median_hours

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
    day = connection.ops.adapt_datefield_value
    _insert(
        SalesDay,
        ["day", "week", "market", "category_id", "seller_id", "currency", *SALES_FIGURES],
        [
            (day(d), day(_monday(d)), market.code, c or 0, s or 0, cur, *[v.get(n, 0) for n in SALES_FIGURES])
            for (d, c, s, cur), v in sales.items()
        ],
    )
    _insert(
        OrdersDay,
        ["day", "week", "market", "currency", *ORDERS_FIGURES],
        [
            (day(d), day(_monday(d)), market.code, cur, *[v.get(n, 0) for n in ORDERS_FIGURES])
            for (d, cur), v in orders.items()
        ],
    )
    _insert(
        TradeInsDay,
        ["day", "week", "market", "category_id", "seller_id", "currency", *TRADEIN_FIGURES],
        [
            (
                day(d),
                day(_monday(d)),
                market.code,
                c or 0,
                s or 0,
                cur,
                *[v.get(n, 0) for n in TRADEIN_FIGURES],
            )
            for (d, c, s, cur), v in trades.items()
        ],
    )
    _insert(
        DurationDay,
        ["day", "week", "market", "category_id", "seller_id", "kind", "hours", "count"],
        [(day(d), day(_monday(d)), market.code, c, s, k, h, n) for (d, c, s, k, h), n in spans.items()],
    )
    rows = len(sales) + len(orders) + len(trades) + len(spans)
    first_week = _monday(since) if since else None
    rows += _roll_up(SalesDay, SalesWeek, market.code, first_week, ["category_id", "currency"], SALES_FIGURES)
    rows += _roll_up(SalesDay, SellerWeek, market.code, first_week, ["seller_id", "currency"], SALES_FIGURES)
    rows += _roll_up_durations(market.code, first_week)
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


ORDERS_FIGURES = ("orders", "items_amount", "fee_amount")
TRADEIN_FIGURES = ("started", "received", "counter_offered", "paid", "paid_amount")


def _insert(model, fields: list[str], rows: list[tuple]) -> None:
    """Write value tuples (in `fields` order, dates adapted): COPY on PostgreSQL, executemany of a one-row
    INSERT elsewhere. Not bulk_create (a model instance per row), nor INSERTs of 1,000 rows' placeholders:
    psycopg parsed their ~20,000 placeholders client-side for each statement, most of a full refresh."""
    if not rows:
        return
    q = connection.ops.quote_name
    table, columns = q(model._meta.db_table), ", ".join(q(model._meta.get_field(n).column) for n in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows
            )


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
    """Rebuild `target`'s weeks from `first_week` by summing `source` (already rebuilt) in the database: one
    INSERT … SELECT … GROUP BY, rather than tens of thousands of model instances through bulk_create."""
    window = {"market": market, **({"week__gte": first_week} if first_week else {})}
    target.objects.filter(**window).delete()
    q = connection.ops.quote_name
    groups = [q(source._meta.get_field(n).column) for n in ("market", "week", *keys)]
    totals = [f"SUM({q(source._meta.get_field(n).column)})" for n in sums]
    columns = [q(target._meta.get_field(n).column) for n in ("market", "week", *keys, *sums)]
    where, params = f"{groups[0]} = %s", [market]
    if first_week:
        where += f" AND {groups[1]} >= %s"
        params.append(connection.ops.adapt_datefield_value(first_week))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(target._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(groups + totals)} FROM {q(source._meta.db_table)} "
            # In week order: a week's rows then sit in few pages, so a range of weeks reads few of them.
            f"WHERE {where} GROUP BY {', '.join(groups)} ORDER BY {groups[1]}",
            params,
        )
        return cursor.rowcount


def _roll_up_durations(market: str, first_week: date | None) -> int:
    """Rebuild DurationWeek from `first_week`: DurationDay's buckets summed per week and kind into one
    histogram with its count and median; `market` ALL_MARKETS merges every market's buckets."""
    window = {"market": market, **({"week__gte": first_week} if first_week else {})}
    DurationWeek.objects.filter(**window).delete()
    buckets = DurationDay.objects.filter(**({"week__gte": first_week} if first_week else {}))
    if market != ALL_MARKETS:
        buckets = buckets.filter(market=market)
    histograms: dict[tuple, list] = {}
    for week, kind, hours, n in (
        buckets.values_list("week", "kind", "hours")
        .annotate(n=Sum("count"))
        .order_by("week", "kind", "hours")
    ):
        histograms.setdefault((week, kind), []).append([hours, n])
    made = DurationWeek.objects.bulk_create(
        [
            DurationWeek(
                week=week,
                market=market,
                kind=kind,
                histogram=pairs,
                durations=sum(n for _h, n in pairs),
                median_hours=median_hours(dict(pairs)),
            )
            for (week, kind), pairs in histograms.items()
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
        # Medians of all markets together: from every market's rebuilt buckets (one cannot add medians up).
        rows += _roll_up_durations(ALL_MARKETS, _monday(since) if since else None)
        if since is None:
            _analyze_rollups()
        done = Refresh.objects.create(
            started_at=started, finished_at=clock.now(), correct_to=at, since=since, rows=rows
        )
    if since is None:
        _vacuum_rollups()
    return done


ROLLUPS = (SalesDay, SalesWeek, SellerWeek, OrdersDay, TradeInsDay, DurationDay, DurationWeek, ImpactWeek)


def _analyze_rollups() -> None:
    """Fresh planner statistics after a full rebuild. Without them SQLite reads a filtered view (one category,
    one seller) by scanning a whole rollup through the wrong index; PostgreSQL's autovacuum would get there,
    later. ANALYZE of a table is the same statement on both, and allowed inside a transaction."""
    with connection.cursor() as cursor:
        for model in ROLLUPS:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _vacuum_rollups() -> None:
    """After a full rebuild on PostgreSQL, VACUUM the rollups: it marks their pages all-visible, so the
    dashboard's default view sums SellerWeek from its covering index alone (an index-only scan) instead of
    visiting every page the rebuild wrote or deleted. VACUUM cannot run inside a transaction: called in one
    (a caller's, a test's), it leaves the rollups to autovacuum."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in ROLLUPS:
            cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")


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
