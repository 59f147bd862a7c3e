"""Operations panels: trade-ins, quality (platform and per seller), durations and avoided impact."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from comeback.core import charts
from comeback.sellers.metrics import Rate

from .filters import Filters
from .models import ALL_MARKETS, QUALITY_SUMS, Duration, DurationDay, DurationWeek, ImpactWeek, TradeInsDay
from .panel import Column, Panel, narrow, ratio, sales_rollup

SELLER_TABLE_SIZE = 25


# --- -------------------------------------------------------------------


def tradeins(f: Filters) -> Panel:
    raw = (
        narrow(TradeInsDay.objects, f, start=f.start, end=f.end)
        .values("week")
        .annotate(
            started=Sum("started"),
            received=Sum("received"),
            counter_offered=Sum("counter_offered"),
            paid=Sum("paid"),
        )
        .order_by()
    )
    weekly: dict[date, dict] = defaultdict(lambda: defaultdict(int))
    for r in raw:
        for n in ("started", "received", "counter_offered", "paid"):
            weekly[r["week"]][n] += r[n] or 0
    rows = [
        {
            "week": w.isoformat(),
            **weekly[w],
            "counter_share": ratio(weekly[w]["counter_offered"], weekly[w]["received"]),
        }
        for w in f.week_starts
    ]
    rows = [
        {
            "week": r["week"],
            "started": r.get("started", 0),
            "received": r.get("received", 0),
            "counter_offered": r.get("counter_offered", 0),
            "counter_share": r["counter_share"],
            "paid": r.get("paid", 0),
        }
        for r in rows
    ]
    labels = f.week_labels
    chart = charts.bars(
        labels,
        [
            (_("Started"), [r["started"] for r in rows]),
            (_("Received"), [r["received"] for r in rows]),
            (_("Paid"), [r["paid"] for r in rows]),
        ],
        title=_("Trade-ins per week"),
    )
    return Panel(
        "tradeins",
        _("Trade-ins started, received and paid"),
        [
            Column("week", _("Week of"), "text"),
            Column("started", _("Started")),
            Column("received", _("Received")),
            Column("counter_offered", _("Counter-offered")),
            Column("counter_share", _("Share counter-offered"), "rate"),
            Column("paid", _("Paid")),
        ],
        rows,
        [chart],
        [_("Share counter-offered = counter-offers made ÷ devices received, in the same week.")],
    )


def _quality_row(v: dict) -> dict:
    defects = v.get("defect_returns", 0) + v.get("defect_claims", 0)
    delivered = v.get("units_delivered", 0)
    return {
        "delivered": delivered,
        "returns": v.get("returns", 0),
        "defects": defects,
        "claims": v.get("claims", 0),
        "defect_rate": ratio(min(defects, delivered), delivered),
        "return_rate": ratio(min(v.get("returns", 0), delivered), delivered),
        "claim_rate": ratio(min(v.get("claims", 0), delivered), delivered),
    }


def quality(f: Filters) -> Panel:
    raw = (
        narrow(sales_rollup(f), f, start=f.start, end=f.end)
        .values("week")
        .annotate(**{n: Sum(n) for n in QUALITY_SUMS})
        .order_by()
    )
    weekly: dict[date, dict] = defaultdict(lambda: defaultdict(int))
    for r in raw:
        for n in QUALITY_SUMS:
            weekly[r["week"]][n] += r[n] or 0
    rows = [{"week": w.isoformat(), **_quality_row(weekly[w])} for w in f.week_starts]
    labels = f.week_labels
    chart = charts.lines(
        labels,
        [
            (_("Defect rate"), [r["defect_rate"] for r in rows]),
            (_("Return rate"), [r["return_rate"] for r in rows]),
            (_("Claim rate"), [r["claim_rate"] for r in rows]),
        ],
        title=_("Defect, return and claim rates per week"),
        fmt=charts.percent,
    )
    return Panel(
        "quality",
        _("Defect, return and claim rates"),
        [
            Column("week", _("Week of"), "text"),
            Column("delivered", _("Delivered")),
            Column("returns", _("Returns")),
            Column("defects", _("Defects")),
            Column("claims", _("Claims")),
            Column("defect_rate", _("Defect rate"), "rate"),
            Column("return_rate", _("Return rate"), "rate"),
            Column("claim_rate", _("Claim rate"), "rate"),
        ],
        rows,
        [chart],
        [_("Rates divide the week's events by the units delivered that week (docs/insights.md).")],
    )


def seller_quality(f: Filters) -> Panel:
    """Which sellers drag quality down: ranked by the Wilson lower bound of their defect rate, so a seller
    with one unlucky sale does not top a seller with a confirmed problem."""
    raw = (
        narrow(sales_rollup(f, per_seller=True), f, start=f.start, end=f.end)
        .values("seller_id")
        .annotate(**{n: Sum(n) for n in QUALITY_SUMS})
        .order_by()
    )
    scored = []
    for r in raw:
        row = _quality_row(r)
        if not row["delivered"] and not row["defects"]:
            continue
        bound = Rate.of("defect_rate", row["defects"], row["delivered"])
        row.update(
            seller_id=r["seller_id"], defect_lower=round(bound.lower, 6), cancelled=r["units_cancelled"] or 0
        )
        scored.append(row)
    scored.sort(key=lambda r: (-r["defect_lower"], -r["defects"], r["seller_id"]))
    scored = scored[:SELLER_TABLE_SIZE]
    from comeback.sellers.models import Seller

    names = dict(
        Seller.objects.filter(pk__in=[r["seller_id"] for r in scored]).values_list("pk", "display_name")
    )
    rows = [
        {
            "seller_id": r["seller_id"],
            "seller": names.get(r["seller_id"], _("unknown")),
            **{
                k: r[k]
                for k in (
                    "delivered",
                    "defects",
                    "defect_rate",
                    "defect_lower",
                    "returns",
                    "return_rate",
                    "claims",
                    "claim_rate",
                    "cancelled",
                )
            },
        }
        for r in scored
    ]
    top = rows[:10]
    chart = charts.bars(
        [r["seller"][:14] for r in top],
        [
            (_("Defect rate"), [r["defect_rate"] for r in top]),
            (_("Lower bound (95%)"), [r["defect_lower"] for r in top]),
        ],
        title=_("Sellers with the highest defect rates"),
        fmt=charts.percent,
    )
    return Panel(
        "seller_quality",
        _("Sellers dragging quality down"),
        [
            Column("seller_id", _("Seller id")),
            Column("seller", _("Seller"), "text"),
            Column("delivered", _("Delivered")),
            Column("defects", _("Defects")),
            Column("defect_rate", _("Defect rate"), "rate"),
            Column("defect_lower", _("Defect rate, lower bound"), "rate"),
            Column("returns", _("Returns")),
            Column("return_rate", _("Return rate"), "rate"),
            Column("claims", _("Claims")),
            Column("claim_rate", _("Claim rate"), "rate"),
            Column("cancelled", _("Cancelled")),
        ],
        rows,
        [chart] if rows else [],
        [
            _(
                "Ranked by the 95%% Wilson lower bound of the defect rate over the period (docs/seller-quality.md); "
                "the top %(n)s sellers."
            )
            % {"n": SELLER_TABLE_SIZE}
        ],
    )


def median_hours(histogram: dict) -> float | None:
    """The median of an {hours: count} histogram (the mean of the two middle values for an even count)."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(k: int) -> int:
        seen = 0
        for hours, n in ordered:
            seen += n
            if seen > k:
                return hours
        return ordered[-1][0]

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def merged_histogram(qs: QuerySet) -> dict[int, int]:
    return dict(qs.values_list("hours").annotate(n=Sum("count")).order_by().values_list("hours", "n"))


def durations(f: Filters) -> Panel:
    summary: dict[tuple, tuple[int, float | None]] = {}
    if f.narrowed:  # seller or category: add up the daily hour buckets of the slice
        weekly: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
        qs = narrow(DurationDay.objects, f, start=f.start, end=f.end)
        for week, kind, hours, n in (
            qs.values_list("week", "kind", "hours").annotate(n=Sum("count")).order_by()
        ):
            weekly[(week, kind)][hours] += n
        for (week, kind), hist in weekly.items():
            summary[(week, kind)] = (sum(hist.values()), median_hours(hist))
    else:
        # Counts and medians per week, of one market or of all markets, as the last refresh computed them.
        qs = DurationWeek.objects.filter(
            week__gte=f.start, week__lte=f.end, market=f.market or ALL_MARKETS
        ).values_list("week", "kind", "durations", "median_hours")
        summary = {(week, kind): (n, median) for week, kind, n, median in qs}
    kinds = [Duration.PAYOUT, Duration.TRADEIN_PAY, Duration.CLAIM_RESOLVE]
    rows = []
    for w in f.week_starts:
        row = {"week": w.isoformat()}
        for kind in kinds:
            row[f"{kind}_count"], row[f"{kind}_median_hours"] = summary.get((w, kind), (0, None))
        rows.append(row)
    labels = f.week_labels
    chart = charts.lines(
        labels,
        [(str(Duration(k).label), [r[f"{k}_median_hours"] for r in rows]) for k in kinds],
        title=_("Median hours per week"),
    )
    columns = [Column("week", _("Week of"), "text")]
    for kind in kinds:
        columns += [
            Column(f"{kind}_count", _("%(what)s: how many") % {"what": Duration(kind).label}),
            Column(
                f"{kind}_median_hours", _("%(what)s: median hours") % {"what": Duration(kind).label}, "hours"
            ),
        ]
    return Panel(
        "durations",
        _("Time to payout, to pay a trade-in, to resolve a claim"),
        columns,
        rows,
        [chart],
        [_("Each duration counts in the week its clock stopped; medians are exact to the hour.")],
    )


def impact(f: Filters) -> Panel:
    """Avoided impact per week and cumulated. Unfiltered: recovery's impact_summary per day (units sold,
    refurbished and repaired, e-waste by weight). With a category or seller filter (which that summary
    does not have): one year of use per unit delivered in the slice, at its category's factor."""
    per_unit = f.narrowed or not ImpactWeek.objects.exists()
    if per_unit:
        source, sums = (
            sales_rollup(f),
            {"units": "units_delivered", "co2e": "co2e_g", "materials": "materials_g"},
        )
    else:
        source = ImpactWeek.objects
        sums = {"units": "units", "co2e": "co2e_g", "materials": "materials_g", "e_waste": "e_waste_g"}
    before = narrow(
        source, f, start=date(1970, 1, 1), end=f.start - timedelta(days=1), dims=per_unit
    ).aggregate(**{k: Sum(v) for k, v in sums.items()})
    totals = {k: before[k] or 0 for k in sums}
    weekly = {
        r["week"]: r
        for r in narrow(source, f, start=f.start, end=f.end, dims=per_unit)
        .values("week")
        .annotate(**{k: Sum(v) for k, v in sums.items()})
        .order_by()
    }
    rows = []
    for w in f.week_starts:
        v = weekly.get(w, {})
        for k in sums:
            totals[k] += v.get(k) or 0
        rows.append(
            {
                "week": w.isoformat(),
                "units": v.get("units") or 0,
                "co2e_kg": str(_kg(v.get("co2e") or 0)),
                "materials_kg": str(_kg(v.get("materials") or 0)),
                "e_waste_kg": None if per_unit else str(_kg(v.get("e_waste") or 0)),
                "co2e_kg_cumulated": str(_kg(totals["co2e"])),
                "materials_kg_cumulated": str(_kg(totals["materials"])),
                "e_waste_kg_cumulated": None if per_unit else str(_kg(totals["e_waste"])),
            }
        )
    labels = f.week_labels
    series = [
        (_("CO2e avoided, kg, cumulated"), [float(r["co2e_kg_cumulated"]) for r in rows]),
        (_("Raw materials avoided, kg, cumulated"), [float(r["materials_kg_cumulated"]) for r in rows]),
    ]
    if not per_unit:
        series.append((_("E-waste avoided, kg, cumulated"), [float(r["e_waste_kg_cumulated"]) for r in rows]))
    if per_unit:
        note = _(
            "This slice: one year of use per unit delivered, at its category's published factor "
            "(comeback.passports.impact). E-waste needs the platform-wide count, without filters."
        )
    else:
        note = _(
            "Units sold, refurbished and repaired each week, each counted once, with one year of use at "
            "the published factors, e-waste by weight (comeback.recovery impact summary)."
        )
    return Panel(
        "impact",
        _("Avoided CO2e and e-waste"),
        [
            Column("week", _("Week of"), "text"),
            Column("units", _("Units")),
            Column("co2e_kg", _("CO2e avoided (kg)"), "kg"),
            Column("materials_kg", _("Raw materials avoided (kg)"), "kg"),
            Column("e_waste_kg", _("E-waste avoided (kg)"), "kg"),
            Column("co2e_kg_cumulated", _("CO2e, cumulated (kg)"), "kg"),
            Column("materials_kg_cumulated", _("Raw materials, cumulated (kg)"), "kg"),
            Column("e_waste_kg_cumulated", _("E-waste, cumulated (kg)"), "kg"),
        ],
        rows,
        [charts.lines(labels, series, title=_("Avoided impact, cumulated"))],
        [note],
    )


def _kg(grams: int) -> Decimal:
    return (Decimal(grams) / 1000).quantize(Decimal("0.1"))
