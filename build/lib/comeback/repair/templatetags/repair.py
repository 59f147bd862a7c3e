"""`{% load repair %}`: times in a location's own timezone, distances (the locale rule: core/locales.py)."""

from __future__ import annotations

from django import template

from comeback.core import locales
from comeback.repair import obligation

register = template.Library()


@register.simple_tag(takes_context=True)
def local_datetime(context, value, tz, fmt="medium"):
    """{% local_datetime booking.starts_at location.timezone %}: a wall-clock time where the repair happens."""
    if not value:
        return ""
    return locales.moment(value, fmt, market=context.get("market"), tz=tz)


@register.simple_tag(takes_context=True)
def local_time(context, value, tz):
    return locales.clock(value, market=context.get("market"), tz=tz) if value else ""


@register.simple_tag(takes_context=True)
def km(context, value):
    """A distance in kilometres, one decimal under 10 km."""
    if value is None:
        return ""
    return (
        locales.number(
            round(value, 1 if value < 10 else 0), 1 if value < 10 else 0, market=context.get("market")
        )
        + " km"
    )


@register.filter
def weekday_name(value: int) -> str:
    from django.utils.dates import WEEKDAYS

    return str(WEEKDAYS[int(value)])


@register.simple_tag
def price_in(amount, currency, market):
    """{% price_in s.price_amount s.currency loc.market %}: a price as shown in the location's own market."""
    from comeback.core.money import Money

    return locales.money(Money(int(amount), currency), market)


@register.simple_tag
def obligation_years() -> int:
    """{% obligation_years as years %}: how long parts stay orderable, for pages whose view does not say it."""
    return obligation.OBLIGATION_YEARS
