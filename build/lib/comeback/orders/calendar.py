"""Business-day deadlines in a market's timezone, skipping weekends and public holidays (`holidays`).

A deadline is exclusive: "within 1 business day" of a payment on Friday 15:00 in Paris means before
Tuesday 00:00 Paris time (Monday is the first business day after Friday).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=16)
def _holidays(country: str):
    try:
        return holidays.country_holidays(country)
    except NotImplementedError:  # a market the library does not know: weekends only
        return {}


def is_business_day(day: date, country: str) -> bool:
    return day.weekday() < 5 and day not in _holidays(country)


@lru_cache(maxsize=4096)
def nth_business_day_after(day: date, n: int, country: str) -> date:
    """The n-th business day strictly after `day` (n=0 returns `day`). Cached: every checkout of a day asks the
    same question, and the holiday calendar of a process does not change."""
    found = 0
    while found < n:
        day += timedelta(days=1)
        if is_business_day(day, country):
            found += 1
    return day


def business_deadline(start: datetime, days: int, *, tz: str, country: str) -> datetime:
    """The end (exclusive) of the `days`-th business day after `start`'s local date, as an aware datetime."""
    zone = ZoneInfo(tz)
    last = nth_business_day_after(start.astimezone(zone).date(), days, country)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone)
