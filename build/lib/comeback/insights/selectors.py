"""Dashboard reads: every panel from the rollups only (never the fact tables), for one set of filters.

A panel is a table (columns + rows of raw values) with its charts and notes. The web page renders the
table, the CSV export writes the very same display strings, the API returns the raw rows: one source
for the three. Amounts are integer minor units beside their currency; with a conversion currency they
are converted by `rates.Converter`, which reports the rates and dates used. Definitions: docs/insights.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from comeback.core import charts, markets

from .filters import Filters
from .models import OrdersDay, Refresh, SellerStatusDay
from .operations import durations, impact, quality, seller_quality, tradeins
from .panel import (
    Column,
    Panel,
    converter,
    growth,
    major,
    money_sum,
    narrow,
    rate_notes,
    sales_rollup,
)

__all__ = ["PANELS", "Column", "Panel", "correct_to", "dashboard", "filter_choices", "panel"]


# --- money: GMV, net revenue, refunds ------------------------------------------------------------------------


REVENUE_AMOUNTS = ("gmv", "fees", "commission", "fees_refunded", "commission_refunded", "refunds")
REVENUE_UNITS = ("units_paid", "units_cancelled", "units_refunded")


def revenue(f: Filters) -> Panel:
    conv = converter(f)
    raw = (
        narrow(sales_rollup(f), f, start=f.start, end=f.end)
        .values("week", "currency")
        .annotate(**{n: Sum(n) for n in (*REVENUE_AMOUNTS, *REVENUE_UNITS)})  # only what the panel shows
        .order_by()
    )
    weekly: dict[tuple, dict] = defaultdict(dict)
    for r in raw:
        key = money_sum(weekly, (r["week"],), r, REVENUE_AMOUNTS, conv)
        for n in REVENUE_UNITS:
            weekly[key][n] = weekly[key].get(n, 0) + (r[n] or 0)
    rows = []
    for (week, currency), v in sorted(weekly.items()):
        net = v["fees"] + v["commission"] - v["fees_refunded"] - v["commission_refunded"]
        rows.append(
            {
                "week": week.isoformat(),
                "currency": currency,
                "gmv": v["gmv"],
                "net_revenue": net,
                "fees": v["fees"] - v["fees_refunded"],
                "commission": v["commission"] - v["commission_refunded"],
                "refunds": v["refunds"],
                "units": v["units_paid"],
                "cancelled": v["units_cancelled"],
                "refunded": v["units_refunded"],
            }
        )
    labels = f.week_labels
    panel_charts = []
    by_currency: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in rows:
        by_currency[r["currency"]][r["week"]] = r
    weeks = [w.isoformat() for w in f.week_starts]
    for currency, by_week in sorted(by_currency.items()):
        gmv = [major(by_week[w]["gmv"], currency) if w in by_week else 0 for w in weeks]
        net = [major(by_week[w]["net_revenue"], currency) if w in by_week else 0 for w in weeks]
        panel_charts.append(
            charts.bars(
                labels,
                [(_("GMV"), gmv), (_("Net revenue"), net)],
                title=_("GMV and net revenue per week, %(cur)s") % {"cur": currency},
            )
        )
    return Panel(
        "revenue",
        _("GMV and net revenue per week"),
        [
            Column("week", _("Week of"), "text"),
            Column("currency", _("Currency"), "text"),
            Column("gmv", _("GMV"), "money"),
            Column("net_revenue", _("Net revenue"), "money"),
            Column("fees", _("Service fees"), "money"),
            Column("commission", _("Commissions"), "money"),
            Column("refunds", _("Refunded to buyers"), "money"),
            Column("units", _("Units sold")),
            Column("cancelled", _("Units cancelled")),
            Column("refunded", _("Units refunded")),
        ],
        rows,
        panel_charts,
        rate_notes(conv),
    )


def markets_summary(f: Filters) -> Panel:
    """Per market: this period against the previous one — "how did we do last week, per market"."""
    conv = converter(f)
    totals: dict[tuple, dict] = defaultdict(dict)
    names = ("gmv", "fees", "commission", "fees_refunded", "commission_refunded", "refunds")
    for label, (start, end) in (("now", (f.start, f.end)), ("before", f.previous)):
        raw = (
            narrow(sales_rollup(f), f, start=start, end=end)
            .values("market", "currency")
            .annotate(**{n: Sum(n) for n in (*names, "units_paid")})
            .order_by()
        )
        for r in raw:
            sums = {"currency": r["currency"], **{f"{label}_{n}": r[n] or 0 for n in (*names, "units_paid")}}
            key = money_sum(totals, (r["market"],), sums, tuple(f"{label}_{n}" for n in names), conv)
            totals[key][f"{label}_units_paid"] = totals[key].get(f"{label}_units_paid", 0) + (
                r["units_paid"] or 0
            )
    order = {m.code: i for i, m in enumerate(markets.all_markets())}
    rows = []
    for (market, currency), v in sorted(totals.items(), key=lambda kv: (order.get(kv[0][0], 99), kv[0][1])):

        def get(name, v=v):
            return v.get(name, 0)

        net_now = (
            get("now_fees")
            + get("now_commission")
            - get("now_fees_refunded")
            - get("now_commission_refunded")
        )
        net_before = (
            get("before_fees")
            + get("before_commission")
            - get("before_fees_refunded")
            - get("before_commission_refunded")
        )
        rows.append(
            {
                "market": market,
                "currency": currency,
                "gmv": get("now_gmv"),
                "gmv_previous": get("before_gmv"),
                "gmv_growth": growth(get("now_gmv"), get("before_gmv")),
                "net_revenue": net_now,
                "net_revenue_previous": net_before,
                "net_revenue_growth": growth(net_now, net_before),
                "refunds": get("now_refunds"),
                "units": get("now_units_paid"),
            }
        )
    labels = [f"{r['market']} {r['currency']}" for r in rows]
    chart = charts.bars(
        labels,
        [
            (_("GMV growth"), [r["gmv_growth"] for r in rows]),
            (_("Net revenue growth"), [r["net_revenue_growth"] for r in rows]),
        ],
        title=_("Growth against the previous period, per market"),
        fmt=charts.percent,
    )
    return Panel(
        "markets",
        _("Per market, against the previous period"),
        [
            Column("market", _("Market"), "text"),
            Column("currency", _("Currency"), "text"),
            Column("gmv", _("GMV"), "money"),
            Column("gmv_previous", _("GMV, previous period"), "money"),
            Column("gmv_growth", _("GMV growth"), "growth"),
            Column("net_revenue", _("Net revenue"), "money"),
            Column("net_revenue_previous", _("Net revenue, previous period"), "money"),
            Column("net_revenue_growth", _("Net revenue growth"), "growth"),
            Column("refunds", _("Refunded to buyers"), "money"),
            Column("units", _("Units sold")),
        ],
        rows,
        [chart] if rows else [],
        rate_notes(conv),
    )


def orders(f: Filters) -> Panel:
    conv = converter(f)
    raw = (
        narrow(OrdersDay.objects, f, start=f.start, end=f.end, dims=False)
        .values("week", "market", "currency")
        .annotate(orders=Sum("orders"), items_amount=Sum("items_amount"))
        .order_by()
    )
    weekly: dict[tuple, dict] = defaultdict(dict)
    for r in raw:
        key = money_sum(weekly, (r["week"], r["market"]), r, ("items_amount",), conv)
        weekly[key]["orders"] = weekly[key].get("orders", 0) + r["orders"]
    rows = [
        {
            "week": week.isoformat(),
            "market": market,
            "currency": currency,
            "orders": v["orders"],
            "items_amount": v["items_amount"],
            "average_order_value": round(v["items_amount"] / v["orders"]) if v["orders"] else None,
        }
        for (week, market, currency), v in sorted(weekly.items())
    ]
    market_codes = sorted({r["market"] for r in rows})
    labels = f.week_labels
    series = []
    for code in market_codes:
        by_week = defaultdict(int)
        for r in rows:
            if r["market"] == code:
                by_week[r["week"]] += r["orders"]
        series.append((code, [by_week.get(w.isoformat(), 0) for w in f.week_starts]))
    notes = rate_notes(conv)
    if f.narrowed:
        notes.insert(
            0, _("Orders span sellers and categories: this panel ignores the category and seller filters.")
        )
    return Panel(
        "orders",
        _("Orders and average order value per market"),
        [
            Column("week", _("Week of"), "text"),
            Column("market", _("Market"), "text"),
            Column("currency", _("Currency"), "text"),
            Column("orders", _("Orders")),
            Column("items_amount", _("Basket value"), "money"),
            Column("average_order_value", _("Average order value"), "money"),
        ],
        rows,
        [charts.bars(labels, series, title=_("Orders paid per week, per market"))] if rows else [],
        notes,
    )


def sellers(f: Filters) -> Panel:
    """Each market's latest snapshot (the last refresh's count): a status is a now, not a history."""
    qs = SellerStatusDay.objects.all()
    if f.market:
        qs = qs.filter(market=f.market)
    latest = dict(qs.values("market").annotate(day=Max("day")).values_list("market", "day"))
    counts: dict[tuple, int] = {}
    for market, day, status, n in qs.values_list("market", "day", "status", "sellers"):
        if latest.get(market) == day:
            counts[(market, status)] = n
    statuses = ["applied", "probation", "full", "suspended", "removed"]
    codes = [m.code for m in markets.all_markets() if m.code in latest]
    rows = [
        {"market": code, "as_of": latest[code].isoformat(), **{s: counts.get((code, s), 0) for s in statuses}}
        for code in codes
    ]
    from comeback.sellers.models import SellerStatus

    label = dict(SellerStatus.choices)
    series = [(str(label.get(s, s)), [r[s] for r in rows]) for s in statuses]
    notes = [
        _(
            "Sellers allowed to sell in each market (a seller may sell in several), as counted by the last refresh."
        )
    ]
    if f.narrowed:
        notes.append(_("The category and seller filters do not apply to this panel."))
    return Panel(
        "sellers",
        _("Sellers per market and status"),
        [
            Column("market", _("Market"), "text"),
            Column("as_of", _("As of"), "text"),
            *[Column(s, str(label.get(s, s))) for s in statuses],
        ],
        rows,
        [charts.bars(codes, series, title=_("Sellers per market and status"))] if rows else [],
        notes,
    )


PANELS: dict[str, Callable[[Filters], Panel]] = {
    "markets": markets_summary,
    "revenue": revenue,
    "orders": orders,
    "sellers": sellers,
    "tradeins": tradeins,
    "quality": quality,
    "seller_quality": seller_quality,
    "durations": durations,
    "impact": impact,
}


def panel(key: str, f: Filters) -> Panel | None:
    build = PANELS.get(key)
    return build(f) if build else None


def dashboard(f: Filters) -> list[Panel]:
    return [build(f) for build in PANELS.values()]


def correct_to() -> Refresh | None:
    return Refresh.objects.order_by("-correct_to", "-id").first()


def filter_choices() -> dict:
    from comeback.catalog.models import Category
    from comeback.sellers.models import Seller

    return {
        "markets": markets.all_markets(),
        "currencies": sorted({m.currency for m in markets.all_markets()}),
        "categories": list(
            Category.objects.order_by("parent_id", "sort_order", "name").values_list("pk", "name")
        ),
        "sellers": list(Seller.objects.order_by("display_name").values_list("pk", "display_name")),
    }
