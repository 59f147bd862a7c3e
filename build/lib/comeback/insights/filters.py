"""The dashboard's filters — period, market, category, seller, conversion currency — parsed once for the
web page, the CSV exports and the API alike, so the three always show the same numbers.

Periods are whole weeks (Monday to Sunday) in the market's timezone, ending with the last complete
week; with every market selected, the reference "today" is the furthest-ahead market's date, so no
market's finished week is left out. The previous period is the same number of weeks just before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.problems import Invalid

PERIOD_WEEKS = (1, 4, 12, 26, 52)
DEFAULT_WEEKS = 12


def local_today(market_code: str, at: datetime) -> date:
    """Today in the market's timezone, or for all markets the furthest-ahead market's date."""
    chosen = [markets.get(market_code)] if market_code else markets.all_markets()
    return max(at.astimezone(ZoneInfo(m.timezone)).date() for m in chosen)


def category_with_descendants(category_id: int) -> list[int]:
    from comeback.catalog.models import Category

    children: dict[int | None, list[int]] = {}
    for pk, parent in Category.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [category_id]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return sorted(found)


@dataclass(frozen=True)
class Filters:
    weeks: int = DEFAULT_WEEKS
    market: str = ""
    category: int | None = None
    seller: int | None = None
    convert: str = ""
    end: date = field(default_factory=lambda: date.today())  # the last day included: a Sunday
    category_ids: tuple[int, ...] | None = None

    @property
    def start(self) -> date:
        return self.end - timedelta(days=7 * self.weeks - 1)

    @property
    def previous(self) -> tuple[date, date]:
        return self.start - timedelta(days=7 * self.weeks), self.start - timedelta(days=1)

    @cached_property
    def week_starts(self) -> list[date]:
        return [self.start + timedelta(days=7 * i) for i in range(self.weeks)]

    @cached_property
    def week_labels(self) -> list[str]:
        """Chart labels, one per week ("02 Mar"), shared by every panel."""
        return [w.strftime("%d %b") for w in self.week_starts]

    @property
    def narrowed(self) -> bool:
        """Category or seller chosen: figures that have no such dimension (orders, sellers) ignore them."""
        return self.category is not None or self.seller is not None

    def query(self) -> dict[str, str]:
        q = {"weeks": str(self.weeks)}
        for name in ("market", "category", "seller", "convert"):
            value = getattr(self, name)
            if value not in ("", None):
                q[name] = str(value)
        return q


def _int(data: Mapping, name: str) -> int | None:
    raw = (data.get(name) or "").strip() if isinstance(data.get(name), str) else data.get(name)
    if raw in ("", None):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise Invalid.field(
            name, "not_an_integer", _("%(name)s must be a whole number.") % {"name": name}
        ) from None


def parse(data: Mapping, *, at: datetime | None = None) -> Filters:
    """Filters from query parameters; a bad value is a 422 naming its field, never a silent default."""
    at = at or clock.now()
    weeks = _int(data, "weeks") or DEFAULT_WEEKS
    if weeks not in PERIOD_WEEKS:
        raise Invalid.field(
            "weeks",
            "unknown_period",
            _("The period is one of %(weeks)s weeks.") % {"weeks": ", ".join(map(str, PERIOD_WEEKS))},
        )
    market = (data.get("market") or "").strip().upper()
    if market:
        markets.get(market)  # 422 unknown_market
    currency = (data.get("convert") or "").strip().upper()
    if currency and currency not in {m.currency for m in markets.all_markets()}:
        raise Invalid.field(
            "convert", "unknown_currency", _("Unknown currency %(code)r.") % {"code": currency}
        )
    category = _int(data, "category")
    category_ids = None
    if category is not None:
        category_ids = tuple(category_with_descendants(category))
    seller = _int(data, "seller")
    today = local_today(market, at)
    end = today - timedelta(days=today.weekday() + 1)  # the Sunday that ended the last complete week
    return Filters(
        weeks=weeks,
        market=market,
        category=category,
        seller=seller,
        convert=currency,
        end=end,
        category_ids=category_ids,
    )
