"""Bookable slots, derived from a location's opening hours (in its timezone) and a service's duration.

A location's day is a grid of `slot_minutes` cells per bay. A booking of a service holds the consecutive
cells covering its duration on one bay (SlotHold rows); a start is offered when some bay has all of them
free and the repair ends before closing time. Nothing is stored ahead: slots are computed when asked.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from comeback.core import clock

from .models import Location, OpeningHours, Service, SlotHold

BOOKING_HORIZON_DAYS = 60  # how far ahead customers may book
MIN_NOTICE = timedelta(minutes=30)  # the shop needs a moment to see a booking coming


def cells_for(location: Location, starts_at: datetime, duration_minutes: int) -> list[datetime]:
    step = timedelta(minutes=location.slot_minutes)
    count = math.ceil(duration_minutes / location.slot_minutes)
    start = starts_at.astimezone(UTC)
    return [start + i * step for i in range(count)]


def _intervals(location: Location, day: date) -> list[tuple[datetime, datetime]]:
    zone = ZoneInfo(location.timezone)
    hours = [h for h in _hours(location) if h.weekday == day.weekday()]
    return [
        (
            datetime.combine(day, h.opens, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, h.closes, tzinfo=zone).astimezone(UTC),
        )
        for h in hours
    ]


def _hours(location: Location) -> list[OpeningHours]:
    cached = getattr(location, "_hours_cache", None)
    if cached is None:
        cached = list(location.hours.all())
        location._hours_cache = cached
    return cached


def candidate_starts(location: Location, service: Service, day: date) -> list[datetime]:
    """Every grid start on `day` (local) at which the service fits inside an opening interval."""
    step = timedelta(minutes=location.slot_minutes)
    length = timedelta(minutes=service.duration_minutes)
    out = []
    for opens, closes in _intervals(location, day):
        start = opens
        while start + length <= closes:
            out.append(start)
            start += step
    return out


def _held(
    location: Location, start: datetime, end: datetime, exclude_booking=None
) -> dict[datetime, set[int]]:
    rows = SlotHold.objects.filter(location=location, starts_at__gte=start, starts_at__lt=end)
    if exclude_booking is not None:
        rows = rows.exclude(booking=exclude_booking)
    held: dict[datetime, set[int]] = defaultdict(set)
    for at, bay in rows.values_list("starts_at", "bay"):
        held[at.astimezone(UTC)].add(bay)
    return held


def free_bay(location: Location, cells: list[datetime], held: dict[datetime, set[int]]) -> int | None:
    for bay in range(1, location.bays + 1):
        if all(bay not in held.get(cell, ()) for cell in cells):
            return bay
    return None


def _offered(location: Location, service: Service, day: date, *, at: datetime) -> list[datetime]:
    """Grid starts on the local `day` inside the booking window, whether free or not."""
    if day > (at + timedelta(days=BOOKING_HORIZON_DAYS)).date():
        return []
    return [s for s in candidate_starts(location, service, day) if s >= at + MIN_NOTICE]


def _free(
    location: Location, service: Service, starts: list[datetime], held: dict[datetime, set[int]]
) -> list[datetime]:
    return [s for s in starts if free_bay(location, cells_for(location, s, service.duration_minutes), held)]


def available(
    location: Location, service: Service, day: date, *, at: datetime | None = None, exclude_booking=None
) -> list[datetime]:
    """Starts (aware, UTC) a customer may book on the local `day`."""
    starts = _offered(location, service, day, at=at or clock.now())
    if not starts:
        return []
    held = _held(
        location, starts[0], starts[-1] + timedelta(minutes=service.duration_minutes), exclude_booking
    )
    return _free(location, service, starts, held)


def is_offered(
    location: Location, service: Service, starts_at: datetime, *, at: datetime | None = None
) -> bool:
    """Whether `starts_at` is on the grid, inside opening hours, in the booking window (not whether free)."""
    at = at or clock.now()
    day = starts_at.astimezone(ZoneInfo(location.timezone)).date()
    if starts_at < at + MIN_NOTICE or starts_at > at + timedelta(days=BOOKING_HORIZON_DAYS + 1):
        return False
    return starts_at.astimezone(UTC) in candidate_starts(location, service, day)


def _open_days(location: Location, *, days: int, at: datetime) -> list[date]:
    """The next `days` local days (from today, within the booking horizon) that have opening hours."""
    today = at.astimezone(ZoneInfo(location.timezone)).date()
    out = []
    for offset in range(BOOKING_HORIZON_DAYS):
        day = today + timedelta(days=offset)
        if any(h.weekday == day.weekday() for h in _hours(location)):
            out.append(day)
            if len(out) >= days:
                break
    return out


def free_days(
    wanted: list[tuple[Location, Service]], *, days: int = 7, at: datetime | None = None
) -> dict[int, list[tuple[date, list[datetime]]]]:
    """For each (location, service), keyed by location id: its next `days` open local days with their free
    starts. One query reads the holds of every location at once (hours come prefetched or one query each);
    what is free is then worked out per location, the same answer as `available` day by day."""
    at = at or clock.now()
    offered = {
        location.pk: [
            (day, _offered(location, service, day, at=at)) for day in _open_days(location, days=days, at=at)
        ]
        for location, service in wanted
    }
    windows = Q()
    for location, service in wanted:
        starts = [s for _day, day_starts in offered[location.pk] for s in day_starts]
        if starts:  # a start's cells lie between the first start and the last one's end
            end = starts[-1] + timedelta(minutes=service.duration_minutes)
            windows |= Q(location=location, starts_at__gte=starts[0], starts_at__lt=end)
    held: dict[int, dict[datetime, set[int]]] = defaultdict(lambda: defaultdict(set))
    if windows:
        for location_id, at_cell, bay in SlotHold.objects.filter(windows).values_list(
            "location_id", "starts_at", "bay"
        ):
            held[location_id][at_cell.astimezone(UTC)].add(bay)
    return {
        location.pk: [
            (day, _free(location, service, starts, held[location.pk])) for day, starts in offered[location.pk]
        ]
        for location, service in wanted
    }


def next_days(
    location: Location, service: Service, *, days: int = 7, at: datetime | None = None
) -> list[tuple[date, list[datetime]]]:
    """The next `days` local days that have opening hours, with their free starts."""
    return free_days([(location, service)], days=days, at=at)[location.pk]


FIRST_FREE_DAYS = 14  # open days searched for a first free slot ("none in the next two weeks")


def first_free_of(
    wanted: list[tuple[Location, Service]], *, at: datetime | None = None
) -> dict[int, datetime | None]:
    """The first free start of each (location, service) in its next two weeks of open days, keyed by location
    id, in one query for all of them."""
    found = free_days(wanted, days=FIRST_FREE_DAYS, at=at)
    return {pk: next((starts[0] for _day, starts in days if starts), None) for pk, days in found.items()}


def first_free(location: Location, service: Service, *, at: datetime | None = None) -> datetime | None:
    return first_free_of([(location, service)], at=at)[location.pk]
