"""`{% load repair %}`: times in a location's own timezone, distances, the market's locale."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time
from babel.numbers import format_decimal
from django import template

register = template.Library()


def _locale(context) -> str:
    market = context.get("market")
    return market.locale if market is not None else "en_GB"


@register.simple_tag(takes_context=True)
def local_datetime(context, value, tz, fmt="medium"):
    """{% local_datetime booking.starts_at location.timezone %}: a wall-clock time where the repair happens."""
    if not value:
        return ""
    return format_datetime(value.astimezone(ZoneInfo(tz)), format=fmt, locale=_locale(context))


@register.simple_tag(takes_context=True)
def local_time(context, value, tz):
    return (
        format_time(value.astimezone(ZoneInfo(tz)), format="short", locale=_locale(context)) if value else ""
    )


@register.simple_tag(takes_context=True)
def km(context, value):
    """A distance in kilometres, one decimal under 10 km."""
    if value is None:
        return ""
    return format_decimal(round(value, 1 if value < 10 else 0), locale=_locale(context)) + " km"


@register.filter
def weekday_name(value: int) -> str:
    from django.utils.dates import WEEKDAYS

    return str(WEEKDAYS[int(value)])


@register.simple_tag
def price_in(amount, currency, market):
    """{% price_in s.price_amount s.currency loc.market %}: a price as shown in the location's own market."""
    from comeback.core.money import Money

    return Money(int(amount), currency).format(market.locale)
