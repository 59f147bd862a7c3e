"""Template tags for the buying partials other pages include (header cart, add-ons, reviews)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from django import template

from comeback.orders import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    request = context.get("request")
    market = context.get("market")
    if request is None or market is None:
        return 0
    return selectors.cart_count(user=request.user, market_code=market.code)


@register.simple_tag(takes_context=True)
def addons_for(context, product, limit: int = selectors.ADDON_LIMIT) -> list:
    """Best offers of accessories compatible with `product` in the page's market."""
    market = context.get("market")
    if product is None or market is None:
        return []
    return selectors.addon_offers(product_ids=[product.pk], market_code=market.code, limit=limit)


@register.simple_tag
def product_reviews(product, limit: int = 5) -> list:
    return selectors.reviews_for_product(product.pk, limit) if product is not None else []


@register.simple_tag(takes_context=True)
def local_datetime(context, value, fmt: str = "medium") -> str:
    """A timestamp in the market's timezone and locale."""
    if not value:
        return ""
    market = context.get("market")
    zone = ZoneInfo(market.timezone) if market is not None else ZoneInfo("UTC")
    locale = market.locale if market is not None else "en_GB"
    return format_datetime(value.astimezone(zone), format=fmt, locale=locale)


@register.filter
def star_string(stars) -> str:
    """★★★★☆ for a 1–5 rating (put the number in visually-hidden text beside it)."""
    n = max(0, min(5, int(stars or 0)))
    return "★" * n + "☆" * (5 - n)
