"""The cart of a visitor who has not logged in: kept in the session, merged into the account's cart at
login or sign-up (docs/storefront.md "The cart before login").

The session holds `{market: {offer_id: quantity}}` — numbers only, so a stale offer costs nothing until
the cart is read, where the same visibility and stock rules as an account's cart apply. Items of other
markets wait in the session like an account's other carts wait in the database. Add-ons attached to an item
(docs/buying.md "Customisation") are kept beside it as `{market: {add-on offer id: item offer id}}`, under
the same rules and refusals as an account's (`services/customise.py`), and stay attached through the merge.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import NotFound
from comeback.offers.models import Offer

from .services import cart as cart_service
from .services import customise

SESSION_KEY = "guest_cart"
ADDONS_KEY = "guest_cart_addons"


def lines(session, market_code: str) -> dict[int, int]:
    """Offer id → quantity for one market (no query)."""
    return {int(k): int(v) for k, v in (session.get(SESSION_KEY) or {}).get(market_code, {}).items()}


def attached(session, market_code: str) -> dict[int, int]:
    """Add-on offer id → the offer id of the item it is attached to, for one market (no query)."""
    return {int(k): int(v) for k, v in (session.get(ADDONS_KEY) or {}).get(market_code, {}).items()}


def count(session, market_code: str) -> int:
    return sum(lines(session, market_code).values())


def _store(
    session, market_code: str, market_lines: dict[int, int], addons: dict[int, int] | None = None
) -> None:
    addons = attached(session, market_code) if addons is None else addons
    addons = {a: m for a, m in addons.items() if a in market_lines and m in market_lines}
    for key, values in ((SESSION_KEY, market_lines), (ADDONS_KEY, addons)):
        carts = dict(session.get(key) or {})
        if values:
            carts[market_code] = {str(k): v for k, v in values.items()}
        else:
            carts.pop(market_code, None)
        if carts:
            session[key] = carts
        else:
            session.pop(key, None)


def add(session, *, offer_id: int, quantity: int = 1):
    """Put `quantity` more units of an offer in the visitor's cart; the same refusals as an account's."""
    offer = cart_service.visible_offer(offer_id)
    market_lines = lines(session, offer.market_id)
    total = market_lines.get(offer.pk, 0) + quantity
    cart_service.check_quantity(total, offer)
    market_lines[offer.pk] = total
    _store(session, offer.market_id, market_lines)
    return offer


def attach(session, *, offer_id: int, attach_to: int, quantity: int = 1) -> Offer:
    """Put `quantity` units of an add-on offer in the visitor's cart, attached to the item of offer
    `attach_to`; the refusals and their words are an account's (`customise.attach_addon`)."""
    carts = session.get(SESSION_KEY) or {}
    market_code = next((m for m, items in carts.items() if str(attach_to) in items), None)
    if market_code is None:
        raise customise.not_in_cart(attach_to)
    market_lines, addons = lines(session, market_code), attached(session, market_code)
    if attach_to in addons:
        raise customise.attached_to_an_addon()
    main_offer = Offer.objects.select_related("variant__product").filter(pk=attach_to).first()
    if main_offer is None:
        raise customise.not_in_cart(attach_to)
    offer = customise.addon_offer(offer_id)
    customise.check_fit(main_offer=main_offer, market_code=market_code, offer=offer)
    if offer.pk in addons.values():
        raise customise.has_addons_of_its_own()
    total = market_lines.get(offer.pk, 0) + quantity
    customise.check_count(total, main_quantity=market_lines[attach_to], offer=offer)
    market_lines[offer.pk] = total
    addons[offer.pk] = attach_to
    _store(session, market_code, market_lines, addons)
    return offer


def set_quantity(session, *, market_code: str, offer_id: int, quantity: int) -> None:
    """Change an item's quantity (the item is named by its offer); 0 removes it, with its add-ons. As in an
    account's cart, lowering an item lowers its add-ons, and an add-on cannot go above its item."""
    market_lines, addons = lines(session, market_code), attached(session, market_code)
    if offer_id not in market_lines:
        raise NotFound(_("No item %s in your cart.") % offer_id, code="cart_item_not_found")
    if quantity == 0:
        market_lines.pop(offer_id)
        for addon in [a for a, main in addons.items() if main == offer_id]:
            market_lines.pop(addon, None)
    else:
        cart_service.check_quantity(quantity, cart_service.visible_offer(offer_id))
        main = addons.get(offer_id)
        if main is not None:
            customise.check_not_outnumbering(quantity, main_quantity=market_lines[main])
        market_lines[offer_id] = quantity
        for addon, of in addons.items():
            if of == offer_id and market_lines.get(addon, 0) > quantity:
                market_lines[addon] = quantity
    _store(session, market_code, market_lines, addons)


def merge_after_login(request, user) -> None:
    """A login hook (settings.LOGIN_HOOKS): the visitor's cart joins the account's, then leaves the session."""
    carts = request.session.get(SESSION_KEY) or {}
    if not carts:
        return
    wanted = {market: {int(k): int(v) for k, v in items.items()} for market, items in carts.items()}
    addons = {
        int(addon): int(main)
        for pairs in (request.session.get(ADDONS_KEY) or {}).values()
        for addon, main in pairs.items()
    }
    merged = cart_service.merge_guest_cart(user=user, carts=wanted)
    customise.attach_merged(items=merged, attached=addons)
    request.session.pop(SESSION_KEY, None)
    request.session.pop(ADDONS_KEY, None)
