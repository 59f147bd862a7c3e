"""Shapes of the seller listing API (docs/design.md §4 listing body). Strict: unknown fields and floats are refused.

Rules about values (floors, ranges, markets) live in services, which name the field and rule they break;
these schemas only check shapes, so a price of 0 reaches the service and comes back as `price_positive` (the
document still declares the bounds, `core.schemas.bounded`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import (  # noqa: F401  (re-exported)
    FieldError,
    Instant,
    Integer,
    MarketCode,
    MarketCodeOrBlank,
    ProblemOut,
    Stamp,
    bounded,
)

from .models import Grade, OfferStatus
from .services import MAX_PRICE_MINOR, MAX_QUANTITY

# A seller's metrics, read by the seller (api/seller.py) or staff (api/staff.py).
METRICS_REFUSALS = {code: ProblemOut for code in (401, 403, 404, 409, 422, 429)}

SellerSettableStatus = Literal["active", "paused", "withdrawn"]
MAX_PAGE_SIZE = 100


class ListingIn(Schema):
    """A new listing, exactly the body docs/design.md §4 names."""

    model_config = ConfigDict(extra="forbid")

    variant_id: Integer
    market: MarketCode = Field(..., max_length=8, description="ISO 3166 market code, e.g. FR")
    grade: Grade = Field(
        ...,
        description="A grade of the category's condition scheme: premium, excellent, good, fair for "
        "devices; new_with_tags, like_new, very_good, good for clothing, shoes and bags",
    )
    price: Integer = bounded(
        ..., minimum=1, maximum=MAX_PRICE_MINOR, description="Minor units of `currency` (34900 = 349.00 EUR)"
    )
    currency: str = Field(..., max_length=8, description="ISO 4217; must be the market's currency")
    quantity: Integer = bounded(..., minimum=0, maximum=MAX_QUANTITY)
    battery_health_min: Integer | None = Field(
        None,
        description="Guaranteed minimum battery health in percent; null for categories without a battery",
    )
    warranty_months: Integer | None = Field(
        None, description="At least the market's minimum (12); default it"
    )
    handling_days: Integer | None = Field(None, description="Business days to ship, 1–10; default the shop's")


class ListingPatch(Schema):
    """Any subset of what may change on a live listing. A field sent as null is refused unless it may be null."""

    model_config = ConfigDict(extra="forbid")

    # `= None` without `| None`: omitted is fine, an explicit null is a type error (pydantic skips defaults).
    price: Integer = bounded(None, minimum=1, maximum=MAX_PRICE_MINOR)
    quantity: Integer = bounded(None, minimum=0, maximum=MAX_QUANTITY)
    battery_health_min: Integer | None = None
    warranty_months: Integer = None  # type: ignore[assignment]
    handling_days: Integer = None  # type: ignore[assignment]
    status: SellerSettableStatus = None  # type: ignore[assignment]

    def changes(self) -> dict:
        return self.model_dump(exclude_unset=True)


class ListingOut(Schema):
    offer_id: int
    variant_id: int
    product_id: int
    product: str = Field(..., description="Brand and model name")
    variant: str = Field(..., description="The variant's label, e.g. '128 GB · Black'")
    market: str
    condition_scheme: str = Field(..., description="How the grade reads: `device` or `apparel`")
    grade: Grade = Field(..., description="A grade code of `condition_scheme`")
    price: int
    currency: str
    quantity: int
    battery_health_min: int | None = Field(..., description="Null where the category has no battery")
    warranty_months: int
    handling_days: int
    status: OfferStatus
    created_at: Instant = Field(..., description="RFC 3339 UTC")
    updated_at: Instant = Field(..., description="RFC 3339 UTC")
    published_at: Stamp = Field(None, description="RFC 3339 UTC")
    price_to_win: int | None = Field(
        ..., description="Highest price (minor units) at which this offer wins its slot now; null if none"
    )
    is_winning: bool = Field(..., description="Whether this offer is the best offer of its slot right now")

    # Reads an Offer that `selectors.with_standings` gave its `standing`.
    @staticmethod
    def resolve_offer_id(offer) -> int:
        return offer.pk

    @staticmethod
    def resolve_product_id(offer) -> int:
        return offer.variant.product.pk

    @staticmethod
    def resolve_product(offer) -> str:
        return str(offer.variant.product)

    @staticmethod
    def resolve_variant(offer) -> str:
        return offer.variant.label

    @staticmethod
    def resolve_market(offer) -> str:
        return offer.market_id

    @staticmethod
    def resolve_condition_scheme(offer) -> str:
        return offer.variant.product.category.condition_scheme

    @staticmethod
    def resolve_price(offer) -> int:
        return offer.price_amount

    @staticmethod
    def resolve_price_to_win(offer) -> int | None:
        return offer.standing.price_to_win if offer.standing else None

    @staticmethod
    def resolve_is_winning(offer) -> bool:
        return offer.standing.is_winning if offer.standing else False


class ListingFilters(PageQuery):
    status: OfferStatus | None = None
    market: MarketCodeOrBlank | None = Field(None, max_length=8)
    grade: Grade | None = None
    q: str | None = Field(
        None, max_length=100, description="Words matched against brand, model, variant, SKU"
    )


class ListingPage(PageOut):
    items: list[ListingOut]


class PhotoSizeOut(Schema):
    width: int
    height: int
    webp: str = Field(..., description="URL of the WebP rendition")
    jpeg: str = Field(..., description="URL of the JPEG rendition (for browsers without WebP)")


class PhotoOut(Schema):
    """A photo of the very unit sold, in every stored width."""

    id: int
    position: int
    alt: str
    width: int
    height: int
    sizes: list[PhotoSizeOut]
    defect: str = Field(
        "", description="The defect this photo discloses (stain, pilling, repair…); empty if none"
    )
    defect_label: str = Field("", description="The defect's name in the request's language")
    defect_note: str = ""


class PhotoList(Schema):
    items: list[PhotoOut]


class PhotoUploadIn(Schema):
    alt: str = Field("", max_length=200, description="Alt text for every file of this upload")
    defect: str = Field(
        "",
        max_length=20,
        description="These photos disclose a defect of the unit: one of its condition scheme's "
        "(apparel: stain, pilling, repair, hole, fading, other); empty for plain photos",
    )
    defect_note: str = Field("", max_length=200, description="What the defect is, where, how large")


class PhotoOrderIn(Schema):
    model_config = ConfigDict(extra="forbid")

    photo_ids: list[Integer] = Field(..., description="Every photo of the listing, in the wanted order")


# The authentication of a listing: what the authenticator works on and what its seller reads --------------
AUTHENTICATION_PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}


class EvidenceOut(Schema):
    id: int
    position: int
    width: int
    height: int


class AuthenticationOut(Schema):
    id: int
    offer_id: int
    product: str
    seller_id: int
    price: int = Field(..., description="Minor units of `currency`")
    currency: str
    threshold: int = Field(..., description="The category's threshold the price reached, minor units")
    status: str
    requested_at: datetime
    decided_at: datetime | None
    reasons: str
    checked: list[str]
    evidence: list[EvidenceOut]

    # Reads an Authentication with its offer.
    @staticmethod
    def resolve_offer_id(row) -> int:
        return row.offer.pk

    @staticmethod
    def resolve_product(row) -> str:
        return row.offer.variant.product.name

    @staticmethod
    def resolve_seller_id(row) -> int:
        return row.offer.seller_id

    @staticmethod
    def resolve_price(row) -> int:
        return row.offer.price_amount

    @staticmethod
    def resolve_currency(row) -> str:
        return row.offer.currency

    @staticmethod
    def resolve_threshold(row) -> int:
        return row.threshold_amount

    @staticmethod
    def resolve_checked(row) -> list[str]:
        return list(row.checked or [])

    @staticmethod
    def resolve_evidence(row) -> list:
        return list(row.photos.all())
