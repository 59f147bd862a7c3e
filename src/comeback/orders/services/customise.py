"""Customisation: an add-on (a new strap, a case) attached to an item of the cart, bought and shipped with it
(docs/fashion.md "Customisation", docs/buying.md "Customisation").

An add-on is an accessory offer whose model declares it fits the item's model or category
(`catalog.compatibility`), sold by the item's own seller: it travels in the item's parcel, so an add-on from
another seller is refused (`addon_other_seller`) and is bought as an ordinary item instead. One add-on unit
goes with one unit of the item, so an add-on never outnumbers its item. At checkout each add-on line is
attached to a line of its item (`OrderLine.attached_to`); shipping the item ships its add-ons.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.catalog import compatibility
from comeback.core.problems import Conflict, Invalid
from comeback.offers.models import Offer, OfferStatus

from ..models import CartItem
from .cart import check_quantity, visible_offer


def _main_item(*, user, item_id: int) -> CartItem:
    item = (
        CartItem.objects.select_related("offer__variant", "cart").filter(pk=item_id, cart__user=user).first()
    )
    if item is None:
        raise Invalid.field("attach_to", "attach_to_not_in_cart", _("No item %s in your cart.") % item_id)
    if item.attached_to_id is not None:
        raise Invalid.field(
            "attach_to", "addon_of_addon", _("An add-on is attached to an item, never to another add-on.")
        )
    return item


def _addon_offer(offer_id: int) -> Offer:
    try:
        return visible_offer(offer_id)
    except Invalid:
        sold_out = Offer.objects.filter(pk=offer_id, status=OfferStatus.ACTIVE, quantity__lte=0).exists()
        if sold_out:
            raise Invalid.field(
                "offer_id", "addon_out_of_stock", _("This add-on is sold out."), offer_id=offer_id
            ) from None
        raise


def check_addon(*, main: CartItem, offer: Offer) -> None:
    """The rules an add-on meets to be attached to `main`: same market, a declared fit, the same seller."""
    if offer.pk == main.offer_id:
        raise Invalid.field("offer_id", "addon_not_compatible", _("An item cannot be its own add-on."))
    if offer.market_id != main.cart.market_id:
        raise Invalid.field(
            "offer_id", "addon_other_market", _("This add-on is sold in another market than the item.")
        )
    if not compatibility.fits(
        accessory_id=offer.variant.product_id, product_id=main.offer.variant.product_id
    ):
        raise Invalid.field(
            "offer_id",
            "addon_not_compatible",
            _("%(addon)s does not fit %(item)s.")
            % {"addon": offer.variant.product, "item": main.offer.variant.product},
        )
    if offer.seller_id != main.offer.seller_id:
        raise Invalid.field(
            "offer_id",
            "addon_other_seller",
            _(
                "An add-on ships in the item's parcel, so it comes from the item's seller; "
                "add this one to your cart as an item of its own."
            ),
        )


def attach_addon(*, user, offer_id: int, attach_to: int, quantity: int = 1) -> CartItem:
    """Put `quantity` units of an add-on offer in the cart, attached to the cart item `attach_to`.

    If the cart already holds that offer, the item becomes the add-on (its units added). Writes are guarded:
    a racing twin either finds the item it created or loses its update (409 `cart_changed`)."""
    main = _main_item(user=user, item_id=attach_to)
    offer = _addon_offer(offer_id)
    check_addon(main=main, offer=offer)
    for attempt in range(2):  # a double click may race on the unique (cart, offer)
        try:
            with transaction.atomic():
                item = CartItem.objects.filter(cart_id=main.cart_id, offer=offer).first()
                total = quantity + (item.quantity if item is not None else 0)
                _check_count(total, main=main, offer=offer)
                if item is None:
                    return CartItem.objects.create(
                        cart_id=main.cart_id, offer=offer, quantity=total, attached_to=main
                    )
                if item.addons.exists():
                    raise Invalid.field(
                        "offer_id", "addon_of_addon", _("This item has add-ons of its own; it cannot be one.")
                    )
                moved = CartItem.objects.filter(
                    pk=item.pk, quantity=item.quantity, attached_to_id=item.attached_to_id
                ).update(quantity=total, attached_to=main)
                if not moved:
                    raise Conflict(_("Your cart changed meanwhile; try again."), code="cart_changed")
                item.quantity, item.attached_to = total, main
                return item
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _check_count(total: int, *, main: CartItem, offer: Offer) -> None:
    if total > main.quantity:
        raise Invalid.field(
            "quantity",
            "addon_outnumbers_item",
            _("One add-on goes with one unit of the item: at most %(n)s.") % {"n": main.quantity},
            item_quantity=main.quantity,
        )
    check_quantity(total, offer)
