"""API shapes of upcycled editions; rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Schema

from comeback.core.schemas import Instant, Integer, ProblemOut, bounded, filled
from comeback.core.text import Text

from .models import MAX_DONORS, MAX_EDITION_SIZE, Edition, EditionItem

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}
MAX_ID = 2**63 - 1  # a database id: anything larger is refused as input, never sent to the database


class EditionIn(Schema):
    collection_id: Integer = Field(..., gt=0, le=MAX_ID)
    name: str = filled(description="The piece's name, e.g. “Flip Buckle Belt”")
    category: str = Field(..., description="Catalogue category slug whose variants take an edition number")
    size: Integer = bounded(..., minimum=1, maximum=MAX_EDITION_SIZE, description="Pieces in the run (N)")
    price: Integer = bounded(..., minimum=1, description="Minor units, in the market's currency")
    market: str = Field(..., description="Market the pieces are sold in (the shop must be approved there)")
    story: Text = Field("", description="The story shown on the product page and in each piece's passport")
    seller_id: Integer | None = Field(None, gt=0, le=MAX_ID, description="Staff only: the shop that sells it")


class ItemIn(Schema):
    donors: list[str] = Field(
        ...,
        min_length=1,
        max_length=MAX_DONORS,
        description="References of the upcycled units (trade-ins) the piece is made from",
    )


class DonorOut(Schema):
    passport_id: str = Field(..., description="The donor's passport serial (GET /passports/{passport_id})")
    passport: str = Field(..., description="Its GS1 Digital Link path, which opens its page")
    api: str
    product: str

    # Reads a donor of a piece: the unit (its passport) the piece was made from.
    @staticmethod
    def resolve_passport_id(d) -> str:
        return d.passport.serial

    @staticmethod
    def resolve_passport(d) -> str:
        return d.passport.path

    @staticmethod
    def resolve_api(d) -> str:
        return f"/api/v1/passports/{d.passport.serial}"

    @staticmethod
    def resolve_product(d) -> str:
        return str(d.passport.product)


class ItemOut(Schema):
    number: int
    label: str = Field(..., description="“7/50”")
    variant_id: int
    offer_id: int
    price: int
    currency: str
    available: bool = Field(..., description="Still for sale (each piece is one unit)")
    passport_id: str
    passport: str
    donors: list[DonorOut]

    @staticmethod
    def resolve_label(item: EditionItem) -> str:
        return f"{item.number}/{item.edition.size}"

    @staticmethod
    def resolve_offer_id(item: EditionItem) -> int:
        return item.offer.pk

    @staticmethod
    def resolve_price(item: EditionItem) -> int:
        return item.offer.price_amount

    @staticmethod
    def resolve_currency(item: EditionItem) -> str:
        return item.offer.currency

    @staticmethod
    def resolve_available(item: EditionItem) -> bool:
        return item.offer.status == "active" and item.offer.quantity > 0

    @staticmethod
    def resolve_passport_id(item: EditionItem) -> str:
        return item.passport.serial

    @staticmethod
    def resolve_passport(item: EditionItem) -> str:
        return item.passport.path

    @staticmethod
    def resolve_donors(item: EditionItem) -> list:
        return list(item.donors.all())


class EditionOut(Schema):
    id: int
    name: str
    story: str
    size: int
    made: int
    market: str
    product_id: int
    product_slug: str
    product_page: str
    created_at: Instant
    items: list[ItemOut]

    @staticmethod
    def resolve_market(e: Edition) -> str:
        return e.market_id

    @staticmethod
    def resolve_product_slug(e: Edition) -> str:
        return e.product.slug

    @staticmethod
    def resolve_product_page(e: Edition) -> str:
        return reverse("storefront:product", args=[e.product.slug])

    @staticmethod
    def resolve_items(e: Edition) -> list:
        return list(e.items.all())


class CollectionEditionsOut(Schema):
    id: int
    slug: str
    name: str
    maker: str
    story: str
    editions: list[EditionOut]

    @staticmethod
    def resolve_story(c) -> str:
        return c.description

    @staticmethod
    def resolve_editions(c) -> list:
        return list(c.editions.all())
