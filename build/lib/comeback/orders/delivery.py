"""Delivery estimates: when an item ordered now arrives (docs/storefront.md "Delivery estimates").

An order placed now is shipped within the offer's handling days, counted in business days of the market
(weekends and public holidays skipped, `orders.calendar`), then travels the carrier's transit days of the
market, counted the same way. The estimate is a window of two dates in the market's time zone; a cart
or an order arrives when its slowest item does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from comeback.core import clock

from .calendar import nth_business_day_after

# Business days a parcel spends with the carrier per market, fastest and slowest (tracked national
# parcel services: next day to two days in Europe and Japan; ground services across the US).
CARRIER_TRANSIT_DAYS: dict[str, tuple[int, int]] = {
    "FR": (1, 2),
    "DE": (1, 2),
    "GB": (1, 2),
    "US": (2, 5),
    "JP": (1, 2),
}
DEFAULT_TRANSIT_DAYS = (2, 4)  # a market not listed above


@dataclass(frozen=True)
class Window:
    earliest: date
    latest: date


def estimate(*, market, handling_days: int, at: datetime | None = None) -> Window:
    """Delivery window for an item with `handling_days` ordered at `at` (now) in `market`."""
    at = at or clock.now()
    today = at.astimezone(ZoneInfo(market.timezone)).date()
    shipped = nth_business_day_after(today, max(int(handling_days or 0), 0), market.code)
    fastest, slowest = CARRIER_TRANSIT_DAYS.get(market.code, DEFAULT_TRANSIT_DAYS)
    return Window(
        earliest=nth_business_day_after(shipped, fastest, market.code),
        latest=nth_business_day_after(shipped, slowest, market.code),
    )


def estimate_for(*, market, handling_days: list[int], at: datetime | None = None) -> Window | None:
    """The window of several items shipped together or apart: they all arrive by the slowest one's."""
    if not handling_days:
        return None
    return estimate(market=market, handling_days=max(handling_days), at=at)
