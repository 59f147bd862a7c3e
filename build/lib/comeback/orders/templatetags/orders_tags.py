"""Template tags for the buying partials other pages include (header cart, add-ons, reviews)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comeback.core import clock, locales
from comeback.orders import delivery, fees, guest_cart, selectors, warranty
from comeback.orders.services import returns
from comeback.orders.services.checkout import confirm

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    request = context.get("request")
    market = context.get("market")
    if request is None or market is None:
        return 0
    if not request.user.is_authenticated:
        session = getattr(request, "session", None)
        return guest_cart.count(session, market.code) if session is not None else 0
    return selectors.cart_count(user=request.user, market_code=market.code)


@register.simple_tag(takes_context=True)
def addons_for(context, product, limit: int = selectors.ADDON_LIMIT) -> list:
    """Best offers of accessories compatible with `product` in the page's market."""
    market = context.get("market")
    if product is None or market is None:
        return []
    known = context.get("product_addons")  # the product page read them with its customisations
    if known is not None and known.product_id == product.pk:
        return known.best[:limit]
    return selectors.addon_offers(product_ids=[product.pk], market_code=market.code, limit=limit)


@register.filter
def customised_item(line, lines):
    """The line of `lines` that this add-on line customises (docs/fashion.md "Customisation"), or None."""
    if getattr(line, "attached_to_id", None) is None:
        return None
    return next((ln for ln in lines if ln.pk == line.attached_to_id), None)


@register.filter
def order_badges(order) -> list:
    """The badges that say what an order really is ("Delivered", "Partly refunded"…)."""
    return selectors.order_badges(order)


@register.simple_tag(takes_context=True)
def delivery_window(context, handling_days) -> str:
    """ "Delivered between Tue 8 Dec and Thu 10 Dec" for items with these handling days, ordered now.

    `handling_days` is one number (an offer) or a list (a cart: the slowest item decides)."""
    market = context.get("market")
    if market is None or handling_days in (None, ""):
        return ""
    days = list(handling_days) if isinstance(handling_days, (list, tuple)) else [int(handling_days)]
    if not days:
        return ""
    now = clock.now()
    # The same words for every order of the market's day: every grade card of every product page asks.
    key = (
        get_language(),
        market.code,
        market.timezone,
        now.astimezone(ZoneInfo(market.timezone)).date(),
        max(days),
    )
    text = _windows.get(key)
    if text is None:
        text = _window_text(market, days, now)
        if len(_windows) >= WINDOWS_KEPT:
            _windows.clear()
        _windows[key] = text
    return text


WINDOWS_KEPT = 1_000  # languages × markets × handling days of one day, a few times over
_windows: dict[tuple, str] = {}


def _window_text(market, days: list[int], now) -> str:
    window = delivery.estimate_for(market=market, handling_days=days, at=now)
    if window is None:
        return ""
    # Day and month names follow the page's language; the market only picks the variant (core/locales.py).
    start = locales.day(window.earliest, "MMMEd", market=market)
    end = locales.day(window.latest, "MMMEd", market=market)
    if window.earliest == window.latest:
        return _("Delivered on %(day)s") % {"day": start}
    return _("Delivered between %(start)s and %(end)s") % {"start": start, "end": end}


@register.simple_tag
def product_reviews(product, limit: int = 5) -> list:
    return selectors.reviews_for_product(product.pk, limit) if product is not None else []


@register.simple_tag(takes_context=True)
def local_datetime(context, value, fmt: str = "medium") -> str:
    """A timestamp in the market's time zone (named), formatted by the page's language (core/locales.py)."""
    return locales.moment(value, fmt, market=context.get("market")) if value else ""


@register.filter
def star_string(stars) -> str:
    """★★★★☆ for a 1–5 rating (put the number in visually-hidden text beside it)."""
    n = max(0, min(5, int(stars or 0)))
    return "★" * n + "☆" * (5 - n)


@register.simple_tag(takes_context=True)
def battery_defect_rule(context) -> str:
    """The covered battery defect, its numbers following `orders.warranty`'s constants."""
    return warranty.battery_defect_rule(context.get("market"))


@register.simple_tag
def return_business_days() -> dict:
    """The return deadlines in business days (the buyer's for transit damage, the seller's to receive and refund),
    for sentences that spell them (`{% return_business_days as rd %}`)."""
    return {
        "transit": returns.TRANSIT_DAMAGE_BUSINESS_DAYS,
        "receive": returns.RECEIVE_BUSINESS_DAYS,
        "refund": returns.REFUND_BUSINESS_DAYS,
    }


@register.simple_tag(takes_context=True)
def fee_cap(context) -> str:
    """The cap on the buyer's service fee as a per cent of the page's language ("2%", "2 %")."""
    return locales.percent(fees.FEE_CAP_BPS / fees.BPS, market=context.get("market"))


@register.simple_tag
def accept_business_days() -> int:
    """The seller's accept deadline, for sentences that spell it (`{% accept_business_days as days %}`)."""
    return confirm.ACCEPT_WITHIN_BUSINESS_DAYS
