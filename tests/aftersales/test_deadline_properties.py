"""Properties of the answer deadline for any opening instant in any seed market (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.aftersales.processes import ANSWER_BUSINESS_DAYS, answer_deadline

MARKETS = {
    "FR": "Europe/Paris",
    "DE": "Europe/Berlin",
    "GB": "Europe/London",
    "US": "America/New_York",
    "JP": "Asia/Tokyo",
}


def _business(day, country: str) -> bool:
    return day.weekday() < 5 and day not in holidays.country_holidays(country, years=day.year)


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(sorted(MARKETS)),
    opened=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
)
def test_given_any_opening_instant_then_the_deadline_is_the_local_midnight_after_two_business_days(
    code, opened
):
    zone = ZoneInfo(MARKETS[code])
    due = answer_deadline(opened, SimpleNamespace(code=code, timezone=MARKETS[code]))
    local_due = due.astimezone(zone)
    assert (local_due.hour, local_due.minute) == (0, 0) and due > opened
    start, last = opened.astimezone(zone).date(), local_due.date() - timedelta(days=1)
    between = [start + timedelta(days=n) for n in range(1, (last - start).days + 1)]
    assert sum(_business(d, code) for d in between) == ANSWER_BUSINESS_DAYS
    assert _business(last, code)  # the clock ends at the end of a business day, never on a holiday
