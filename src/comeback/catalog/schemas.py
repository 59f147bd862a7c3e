"""Shapes of the catalogue API (DESIGN.md §4): money as integer minor units beside an ISO 4217 `currency`."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from comeback.core.schemas import FieldError, ProblemOut  # noqa: F401  (re-exported)
from comeback.offers.models import Grade

from .browse import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_PRICE

MARKET_CODE = "^[A-Za-z]{2}$"
SortName = Literal["relevance", "price_asc", "price_desc", "newest", "rating"]  # browse.SORTS


class ProductFilters(Schema):
    """Query parameters of `GET /products`; variant attribute filters come as `attr[<name>]=<value>`."""

    q: str | None = Field(None, description="Words to find; each may be the start of a word (`ipho`)")
    category: str | None = Field(None, description="Category slug; includes its sub-categories")
    brand: str | None = Field(None, description="Brand slug")
    grade: Grade | None = Field(None, description="Only offers of this grade count")
    market: str = Field("FR", description="Market code; prices are in its currency", pattern=MARKET_CODE)
    min_price: int | None = Field(None, ge=0, le=MAX_PRICE, description="Minor units (cents) of the market's currency")
    max_price: int | None = Field(None, ge=0, le=MAX_PRICE, description="Minor units (cents) of the market's currency")
    sort: SortName = Field("relevance", description="Order of the results")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE)




class MarketOut(Schema):
    code: str = Field(..., description="ISO 3166-1 alpha-2, e.g. FR")
    name: str
    currency: str = Field(..., description="ISO 4217")
    locale: str = Field(..., description="CLDR locale, e.g. fr_FR")
    timezone: str = Field(..., description="IANA time zone; calendar rules use it")
    commercial_warranty_min_months: int = Field(..., description="Least warranty any offer in this market carries")
    return_window_days: int
    legal_guarantee_months: int = Field(..., description="Statutory guarantee in months; 0 where the law sets none")
    legal_guarantee_note: str


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    parent: int | None = Field(None, description="Parent category id; null at the top")
    kind: str = Field(..., description="device, accessory or apparel")
    battery_floor: int | None = Field(None, description="Least battery health (percent) an offer may state; null = no battery")
    attribute_schema: dict = Field(..., description="JSON Schema (2020-12) of a product model's attributes")
    variant_schema: dict = Field(..., description="JSON Schema (2020-12) of a variant's attributes")
    children: list[CategoryOut] = Field(default_factory=list)


class ProductCardOut(Schema):
    id: int
    slug: str
    name: str
    brand: str
    brand_slug: str
    category: str = Field(..., description="Category slug")
    category_name: str
    illustration: str
    from_price: int = Field(..., description="Cheapest matching visible offer, minor units of `currency`")
    currency: str
    offer_count: int = Field(..., description="Matching visible offers in the market")
    grades: list[Grade]
    release_year: int | None = None


class BrandFacetOut(Schema):
    slug: str
    name: str
    count: int


class GradeFacetOut(Schema):
    grade: Grade
    count: int


class CategoryFacetOut(Schema):
    slug: str
    name: str
    count: int


class AttributeValueFacetOut(Schema):
    value: str
    count: int


class ProductFacets(Schema):
    brand: list[BrandFacetOut]
    grade: list[GradeFacetOut]
    category: list[CategoryFacetOut]
    attrs: dict[str, list[AttributeValueFacetOut]] = Field(..., description="Variant attribute → values with product counts")


class ProductPageOut(Schema):
    items: list[ProductCardOut]
    total: int
    page: int
    pages: int
    per_page: int
    market: str
    currency: str
    facets: ProductFacets


class OfferSellerOut(Schema):
    id: int
    name: str
    rating: float | None = Field(None, description="Mean stars, 1–5; null before the first review")
    rating_count: int


class ProductOfferOut(Schema):
    offer_id: int
    grade: Grade
    price: int = Field(..., description="Minor units of `currency`")
    currency: str
    quantity: int
    seller: OfferSellerOut
    battery_health_min: int | None = None
    warranty_months: int
    handling_days: int


class ProductBestOfferOut(ProductOfferOut):
    why: list[str] = Field(..., description="Why this offer wins its grade (the published ranking formula)")
    why_codes: list[str]
    seller_quality: float = Field(..., description="The seller quality the ranking used, 0–1")
    other_offers: list[ProductOfferOut]


class ProductVariantOut(Schema):
    id: int
    label: str
    sku: str
    gtin: str | None = None
    attributes: dict
    from_price: int | None = Field(None, description="Cheapest visible offer in the market; null if none")
    offer_count: int
    best_offers: list[ProductBestOfferOut] = Field(..., description="Per grade with offers, premium → fair")


class ProductRefOut(Schema):
    id: int
    slug: str
    name: str
    brand: str


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    brand: str
    brand_slug: str
    category: str = Field(..., description="Category slug")
    category_name: str
    kind: str
    description: str
    release_date: str | None = Field(None, description="ISO 8601 date")
    end_of_placement: str | None = None
    gtin: str | None = None
    materials: list[dict]
    origin: str
    attributes: dict
    weight_grams: int | None = None
    market: str
    currency: str
    from_price: int | None = None
    offer_count: int
    variants: list[ProductVariantOut]
    compatible_with: list[ProductRefOut] = Field(..., description="For accessories: the models it fits")
    accessories: list[ProductRefOut] = Field(..., description="Accessories for this model on sale in the market")
