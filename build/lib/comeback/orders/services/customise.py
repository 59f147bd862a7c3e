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
        raise not_in_cart(item_id)
    if item.attached_to_id is not None:
        raise attached_to_an_addon()
    return item


def addon_offer(offer_id: int) -> Offer:
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
    check_fit(main_offer=main.offer, market_code=main.cart.market_id, offer=offer)


def check_fit(*, main_offer: Offer, market_code: str, offer: Offer) -> None:
    """`check_addon` for an item named by its offer: a visitor's session cart has no `CartItem` rows."""
    if offer.pk == main_offer.pk:
        raise Invalid.field("offer_id", "addon_not_compatible", _("An item cannot be its own add-on."))
    if offer.market_id != market_code:
        raise Invalid.field(
            "offer_id", "addon_other_market", _("This add-on is sold in another market than the item.")
        )
    if not compatibility.fits(
        accessory_id=offer.variant.product_id, product_id=main_offer.variant.product_id
    ):
        raise Invalid.field(
            "offer_id",
            "addon_not_compatible",
            _("%(addon)s does not fit %(item)s.")
            % {"addon": offer.variant.product, "item": main_offer.variant.product},
        )
    if offer.seller_id != main_offer.seller_id:
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
    offer = addon_offer(offer_id)
    check_addon(main=main, offer=offer)
    for attempt in range(2):  # a double click may race on the unique (cart, offer)
        try:
            with transaction.atomic():
                item = CartItem.objects.filter(cart_id=main.cart_id, offer=offer).first()
                total = quantity + (item.quantity if item is not None else 0)
                check_count(total, main_quantity=main.quantity, offer=offer)
                if item is None:
                    return CartItem.objects.create(
                        cart_id=main.cart_id, offer=offer, quantity=total, attached_to=main
                    )
                if item.addons.exists():
                    raise has_addons_of_its_own()
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


def not_in_cart(item_id: int) -> Invalid:
    return Invalid.field("attach_to", "attach_to_not_in_cart", _("No item %s in your cart.") % item_id)


def attached_to_an_addon() -> Invalid:
    return Invalid.field(
        "attach_to", "addon_of_addon", _("An add-on is attached to an item, never to another add-on.")
    )


def has_addons_of_its_own() -> Invalid:
    return Invalid.field(
        "offer_id", "addon_of_addon", _("This item has add-ons of its own; it cannot be one.")
    )


def check_count(total: int, *, main_quantity: int, offer: Offer) -> None:
    check_not_outnumbering(total, main_quantity=main_quantity)
    check_quantity(total, offer)


def check_not_outnumbering(total: int, *, main_quantity: int) -> None:
    if total > main_quantity:
        raise Invalid.field(
            "quantity",
            "addon_outnumbers_item",
            _("One add-on goes with one unit of the item: at most %(n)s.") % {"n": main_quantity},
            item_quantity=main_quantity,
        )


def attach_merged(*, items: list[CartItem], attached: dict[int, int]) -> None:
    """After a visitor's cart merged into the account's (login, sign-up), attach each add-on the visitor had
    attached (`{add-on offer id: item offer id}`) to the account's item of that offer: the item's id
    changed in the merge, its offer did not. Like the merge, never refused: an add-on that no longer
    qualifies (its item gone, or now an add-on itself) stays in the cart as an ordinary item. Its quantity
    is capped by its item's, as merged."""
    by_offer = {i.offer_id: i.pk for i in items}
    pairs = {
        by_offer[addon]: by_offer[main]
        for addon, main in attached.items()
        if addon in by_offer and main in by_offer
    }
    if not pairs:
        return
    rows = {
        i.pk: i
        for i in CartItem.objects.select_related("offer__variant", "cart").filter(
            pk__in=[*pairs, *pairs.values()]
        )
    }
    for addon_id, main_id in pairs.items():
        addon, main = rows.get(addon_id), rows.get(main_id)
        if addon is None or main is None or main.attached_to_id is not None:
            continue
        try:
            check_addon(main=main, offer=addon.offer)
        except Invalid:
            continue
        with transaction.atomic():
            if CartItem.objects.filter(attached_to_id=addon.pk).exists():
                continue
            CartItem.objects.filter(pk=addon.pk, quantity=addon.quantity).update(
                attached_to=main, quantity=min(addon.quantity, main.quantity)
            )
