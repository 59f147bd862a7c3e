"""The cart: one per buyer and market, offers from any number of sellers (docs/design.md §2 Orders).

A visitor's cart lives in the session (orders/guest_cart.py) and joins the account's cart here at login
or sign-up: the same offer is merged, quantities capped by stock (docs/storefront.md).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import markets
from comeback.core.problems import Invalid, NotFound
from comeback.offers.models import Offer
from comeback.offers.selectors import visible_offers

from ..models import MAX_ITEM_QUANTITY, Cart, CartItem


def check_quantity(quantity: int, offer: Offer) -> None:
    if quantity < 1 or quantity > MAX_ITEM_QUANTITY:
        raise Invalid.field(
            "quantity",
            "quantity_range",
            _("Quantity must be between 1 and %(max)s.") % {"max": MAX_ITEM_QUANTITY},
        )
    if quantity > offer.quantity:
        raise Invalid.field(
            "quantity",
            "not_enough_stock",
            _("Only %(n)s left of this offer.") % {"n": offer.quantity},
            available=offer.quantity,
        )


def visible_offer(offer_id: int) -> Offer:
    offer = Offer.objects.filter(pk=offer_id).only("market_id").first()
    found = visible_offers(offer.market_id).filter(pk=offer_id).first() if offer else None
    if found is None:
        raise Invalid.field("offer_id", "offer_unavailable", _("Offer %s is not for sale.") % offer_id)
    return found


def cart_for(*, user, market_code: str, create: bool = False) -> Cart | None:
    market = markets.get(market_code)
    if create:
        cart, _created = Cart.objects.get_or_create(user=user, market=market)
        return cart
    return Cart.objects.filter(user=user, market=market).first()


def add_to_cart(*, user, offer_id: int, quantity: int = 1) -> CartItem:
    """Put `quantity` more units of an offer in the buyer's cart for the offer's market."""
    offer = visible_offer(offer_id)
    for attempt in range(2):  # a double click may race on the unique (cart, offer)
        try:
            with transaction.atomic():
                cart = cart_for(user=user, market_code=offer.market_id, create=True)
                item = CartItem.objects.filter(cart=cart, offer=offer).first()
                if item is None:
                    check_quantity(quantity, offer)
                    return CartItem.objects.create(cart=cart, offer=offer, quantity=quantity)
                total = item.quantity + quantity
                check_quantity(total, offer)
                CartItem.objects.filter(pk=item.pk).update(quantity=total)
                item.quantity = total
                return item
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def own_item(*, user, item_id: int) -> CartItem:
    item = CartItem.objects.select_related("offer", "cart").filter(pk=item_id, cart__user=user).first()
    if item is None:
        raise NotFound(_("No item %s in your cart.") % item_id, code="cart_item_not_found")
    return item


def set_quantity(*, user, item_id: int, quantity: int) -> CartItem | None:
    """Change an item's quantity; 0 removes it (and returns None), with its add-ons. An item's add-ons never
    outnumber it: lowering the item lowers them, and an add-on cannot go above its item."""
    item = own_item(user=user, item_id=item_id)
    if quantity == 0:
        item.delete()
        return None
    check_quantity(quantity, item.offer)
    with transaction.atomic():
        if item.attached_to_id is not None:
            main = CartItem.objects.filter(pk=item.attached_to_id).values_list("quantity", flat=True).first()
            if main is not None and quantity > main:
                raise Invalid.field(
                    "quantity",
                    "addon_outnumbers_item",
                    _("One add-on goes with one unit of the item: at most %(n)s.") % {"n": main},
                    item_quantity=main,
                )
        CartItem.objects.filter(pk=item.pk).update(quantity=quantity)
        CartItem.objects.filter(attached_to=item, quantity__gt=quantity).update(quantity=quantity)
    item.quantity = quantity
    return item


def remove_item(*, user, item_id: int) -> None:
    own_item(user=user, item_id=item_id).delete()


def merge_guest_cart(*, user, carts: dict[str, dict[int, int]]) -> list[CartItem]:
    """Merge a visitor's carts (`{market: {offer_id: quantity}}`) into the account's, at login or sign-up.

    The same offer is merged into one item; the sum is capped by the stock and the per-item maximum, never
    refused: the visitor chose these items and none is dropped while it is still for sale. Offers no longer
    for sale are left out. Each item is one guarded write, so a racing double login cannot double it.
    """
    merged: list[CartItem] = []
    for market_code, wanted in carts.items():
        offers = {
            o.pk: o
            for o in visible_offers(market_code)
            .filter(pk__in=list(wanted))
            .only("pk", "quantity", "market_id")
        }
        for offer_id, quantity in wanted.items():
            offer = offers.get(offer_id)
            if offer is None or offer.quantity < 1 or quantity < 1:
                continue
            merged.append(_merge_one(user=user, offer=offer, quantity=quantity))
    return merged


def _merge_one(*, user, offer: Offer, quantity: int) -> CartItem:
    cap = min(offer.quantity, MAX_ITEM_QUANTITY)
    for attempt in range(2):  # the first login of a twin request may create the item first
        try:
            with transaction.atomic():
                cart = cart_for(user=user, market_code=offer.market_id, create=True)
                item = CartItem.objects.filter(cart=cart, offer=offer).first()
                if item is None:
                    return CartItem.objects.create(cart=cart, offer=offer, quantity=min(quantity, cap))
                total = min(item.quantity + quantity, cap)
                if total > item.quantity:
                    CartItem.objects.filter(pk=item.pk, quantity=item.quantity).update(quantity=total)
                    item.quantity = total
                return item
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")
