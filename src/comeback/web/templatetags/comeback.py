"""Template filters for money, dates and percentages in the market's locale (babel)."""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_percent
from django import template

from comeback.core.money import Money

register = template.Library()


def _locale(context) -> str:
    m = context.get("market")
    return m.locale if m is not None else "en_GB"


@register.simple_tag(takes_context=True)
def money(context, amount, currency=None):
    """{% money offer.price %} or {% money 34900 "EUR" %}"""
    if amount is None:
        return ""
    value = amount if isinstance(amount, Money) else Money(int(amount), currency)
    return value.format(_locale(context))


@register.simple_tag(takes_context=True)
def localdate(context, value, fmt="medium"):
    return format_date(value, format=fmt, locale=_locale(context)) if value else ""


@register.simple_tag(takes_context=True)
def percent(context, value, digits=0):
    if value is None:
        return ""
    return format_percent(float(value), format="#,##0" + ("." + "0" * digits if digits else "") + "%", locale=_locale(context))
