"""Reads of recovery: the inventory of collected devices (by route and age, the forgotten ones flagged), one
device's page, and the avoided impact of a period (`impact_summary`, for the operator's dashboard)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.utils.translation import ngettext

from comeback.core import clock, locales
from comeback.passports import impact
from comeback.tradein.models import Route, TradeIn, TradeInStatus

from . import processes
from .models import DONE, CollectedDevice, Collection, Recycler, Step
from .models import Status as S

STALE_AFTER = timedelta(days=14)  # a device with no progress for longer is flagged: nothing sits forgotten
# Age since the device was received, in days: (label, first day, last day or None).
AGE_BUCKETS = [
    ("0-7", 0, 7),
    ("8-14", 8, 14),
    ("15-30", 15, 30),
    ("31+", 31, None),
]  # (key, first day, last day)


def bucket_label(first: int, last: int | None) -> str:
    """ "0–7 days", "over 30 days": the words follow the bucket's bounds, written in the page's language."""
    if last is None:
        return ngettext("over %(days)s day", "over %(days)s days", first - 1) % {
            "days": locales.number(first - 1)
        }
    return ngettext("%(first)s–%(last)s day", "%(first)s–%(last)s days", last) % {
        "first": locales.number(first),
        "last": locales.number(last),
    }


# Trade-ins whose device is collected: the price agreed (validated; paid) — the route is decided then.
COLLECTED = (TradeInStatus.VALIDATED, TradeInStatus.PAID)
STATES = ("open", "done", "stale")


def bucket_of(days: int) -> str:
    for key, first, last in AGE_BUCKETS:
        if days >= first and (last is None or days <= last):
            return key
    return AGE_BUCKETS[-1][0]


@dataclass
class Row:
    """One collected device in the inventory, whether or not a step has been taken yet."""

    tradein: TradeIn
    device: CollectedDevice | None
    route: str
    status: str
    received_at: datetime
    last_progress_at: datetime
    age_days: int
    idle_days: int
    awaiting_payout: bool

    @property
    def ref(self) -> str:
        return self.tradein.ref

    @property
    def done(self) -> bool:
        return self.status in DONE

    @property
    def stale(self) -> bool:
        return not self.done and self.idle_days > STALE_AFTER.days

    @property
    def bucket(self) -> str:
        return bucket_of(self.age_days)

    @property
    def route_label(self) -> str:
        return Route(self.route).label

    @property
    def status_label(self) -> str:
        return S(self.status).label


def _row(t: TradeIn, at: datetime) -> Row:
    device = getattr(t, "recovery", None)
    received = (device.received_at if device else None) or t.received_at or t.validated_at or t.accepted_at
    progress = device.moved_at if device else (t.paid_at or t.validated_at or received)
    end = device.done_at if device and device.done_at else at
    return Row(
        tradein=t,
        device=device,
        route=device.route if device else t.route.route,
        status=device.status if device else S.AWAITING,
        received_at=received,
        last_progress_at=progress,
        age_days=max(0, (end - received).days),
        idle_days=max(0, (at - progress).days),
        awaiting_payout=t.status != TradeInStatus.PAID,
    )


def inventory(
    *, seller=None, route: str | None = None, state: str | None = None, at: datetime | None = None
) -> list[Row]:
    """Every collected device (a refurbisher's, or all for staff), oldest first; `state` open / done / stale."""
    at = at or clock.now()
    qs = (
        TradeIn.objects.filter(status__in=COLLECTED, route__isnull=False)
        .select_related("route", "recovery__collection", "recovery__recycler", "product__brand", "seller")
        .prefetch_related("recovery__parts_fitted", "recovery__parts_harvested")
        .order_by("received_at", "pk")
    )
    if seller is not None:
        qs = qs.filter(seller=seller)
    rows = [_row(t, at) for t in qs]
    if route:
        rows = [r for r in rows if r.route == route]
    if state == "open":
        rows = [r for r in rows if not r.done]
    elif state == "done":
        rows = [r for r in rows if r.done]
    elif state == "stale":
        rows = [r for r in rows if r.stale]
    return rows


@dataclass
class Summary:
    """Counts for the chart: open devices per route and age bucket, done per route, the stale ones."""

    open: dict[str, dict[str, int]] = field(default_factory=dict)
    done: dict[str, int] = field(default_factory=dict)
    stale: int = 0
    total: int = 0


def summarise(rows: list[Row]) -> Summary:
    summary = Summary(
        open={r: {b[0]: 0 for b in AGE_BUCKETS} for r in Route.values}, done=dict.fromkeys(Route.values, 0)
    )
    for row in rows:
        summary.total += 1
        if row.done:
            summary.done[row.route] += 1
        else:
            summary.open[row.route][row.bucket] += 1
            summary.stale += row.stale
    return summary


def row_for(tradein: TradeIn, at: datetime | None = None) -> Row:
    t = TradeIn.objects.select_related("route", "recovery", "product", "seller").get(pk=tradein.pk)
    return _row(t, at or clock.now())


def steps(device: CollectedDevice | None) -> list[Step]:
    return list(Step.objects.filter(device=device).select_related("by")) if device is not None else []


def next_steps(row: Row) -> list[str]:
    """The statuses the device may move to next (for the page's forms), whoever may take them."""
    if row.awaiting_payout:
        return []
    return [str(to) for to, _who in processes.steps_from(row.route, row.status)]


def collections() -> list[Collection]:
    return list(Collection.objects.filter(is_active=True))


def recyclers() -> list[Recycler]:
    return list(Recycler.objects.filter(is_active=True))


# Impact ------------------------------------------------------------------------------------------


def _key(product_id: int, imei: str, serial: str, fallback: str) -> str:
    ident = (imei or "").strip() or (serial or "").strip()
    return f"{product_id}:{ident}" if ident else fallback


def _sold(since, until, market) -> list[impact.Unit]:
    from comeback.orders.models import LineStatus, OrderLine

    lines = (
        OrderLine.objects.filter(shipped_at__gte=since, shipped_at__lt=until)
        .exclude(status__in=[LineStatus.CANCELLED, LineStatus.REFUNDED])
        .select_related("product__category__parent")
    )
    if market:
        lines = lines.filter(order__market_id=market)
    return [
        impact.Unit(
            category=line.product.category,
            weight_grams=line.product.weight_grams,
            activity=impact.SOLD,
            key=_key(line.product_id, line.imei, line.serial, f"line:{line.pk}"),
        )
        for line in lines
    ]


def _refurbished(since, until, market) -> list[impact.Unit]:
    devices = CollectedDevice.objects.filter(
        refurbished_at__gte=since, refurbished_at__lt=until
    ).select_related("product__category__parent", "tradein")
    if market:
        devices = devices.filter(market_id=market)
    return [
        impact.Unit(
            category=d.product.category,
            weight_grams=d.product.weight_grams,
            activity=impact.REFURBISHED,
            key=_key(d.product_id, d.tradein.imei, d.tradein.serial, f"device:{d.pk}"),
        )
        for d in devices
    ]


def _repaired(since, until, market) -> list[impact.Unit]:
    """Units repaired in the repair network (its published jobs), when the repair app is installed."""
    if not apps.is_installed("comeback.repair"):
        return []
    from comeback.repair.models import Job, JobStatus

    jobs = Job.objects.filter(
        status=JobStatus.REPAIRED, completed_at__gte=since, completed_at__lt=until
    ).select_related("product__category__parent", "passport")
    if market:
        jobs = jobs.filter(location__market_id=market)
    return [
        impact.Unit(
            category=j.product.category,
            weight_grams=j.product.weight_grams,
            activity=impact.REPAIRED,
            key=_key(
                j.product_id,
                j.passport.imei if j.passport else "",
                j.passport.maker_serial if j.passport else "",
                f"job:{j.pk}",
            ),
        )
        for j in jobs
    ]


@dataclass
class ImpactSummary:
    since: datetime
    until: datetime
    market: str | None
    totals: impact.Totals
    recycled_kg: float  # collected devices sent to certified recyclers in the period (not avoided: treated)
    upcycled: int
    harvested: int


def impact_summary(*, since: datetime, until: datetime, market: str | None = None) -> ImpactSummary:
    """Avoided CO2e, raw materials and e-waste of the units sold, refurbished and repaired in [since, until),
    optionally in one market; each physical unit counted once (passports.impact.avoided_for_units), and
    what the collected devices that could not be reused became (recycled weight, upcycled, harvested)."""
    units = [
        *_sold(since, until, market),
        *_repaired(since, until, market),
        *_refurbished(since, until, market),
    ]
    ended = CollectedDevice.objects.filter(done_at__gte=since, done_at__lt=until)
    if market:
        ended = ended.filter(market_id=market)
    recycled_grams = sum(ended.filter(status=S.RECYCLED).values_list("weight_grams", flat=True))
    return ImpactSummary(
        since=since,
        until=until,
        market=market,
        totals=impact.avoided_for_units(units),
        recycled_kg=round(recycled_grams / 1000, 1),
        upcycled=ended.filter(status=S.UPCYCLED).count(),
        harvested=ended.filter(status=S.HARVESTED).count(),
    )
