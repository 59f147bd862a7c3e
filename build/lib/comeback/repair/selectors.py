"""Repair reads: parts on offer, stock, locations, bookings and jobs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from comeback.core import clock

from . import geo
from .models import (
    Booking,
    BookingStatus,
    Job,
    JobStatus,
    Location,
    Part,
    PartPrice,
    PartSource,
    PartType,
    Service,
    ServiceKind,
    Stock,
)


def part_types() -> list[tuple[str, str]]:
    """Every part type as (value, label)."""
    return [(value, str(label)) for value, label in PartType.choices]


@dataclass(frozen=True)
class PartAvailability:
    part: Part
    quantity_here: int  # at the location asked about (0 when none asked)
    quantity_total: int  # at every location

    @property
    def donor(self):
        return self.part.donor_passport if self.part.source == PartSource.HARVESTED else None


def parts_for(
    *, product, location=None, part_type: str | None = None, in_stock_only: bool = False, seller=None
) -> list[PartAvailability]:
    """Active parts compatible with `product`, with the quantity at `location` and overall, best stocked first.

    `seller` narrows to the parts that refurbisher manages (refurbishing uses its own stock).
    """
    parts = (
        Part.objects.filter(is_active=True, compatible_models=product)
        .select_related("donor_passport", "seller")
        .prefetch_related(
            Prefetch("prices", queryset=PartPrice.objects.order_by("market_id")), "compatible_models"
        )
        .annotate(total=Sum("stock__quantity"))
    )
    if part_type:
        parts = parts.filter(part_type=part_type)
    if seller is not None:
        parts = parts.filter(seller=seller)
    here: dict[int, int] = {}
    if location is not None:
        here = dict(
            Stock.objects.filter(location=location, part__in=[p.pk for p in parts]).values_list(
                "part_id", "quantity"
            )
        )
    out = [PartAvailability(p, here.get(p.pk, 0), p.total or 0) for p in parts]
    if in_stock_only:
        out = [a for a in out if (a.quantity_here if location is not None else a.quantity_total) > 0]
    out.sort(
        key=lambda a: (
            a.part.part_type,
            -a.quantity_here,
            -a.quantity_total,
            a.part.lead_time_days,
            a.part.pk,
        )
    )
    return out


def managed_parts(*, user, query: str = "", part_type: str = ""):
    """The parts a user manages: all for staff, a refurbisher's own otherwise."""
    from . import access

    parts = Part.objects.select_related("seller", "donor_passport").prefetch_related(
        "compatible_models", "prices"
    )
    if not access.is_staff(user):
        seller = access.seller_of(user)
        parts = parts.filter(seller=seller) if seller is not None else parts.none()
    if query:
        fits = Part.compatible_models.through.objects.filter(productmodel__name__icontains=query)
        parts = parts.filter(
            Q(name__icontains=query) | Q(sku__icontains=query) | Q(pk__in=fits.values("part_id"))
        )
    if part_type:
        parts = parts.filter(part_type=part_type)
    # A subquery, not a join: a join on other many-valued relations would multiply the sum.
    totals = Stock.objects.filter(part=OuterRef("pk")).values("part").annotate(n=Sum("quantity")).values("n")
    return parts.annotate(total=Coalesce(Subquery(totals), 0)).order_by("part_type", "name")


# Locations ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Nearby:
    location: Location
    distance_km: float
    service: Service | None  # the service asked for, when one was


KM_PER_DEGREE_LAT = 111.2


def nearest(
    *, lat: float, lon: float, service: str | None = None, limit: int = 20, radius_km: float | None = None
) -> list[Nearby]:
    """Public, active locations nearest first (great-circle distance), optionally offering `service`.

    With `radius_km` a latitude band narrows the rows read before the exact distance is computed.
    """
    geo.check_point(lat, lon)
    rows = (
        Location.objects.filter(is_public=True, is_active=True, latitude__isnull=False)
        .select_related("market", "store")
        .prefetch_related("services", "hours")
    )
    if service:
        rows = rows.filter(services__kind=service, services__is_active=True)
    if radius_km is not None:
        band = radius_km / KM_PER_DEGREE_LAT
        rows = rows.filter(latitude__gte=lat - band, latitude__lte=lat + band)
    found = []
    for loc in rows.distinct():
        distance = geo.haversine_km(lat, lon, float(loc.latitude), float(loc.longitude))
        if radius_km is not None and distance > radius_km:
            continue
        offered = (
            next((s for s in loc.services.all() if s.kind == service and s.is_active), None)
            if service
            else None
        )
        loc.distance_km = distance  # what the API answer shows beside it
        found.append(Nearby(loc, distance, offered))
    found.sort(key=lambda n: (n.distance_km, n.location.pk))
    return found[:limit]


def with_bonuses(locations: list[Location], *, day) -> list[Location]:
    """The locations as their API answer reads them: each one's `bonus_rates` (service kind → rate), and on
    each active service the `bonus_rate` and the `bonus_amount` it deducts from the price (two queries)."""
    from . import bonus

    rates = bonus.rates_by_location(locations, day=day)
    for loc in locations:
        loc.bonus_rates = rates.get(loc.pk, {})
        for s in loc.services.all():
            s.bonus_rate = loc.bonus_rates.get(s.kind)
            s.bonus_amount = bonus.amount_on(s.bonus_rate, s.price_amount, s.currency)
    return locations


def public_location(location_id: int) -> Location | None:
    return (
        Location.objects.filter(pk=location_id, is_public=True, is_active=True)
        .select_related("market", "store")
        .prefetch_related("hours", "services")
        .first()
    )


def services_of(location: Location) -> list[Service]:
    return sorted(
        (s for s in location.services.all() if s.is_active),
        key=lambda s: (s.kind != ServiceKind.BATTERY, s.kind),
    )


def locations_of(user) -> list[Location]:
    """Where a user works (member, the refurbisher's own, or all for staff)."""
    from . import access

    rows = Location.objects.select_related("market").order_by("name")
    if access.is_staff(user):
        return list(rows)
    seller = access.seller_of(user)
    q = Q(members__user=user)
    if seller is not None:
        q |= Q(seller=seller)
    return list(rows.filter(q).distinct())


# Bookings and jobs ---------------------------------------------------------------------------------------
def bookings_of(customer) -> list[Booking]:
    return list(
        Booking.objects.filter(customer=customer)
        .select_related("location", "service", "product__brand", "location__market", "job", "bonus_rate")
        .order_by("-starts_at")
    )


def desk(*, location: Location, day=None) -> dict:
    """A repairer's day at a location: bookings of the local day, open jobs, recent finished jobs."""
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(location.timezone)
    day = day or clock.local_date(clock.now(), location.timezone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    bookings = (
        Booking.objects.filter(
            location=location, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
        )
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("service", "product__brand", "customer", "job")  # a model's name reads its brand
        .order_by("starts_at")
    )
    jobs = Job.objects.filter(location=location).select_related("product__brand", "booking", "passport")
    return {
        "day": day,
        "bookings": list(bookings),
        "open_jobs": list(jobs.filter(status=JobStatus.OPEN).order_by("created_at")),
        "done_jobs": list(jobs.exclude(status=JobStatus.OPEN).order_by("-completed_at")[:20]),
    }
