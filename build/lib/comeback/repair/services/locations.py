"""Repair locations: create them, set their opening hours and services, attach repairers (staff; a
refurbisher for its own locations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid

from .. import access, geo
from ..models import Location, LocationKind, Membership, OpeningHours, Service, ServiceKind


@dataclass(frozen=True)
class LocationDraft:
    name: str
    kind: str
    market: str
    address: str
    city: str
    latitude: float
    longitude: float
    postal_code: str = ""
    timezone: str = ""
    phone: str = ""
    email: str = ""
    bays: int = 1
    store: object = None  # a tradein.Store this location is
    seller: object = None  # the refurbisher running it


def create_location(*, draft: LocationDraft, actor) -> Location:
    if not access.is_staff(actor):
        seller = access.seller_of(actor)
        access.ensure(
            seller is not None and draft.seller in (None, seller),
            _("Only staff and refurbishers create repair locations."),
        )
        draft = LocationDraft(**{**draft.__dict__, "seller": seller})
    if draft.kind not in LocationKind.values:
        raise Invalid.field("kind", "invalid_choice", _("Unknown location kind."))
    market = markets.get(draft.market)
    geo.check_point(draft.latitude, draft.longitude)
    tz = draft.timezone or market.timezone
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid.field("timezone", "unknown_timezone", _("Unknown timezone %s.") % tz) from None
    base = slugify(f"{draft.name} {draft.city}")[:70] or "location"
    with transaction.atomic():
        slug, n = base, 1
        while Location.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return Location.objects.create(
            slug=slug,
            name=draft.name.strip(),
            kind=draft.kind,
            seller=draft.seller,
            store=draft.store,
            market=market,
            address=draft.address.strip(),
            postal_code=draft.postal_code.strip(),
            city=draft.city.strip(),
            latitude=Decimal(str(round(draft.latitude, 6))),
            longitude=Decimal(str(round(draft.longitude, 6))),
            timezone=tz,
            phone=draft.phone,
            email=draft.email,
            bays=draft.bays,
            created_at=clock.now(),
        )


def set_hours(*, location: Location, hours: list[tuple[int, time, time]], actor) -> list[OpeningHours]:
    """Replace a location's week: [(weekday 0=Monday, opens, closes), …]; intervals of a day may not overlap."""
    access.ensure_manages_location(actor, location)
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, opens, closes in hours:
        if not 0 <= weekday <= 6 or opens >= closes:
            raise Invalid.field(
                "hours", "invalid_hours", _("Each interval is a weekday and opens before it closes.")
            )
        by_day.setdefault(weekday, []).append((opens, closes))
    for intervals in by_day.values():
        intervals.sort()
        if any(a[1] > b[0] for a, b in zip(intervals, intervals[1:], strict=False)):
            raise Invalid.field(
                "hours", "overlapping_hours", _("Opening intervals of a day may not overlap.")
            )
    with transaction.atomic():
        OpeningHours.objects.filter(location=location).delete()
        return OpeningHours.objects.bulk_create(
            [OpeningHours(location=location, weekday=d, opens=o, closes=c) for d, o, c in hours]
        )


def set_service(
    *, location: Location, kind: str, price: Money, duration_minutes: int, actor, active: bool = True
) -> Service:
    access.ensure_manages_location(actor, location)
    if kind not in ServiceKind.values:
        raise Invalid.field("kind", "invalid_choice", _("Unknown service."))
    if price.currency != location.market.currency or price.amount < 0:
        raise Invalid.field(
            "price", "invalid_price", _("The price is in %s and not negative.") % location.market.currency
        )
    if not 5 <= duration_minutes <= 480:
        raise Invalid.field(
            "duration_minutes", "duration_out_of_range", _("A service lasts 5 to 480 minutes.")
        )
    with transaction.atomic():
        service, _created = Service.objects.update_or_create(
            location=location,
            kind=kind,
            defaults={
                "price_amount": price.amount,
                "currency": price.currency,
                "duration_minutes": duration_minutes,
                "is_active": active,
            },
        )
    return service


def add_member(*, location: Location, user, actor) -> Membership:
    access.ensure_manages_location(actor, location)
    try:
        with transaction.atomic():
            return Membership.objects.create(user=user, location=location, created_at=clock.now())
    except IntegrityError:
        raise Conflict(_("This person already works here."), code="already_a_member") from None
