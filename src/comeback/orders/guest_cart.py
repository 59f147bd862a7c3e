"""The cart of a visitor who has not logged in: kept in the session, merged into the account's cart at
login or sign-up (docs/storefront.md "The cart before login").

The session holds `{market: {offer_id: quantity}}` — numbers only, so a stale offer costs nothing until
the cart is read, where the same visibility and stock rules as an account's cart apply. Items of other
markets wait in the session like an account's other carts wait in the database.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import NotFound

from .services import cart as cart_service

SESSION_KEY = "guest_cart"


def lines(session, market_code: str) -> dict[int, int]:
    """Offer id → quantity for one market (no query)."""
    return {int(k): int(v) for k, v in (session.get(SESSION_KEY) or {}).get(market_code, {}).items()}


def count(session, market_code: str) -> int:
    return sum(lines(session, market_code).values())


def _store(session, market_code: str, market_lines: dict[int, int]) -> None:
    carts = dict(session.get(SESSION_KEY) or {})
    if market_lines:
        carts[market_code] = {str(k): v for k, v in market_lines.items()}
    else:
        carts.pop(market_code, None)
    if carts:
        session[SESSION_KEY] = carts
    else:
        session.pop(SESSION_KEY, None)


def add(session, *, offer_id: int, quantity: int = 1):
    """Put `quantity` more units of an offer in the visitor's cart; the same refusals as an account's."""
    offer = cart_service.visible_offer(offer_id)
    market_lines = lines(session, offer.market_id)
    total = market_lines.get(offer.pk, 0) + quantity
    cart_service.check_quantity(total, offer)
    market_lines[offer.pk] = total
    _store(session, offer.market_id, market_lines)
    return offer


def set_quantity(session, *, market_code: str, offer_id: int, quantity: int) -> None:
    """Change an item's quantity (the item is named by its offer); 0 removes it."""
    market_lines = lines(session, market_code)
    if offer_id not in market_lines:
        raise NotFound(_("No item %s in your cart.") % offer_id, code="cart_item_not_found")
    if quantity == 0:
        market_lines.pop(offer_id)
    else:
        cart_service.check_quantity(quantity, cart_service.visible_offer(offer_id))
        market_lines[offer_id] = quantity
    _store(session, market_code, market_lines)


def merge_after_login(request, user) -> None:
    """A login hook (settings.LOGIN_HOOKS): the visitor's cart joins the account's, then leaves the session."""
    carts = request.session.get(SESSION_KEY) or {}
    if not carts:
        return
    wanted = {market: {int(k): int(v) for k, v in items.items()} for market, items in carts.items()}
    cart_service.merge_guest_cart(user=user, carts=wanted)
    request.session.pop(SESSION_KEY, None)
