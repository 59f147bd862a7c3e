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


def available(
    location: Location, service: Service, day: date, *, at: datetime | None = None, exclude_booking=None
) -> list[datetime]:
    """Starts (aware, UTC) a customer may book on the local `day`."""
    at = at or clock.now()
    if day > (at + timedelta(days=BOOKING_HORIZON_DAYS)).date():
        return []
    starts = [s for s in candidate_starts(location, service, day) if s >= at + MIN_NOTICE]
    if not starts:
        return []
    held = _held(
        location, starts[0], starts[-1] + timedelta(minutes=service.duration_minutes), exclude_booking
    )
    return [s for s in starts if free_bay(location, cells_for(location, s, service.duration_minutes), held)]


def is_offered(
    location: Location, service: Service, starts_at: datetime, *, at: datetime | None = None
) -> bool:
    """Whether `starts_at` is on the grid, inside opening hours, in the booking window (not whether free)."""
    at = at or clock.now()
    day = starts_at.astimezone(ZoneInfo(location.timezone)).date()
    if starts_at < at + MIN_NOTICE or starts_at > at + timedelta(days=BOOKING_HORIZON_DAYS + 1):
        return False
    return starts_at.astimezone(UTC) in candidate_starts(location, service, day)


def next_days(
    location: Location, service: Service, *, days: int = 7, at: datetime | None = None
) -> list[tuple[date, list[datetime]]]:
    """The next `days` local days that have opening hours, with their free starts."""
    at = at or clock.now()
    today = at.astimezone(ZoneInfo(location.timezone)).date()
    out = []
    for offset in range(BOOKING_HORIZON_DAYS):
        day = today + timedelta(days=offset)
        if not any(h.weekday == day.weekday() for h in _hours(location)):
            continue
        out.append((day, available(location, service, day, at=at)))
        if len(out) >= days:
            break
    return out


def first_free(location: Location, service: Service, *, at: datetime | None = None) -> datetime | None:
    for _day, starts in next_days(location, service, days=14, at=at):
        if starts:
            return starts[0]
    return None
