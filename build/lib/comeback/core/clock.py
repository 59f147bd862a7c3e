"""The one clock. Every time-based rule asks it, so tests can move it (time-machine)."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    """Aware UTC now."""
    return timezone.now()


def local_date(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def start_of_next_local_day(at: datetime, tz: str) -> datetime:
    """The next local midnight, as an aware datetime in that zone (used for 'the cap lifts at')."""
    from datetime import timedelta

    zone = ZoneInfo(tz)
    local = at.astimezone(zone)
    nxt = datetime(local.year, local.month, local.day, tzinfo=zone) + timedelta(days=1)
    # normalise through UTC so DST transitions land on the real wall-clock midnight
    return datetime(nxt.year, nxt.month, nxt.day, tzinfo=zone).astimezone(UTC).astimezone(zone)


def rfc3339(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 month: 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
