"""API shapes of upcycled editions; rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from django.urls import reverse
from ninja import Field, Schema

from comeback.core.clock import rfc3339
from comeback.core.schemas import Integer, ProblemOut, bounded, filled
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
    created_at: str
    items: list[ItemOut]


class CollectionEditionsOut(Schema):
    id: int
    slug: str
    name: str
    maker: str
    story: str
    editions: list[EditionOut]


def _donor_out(d) -> dict:
    p = d.passport
    return {
        "passport_id": p.serial,
        "passport": p.path,
        "api": f"/api/v1/passports/{p.serial}",
        "product": str(p.product),
    }


def item_out(item: EditionItem, edition: Edition) -> dict:
    offer = item.offer
    return {
        "number": item.number,
        "label": f"{item.number}/{edition.size}",
        "variant_id": item.variant_id,
        "offer_id": offer.pk,
        "price": offer.price_amount,
        "currency": offer.currency,
        "available": offer.status == "active" and offer.quantity > 0,
        "passport_id": item.passport.serial,
        "passport": item.passport.path,
        "donors": [_donor_out(d) for d in item.donors.all()],
    }


def edition_out(e: Edition) -> dict:
    return {
        "id": e.pk,
        "name": e.name,
        "story": e.story,
        "size": e.size,
        "made": e.made,
        "market": e.market_id,
        "product_id": e.product_id,
        "product_slug": e.product.slug,
        "product_page": reverse("storefront:product", args=[e.product.slug]),
        "created_at": rfc3339(e.created_at),
        "items": [item_out(i, e) for i in e.items.all()],
    }


def collection_out(c) -> dict:
    return {
        "id": c.pk,
        "slug": c.slug,
        "name": c.name,
        "maker": c.maker,
        "story": c.description,
        "editions": [edition_out(e) for e in c.editions.all()],
    }
