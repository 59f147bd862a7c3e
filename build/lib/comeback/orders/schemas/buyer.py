"""The buyer's API shapes of the cart: its items with what they cost and whether they are still on sale, and the add-ons
that fit them. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4)."""

from __future__ import annotations

from ninja import Field, Schema

from .. import selectors
from ..models import MAX_ITEM_QUANTITY


class CartItemIn(Schema):
    offer_id: int
    quantity: int = Field(1, ge=1, le=MAX_ITEM_QUANTITY)
    attach_to: int | None = Field(
        None,
        description="A customisation: the id of the cart item this add-on (a strap, a case) goes with. It must "
        "fit that item's model or category and come from the same seller; one add-on per unit of the item.",
    )


class CartItemPatch(Schema):
    quantity: int = Field(..., ge=0, le=MAX_ITEM_QUANTITY, description="0 removes the item")


# A cart item: the selector marks each one `available` (still on sale, enough stock) or not.
class CartItemOut(Schema):
    id: int
    offer_id: int
    product_id: int
    title: str
    variant_label: str
    grade: str
    seller_id: int
    seller_name: str
    quantity: int
    price: int
    currency: str
    available: bool
    attached_to: int | None = Field(None, description="The cart item this add-on customises")

    @staticmethod
    def resolve_id(item) -> int:
        return item.pk

    @staticmethod
    def resolve_product_id(item) -> int:
        return item.offer.variant.product_id

    @staticmethod
    def resolve_title(item) -> str:
        return str(item.offer.variant.product)

    @staticmethod
    def resolve_variant_label(item) -> str:
        return item.offer.variant.label

    @staticmethod
    def resolve_grade(item) -> str:
        return item.offer.grade

    @staticmethod
    def resolve_seller_id(item) -> int:
        return item.offer.seller_id

    @staticmethod
    def resolve_seller_name(item) -> str:
        return item.offer.seller.display_name

    @staticmethod
    def resolve_price(item) -> int:
        return item.offer.price_amount

    @staticmethod
    def resolve_currency(item) -> str:
        return item.offer.currency

    @staticmethod
    def resolve_attached_to(item) -> int | None:
        return item.attached_to_id


# An accessory offer suggested beside the cart (served inside `CartOut.addons`).
class CartAddonOut(Schema):
    offer_id: int
    product_id: int
    title: str
    variant_label: str
    grade: str
    price: int
    currency: str

    @staticmethod
    def resolve_offer_id(offer) -> int:
        return offer.pk

    @staticmethod
    def resolve_product_id(offer) -> int:
        return offer.variant.product_id

    @staticmethod
    def resolve_title(offer) -> str:
        return str(offer.variant.product)

    @staticmethod
    def resolve_variant_label(offer) -> str:
        return offer.variant.label

    @staticmethod
    def resolve_price(offer) -> int:
        return offer.price_amount


# Reads a `selectors.CartView`: the items on sale, then those no longer available.
class CartOut(Schema):
    market: str
    currency: str
    items: list[CartItemOut]
    items_amount: int
    fee_amount: int
    total_amount: int
    count: int
    sellers: int
    addons: list[dict] = Field(
        default_factory=list, description="Compatible accessory offers (straps, cases…)"
    )

    @staticmethod
    def resolve_market(view: selectors.CartView) -> str:
        return view.market.code

    @staticmethod
    def resolve_items(view: selectors.CartView) -> list:
        return [*view.items, *view.unavailable]

    @staticmethod
    def resolve_addons(view: selectors.CartView) -> list[dict]:
        # The document has always described add-ons as free-form objects: that shape is kept, read by a schema.
        return [CartAddonOut.from_orm(o).model_dump() for o in view.addons]
