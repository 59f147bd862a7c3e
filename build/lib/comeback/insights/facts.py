"""Recompute rollup rows from the facts other apps own (read-only queries; docs/insights.md defines each).

Every function takes one market and a window [start, until) of aware datetimes (start=None: from the
beginning) and returns `{key: {column: value}}` where the key's first item is the market-local day the
event belongs to. Days are cut in the market's timezone by the database (TruncDate with tzinfo), so
an order paid at 23:30 in Tokyo belongs to that Tokyo day whatever the server's zone.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate

from comeback.orders import ledger
from comeback.orders.models import (
    DEFECT_REASONS,
    EntryKind,
    LedgerEntry,
    Order,
    OrderLine,
    OrderStatus,
    Refund,
    Return,
)
from comeback.passports import impact
from comeback.tradein.models import TradeIn

from .models import Duration

DEFECT_CLAIM_WINDOW = timedelta(
    days=30
)  # docs/design.md §2 Quality: "a warranty claim within 30 days of delivery"


def claim_model():
    """aftersales.Claim once that app has its model; None before (the claim figures then stay at zero)."""
    try:
        return apps.get_model("aftersales", "Claim")
    except LookupError:
        return None


def _window(field: str, start: datetime | None, until: datetime) -> Q:
    q = Q(**{f"{field}__lt": until})
    if start is not None:
        q &= Q(**{f"{field}__gte": start})
    return q


def _day(field: str, tz: str):
    return TruncDate(field, tzinfo=ZoneInfo(tz))


def _add(rows: dict, key: tuple, **values) -> None:
    row = rows[key]
    for name, value in values.items():
        row[name] = row.get(name, 0) + int(value or 0)


def _category_factors() -> dict[int, impact.Factor | None]:
    from comeback.catalog.models import Category

    return {c.pk: impact.factor_for(c) for c in Category.objects.select_related("parent__parent")}


def sales(market, start: datetime | None, until: datetime) -> dict[tuple, dict]:
    """SalesDay rows keyed (day, category_id, seller_id, currency)."""
    tz, code = market.timezone, market.code
    rows: dict[tuple, dict] = defaultdict(dict)
    lines = OrderLine.objects.filter(order__market_id=code)

    for r in (
        lines.filter(_window("paid_at", start, until))
        .values(d=_day("paid_at", tz), c=F("product__category_id"), s=F("seller_id"), cur=F("currency"))
        .annotate(n=Count("id"), gmv=Sum("price_amount"))
        .order_by()
    ):
        _add(rows, (r["d"], r["c"], r["s"], r["cur"]), units_paid=r["n"], gmv=r["gmv"])

    # Revenue straight from the ledger: what platform_fees and platform_commission received and gave back.
    entries = LedgerEntry.objects.filter(
        _window("created_at", start, until),
        order__market_id=code,
        line__isnull=False,
        account__in=[ledger.PLATFORM_FEES, ledger.PLATFORM_COMMISSION, ledger.REFUNDS],
    )
    for r in (
        entries.values(
            d=_day("created_at", tz),
            c=F("line__product__category_id"),
            s=F("line__seller_id"),
            cur=F("currency"),
            a=F("account"),
            k=F("kind"),
        )
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        key = (r["d"], r["c"], r["s"], r["cur"])
        if r["a"] == ledger.REFUNDS:
            _add(rows, key, refunds=r["total"])
        elif r["k"] == EntryKind.PAYMENT:
            _add(rows, key, **{"fees" if r["a"] == ledger.PLATFORM_FEES else "commission": r["total"]})
        elif r["k"] == EntryKind.REFUND:
            _add(
                rows,
                key,
                **{"fees_refunded" if r["a"] == ledger.PLATFORM_FEES else "commission_refunded": -r["total"]},
            )

    for r in (
        Refund.objects.filter(_window("created_at", start, until), line__order__market_id=code)
        .values(
            d=_day("created_at", tz),
            c=F("line__product__category_id"),
            s=F("line__seller_id"),
            cur=F("currency"),
        )
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(rows, (r["d"], r["c"], r["s"], r["cur"]), units_refunded=r["n"])

    for r in (
        lines.filter(_window("cancelled_at", start, until))
        .values(d=_day("cancelled_at", tz), c=F("product__category_id"), s=F("seller_id"), cur=F("currency"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        _add(rows, (r["d"], r["c"], r["s"], r["cur"]), units_cancelled=r["n"])

    factors = _category_factors()
    for r in (
        lines.filter(_window("delivered_at", start, until))
        .values(d=_day("delivered_at", tz), c=F("product__category_id"), s=F("seller_id"), cur=F("currency"))
        .annotate(n=Count("id"))
        .order_by()
    ):
        factor = factors.get(r["c"])
        co2e = materials = 0
        if factor is not None:  # one year of use per unit delivered, in grams (the factor is per year)
            co2e = int(factor.co2e_kg_per_year * 1000) * r["n"]
            materials = int(factor.materials_kg_per_year * 1000) * r["n"]
        _add(
            rows,
            (r["d"], r["c"], r["s"], r["cur"]),
            units_delivered=r["n"],
            co2e_g=co2e,
            materials_g=materials,
        )

    for r in (
        Return.objects.filter(_window("requested_at", start, until), order__market_id=code)
        .values(
            d=_day("requested_at", tz),
            c=F("line__product__category_id"),
            s=F("seller_id"),
            cur=F("line__currency"),
        )
        .annotate(n=Count("id"), defects=Count("id", filter=Q(reason__in=DEFECT_REASONS)))
        .order_by()
    ):
        _add(rows, (r["d"], r["c"], r["s"], r["cur"]), returns=r["n"], defect_returns=r["defects"])

    Claim = claim_model()
    if Claim is not None:
        soon = Q(
            order_line__delivered_at__isnull=False,
            opened_at__lte=F("order_line__delivered_at") + DEFECT_CLAIM_WINDOW,
        )
        for r in (
            Claim.objects.filter(_window("opened_at", start, until), market=code)
            .values(
                d=_day("opened_at", tz),
                c=F("order_line__product__category_id"),
                s=F("seller_id"),
                cur=F("order_line__currency"),
            )
            .annotate(n=Count("id"), defects=Count("id", filter=soon))
            .order_by()
        ):
            _add(rows, (r["d"], r["c"], r["s"], r["cur"]), claims=r["n"], defect_claims=r["defects"])
    return rows


def orders(market, start: datetime | None, until: datetime) -> dict[tuple, dict]:
    """OrdersDay rows keyed (day, currency): orders paid, by the day they were paid."""
    rows: dict[tuple, dict] = defaultdict(dict)
    qs = Order.objects.filter(
        _window("paid_at", start, until), market_id=market.code, status=OrderStatus.PAID
    )
    for r in (
        qs.values(d=_day("paid_at", market.timezone), cur=F("currency"))
        .annotate(n=Count("id"), items=Sum("items_amount"), fee=Sum("fee_amount"))
        .order_by()
    ):
        _add(rows, (r["d"], r["cur"]), orders=r["n"], items_amount=r["items"], fee_amount=r["fee"])
    return rows


def tradeins(market, start: datetime | None, until: datetime) -> dict[tuple, dict]:
    """TradeInsDay rows keyed (day, category_id, seller_id, currency): each step on the day it happened."""
    tz = market.timezone
    rows: dict[tuple, dict] = defaultdict(dict)
    qs = TradeIn.objects.filter(market_id=market.code)
    steps = {"started": "accepted_at", "received": "received_at", "counter_offered": "counter_offered_at"}
    for column, field in steps.items():
        for r in (
            qs.filter(_window(field, start, until))
            .values(d=_day(field, tz), c=F("product__category_id"), s=F("seller_id"), cur=F("currency"))
            .annotate(n=Count("id"))
            .order_by()
        ):
            _add(rows, (r["d"], r["c"], r["s"], r["cur"]), **{column: r["n"]})
    for r in (
        qs.filter(_window("paid_at", start, until), status="paid")
        .values(d=_day("paid_at", tz), c=F("product__category_id"), s=F("seller_id"), cur=F("currency"))
        .annotate(n=Count("id"), amount=Sum(F("final_amount") + F("bonus_amount")))
        .order_by()
    ):
        _add(rows, (r["d"], r["c"], r["s"], r["cur"]), paid=r["n"], paid_amount=r["amount"])
    return rows


def _hours(begin: datetime, end: datetime) -> int:
    return max(0, int((end - begin).total_seconds() // 3600))


def durations(market, start: datetime | None, until: datetime) -> dict[tuple, int]:
    """DurationDay rows: {(day, category_id, seller_id, kind, whole hours): how many}, on the day the clock
    stopped — a seller's payout, a trade-in's payment, a claim's resolution."""
    tz = market.timezone
    rows: dict[tuple, int] = defaultdict(int)

    def put(day, category, seller, kind, begin, end):
        rows[(day, category or 0, seller or 0, kind, _hours(begin, end))] += 1

    paid_out = OrderLine.objects.filter(
        _window("payout__created_at", start, until), order__market_id=market.code, delivered_at__isnull=False
    ).values_list(
        _day("payout__created_at", tz),
        "product__category_id",
        "seller_id",
        "delivered_at",
        "payout__created_at",
    )
    for day, category, seller, begin, end in paid_out.iterator(chunk_size=2000):
        put(day, category, seller, Duration.PAYOUT, begin, end)

    paid = TradeIn.objects.filter(
        _window("paid_at", start, until), market_id=market.code, status="paid", received_at__isnull=False
    ).values_list(_day("paid_at", tz), "product__category_id", "seller_id", "received_at", "paid_at")
    for day, category, seller, begin, end in paid.iterator(chunk_size=2000):
        put(day, category, seller, Duration.TRADEIN_PAY, begin, end)

    Claim = claim_model()
    if Claim is not None:
        closed = Claim.objects.filter(_window("resolved_at", start, until), market=market.code).values_list(
            _day("resolved_at", tz),
            "order_line__product__category_id",
            "seller_id",
            "opened_at",
            "resolved_at",
        )
        for day, category, seller, begin, end in closed.iterator(chunk_size=2000):
            put(day, category, seller, Duration.CLAIM_RESOLVE, begin, end)
    return dict(rows)


def impact_summary_source():
    """`recovery.selectors.impact_summary` once that app publishes it; None before (per-unit factors then)."""
    try:
        from comeback.recovery.selectors import impact_summary
    except ImportError:
        return None
    return impact_summary


def impact_weeks(market, first: date, until: datetime) -> dict[date, dict]:
    """ImpactWeek rows from the week of `first` (market-local) to `until`: one impact_summary call a week."""
    summary = impact_summary_source()
    if summary is None:
        return {}
    zone = ZoneInfo(market.timezone)
    rows: dict[date, dict] = {}
    week = first - timedelta(days=first.weekday())
    while (begin := datetime.combine(week, time.min, tzinfo=zone)) < until:
        end = min(datetime.combine(week + timedelta(days=7), time.min, tzinfo=zone), until)
        s = summary(since=begin, until=end, market=market.code)
        if s.totals.units or s.recycled_kg:
            rows[week] = {
                "units": s.totals.units,
                "co2e_g": _grams(s.totals.co2e_kg),
                "materials_g": _grams(s.totals.materials_kg),
                "e_waste_g": _grams(s.totals.e_waste_kg),
                "recycled_g": _grams(s.recycled_kg),
            }
        week += timedelta(days=7)
    return rows


def _grams(kg) -> int:
    return int((Decimal(str(kg)) * 1000).to_integral_value())


def seller_statuses(market) -> dict[str, int]:
    """Sellers allowed in a market (Seller.markets), per status, now."""
    from comeback.sellers.models import Seller

    counts: dict[str, int] = defaultdict(int)
    for status, markets in Seller.objects.values_list("status", "markets").iterator(chunk_size=2000):
        if market.code in (markets or []):
            counts[status] += 1
    return dict(counts)
