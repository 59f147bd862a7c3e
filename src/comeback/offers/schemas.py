"""Shapes of the seller listing API (DESIGN.md §4 listing body). Strict: unknown fields and floats are refused.

Rules about values (floors, ranges, markets) live in services, which name the field and rule they break;
these schemas only check shapes, so a price of 0 reaches the service and comes back as `price_positive`.
"""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictInt

from comeback.core.schemas import FieldError, ProblemOut  # noqa: F401  (re-exported)

from .models import Grade, OfferStatus

SellerSettableStatus = Literal["active", "paused", "withdrawn"]
MAX_PAGE_SIZE = 100


class ListingIn(Schema):
    """A new listing, exactly the body DESIGN.md §4 names."""

    model_config = ConfigDict(extra="forbid")

    variant_id: StrictInt
    market: str = Field(..., max_length=8, description="ISO 3166 market code, e.g. FR")
    grade: Grade
    price: StrictInt = Field(..., description="Minor units of `currency` (34900 = 349.00 EUR)")
    currency: str = Field(..., max_length=8, description="ISO 4217; must be the market's currency")
    quantity: StrictInt
    battery_health_min: StrictInt | None = Field(
        None, description="Guaranteed minimum battery health in percent; null for categories without a battery"
    )
    warranty_months: StrictInt | None = Field(None, description="At least the market's minimum (12); default it")
    handling_days: StrictInt | None = Field(None, description="Business days to ship, 1–10; default the shop's")


class ListingPatch(Schema):
    """Any subset of what may change on a live listing. A field sent as null is refused unless it may be null."""

    model_config = ConfigDict(extra="forbid")

    # `= None` without `| None`: omitted is fine, an explicit null is a type error (pydantic skips defaults).
    price: StrictInt = None  # type: ignore[assignment]
    quantity: StrictInt = None  # type: ignore[assignment]
    battery_health_min: StrictInt | None = None
    warranty_months: StrictInt = None  # type: ignore[assignment]
    handling_days: StrictInt = None  # type: ignore[assignment]
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
    grade: Grade
    price: int
    currency: str
    quantity: int
    battery_health_min: int | None
    warranty_months: int
    handling_days: int
    status: OfferStatus
    created_at: str = Field(..., description="RFC 3339 UTC")
    updated_at: str = Field(..., description="RFC 3339 UTC")
    published_at: str | None = Field(None, description="RFC 3339 UTC")
    price_to_win: int | None = Field(
        ..., description="Highest price (minor units) at which this offer wins its slot now; null if none"
    )
    is_winning: bool = Field(..., description="Whether this offer is the best offer of its slot right now")


class ListingFilters(Schema):
    status: OfferStatus | None = None
    market: str | None = Field(None, max_length=8)
    grade: Grade | None = None
    q: str | None = Field(None, max_length=100, description="Words matched against brand, model, variant, SKU")
    page: int = Field(1, ge=1, le=1_000_000)
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE)


class ListingPage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ListingOut]


