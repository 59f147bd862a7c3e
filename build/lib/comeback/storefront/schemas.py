"""Shapes of the catalogue API (docs/design.md §4): money as integer minor units beside an ISO 4217 `currency`."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from comeback.catalog.schemas import TextileOut
from comeback.core.paging import PageOut
from comeback.core.schemas import FieldError, MarketCode, ProblemOut  # noqa: F401  (re-exported)
from comeback.offers.models import Grade
from comeback.offers.schemas import PhotoOut, PhotoSizeOut

from .browse import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_PRICE

MARKET_CODE = "^[A-Za-z]{2}$"
SortName = Literal["relevance", "price_asc", "price_desc", "newest", "rating"]  # browse.SORTS


class ProductFilters(Schema):
    """Query parameters of `GET /products`; variant attribute filters come as `attr[<name>]=<value>`."""

    q: str | None = Field(None, description="Words to find; each may be the start of a word (`ipho`)")
    category: str | None = Field(None, description="Category slug; includes its sub-categories")
    brand: str | None = Field(None, description="Brand slug")
    grade: Grade | None = Field(None, description="Only offers of this grade count")
    market: MarketCode = Field(
        "FR", description="Market code; prices are in its currency", pattern=MARKET_CODE
    )
    min_price: int | None = Field(
        None, ge=0, le=MAX_PRICE, description="Minor units (cents) of the market's currency"
    )
    max_price: int | None = Field(
        None, ge=0, le=MAX_PRICE, description="Minor units (cents) of the market's currency"
    )
    sort: SortName = Field("relevance", description="Order of the results")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
    page_size: int = Field(
        DEFAULT_PER_PAGE, ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}"
    )


class MarketOut(Schema):
    code: str = Field(..., description="ISO 3166-1 alpha-2, e.g. FR")
    name: str
    currency: str = Field(..., description="ISO 4217")
    locale: str = Field(..., description="CLDR locale, e.g. fr_FR")
    timezone: str = Field(..., description="IANA time zone; calendar rules use it")
    commercial_warranty_min_months: int = Field(
        ..., description="Least warranty any offer in this market carries"
    )
    return_window_days: int
    legal_guarantee_months: int = Field(
        ..., description="Statutory guarantee in months; 0 where the law sets none"
    )
    legal_guarantee_note: str


class CategoryOut(Schema):
    id: int
    slug: str
    name: str
    parent: int | None = Field(None, description="Parent category id; null at the top")
    kind: str = Field(..., description="device, accessory or apparel")
    condition_scheme: str = Field(
        ..., description="How its items are graded: `device` (premium…fair) or `apparel` (new_with_tags…good)"
    )
    battery_floor: int | None = Field(
        None, description="Least battery health (percent) an offer may state; null = no battery"
    )
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
    condition_scheme: str = Field(..., description="How its offers are graded: `device` or `apparel`")
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
    attrs: dict[str, list[AttributeValueFacetOut]] = Field(
        ..., description="Variant attribute → values with product counts"
    )


class ProductPageOut(PageOut):
    items: list[ProductCardOut]
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
    authenticated: bool = Field(
        False, description="An authenticator examined this very item (bags, sneakers, watches above a price)"
    )
    authenticated_at: datetime | None = None
    photos: list[PhotoOut] = Field(
        default_factory=list,
        description="Photos of the very unit sold, in every stored width (WebP and JPEG)",
    )
    condition_scheme: str = Field(..., description="`device` or `apparel`: which scheme `grade` belongs to")
    grade: Grade
    price: int = Field(..., description="Minor units of `currency`")
    currency: str
    quantity: int
    seller: OfferSellerOut
    battery_health_min: int | None = Field(None, description="Null where the category has no battery")
    warranty_months: int
    handling_days: int


class ProductBestOfferOut(ProductOfferOut):
    why: list[str] = Field(..., description="Why this offer wins its grade (the published ranking formula)")
    why_codes: list[str]
    why_factors: dict[str, dict] = Field(
        default_factory=dict,
        description="What the formula compared, winner against runner-up: in_breach, quality, price, "
        "battery_health_min, warranty_months, handling_days",
    )
    seller_quality: float = Field(..., description="The seller quality the ranking used, 0–1")
    other_offers: list[ProductOfferOut]


class ProductVariantOut(Schema):
    id: int
    label: str
    sku: str
    gtin: str | None = Field(
        None,
        description="GTIN-14 of this variant (GS1: one per trade item), or the model's where one serves all.",
    )
    attributes: dict
    from_price: int | None = Field(None, description="Cheapest visible offer in the market; null if none")
    offer_count: int
    best_offers: list[ProductBestOfferOut] = Field(
        ..., description="Per grade with offers, best grade of the product's condition scheme first"
    )


class ConditionGradeOut(Schema):
    code: str = Field(..., description="Grade code, as offers carry it")
    label: str
    description: str = Field(..., description="What the grade promises, in the request's language")


class ProductRefOut(Schema):
    id: int
    slug: str
    name: str
    brand: str


class ModelImageOut(Schema):
    """A picture of the model in every stored width (a photo, or a drawing of it marked `illustration`), or
    the category's drawing (`illustration`, no sizes)."""

    url: str = Field(..., description="The picture to show by default (a 640 px JPEG, or the drawing's SVG)")
    alt: str
    illustration: bool = Field(
        ..., description="A drawing (of the model, or of its category when it has no sizes), not a photo"
    )
    width: int | None = None
    height: int | None = None
    sizes: list[PhotoSizeOut] = Field(
        default_factory=list, description="Every stored width (none for the category's drawing)"
    )
    colour: str | None = Field(
        None,
        description="The colour the photo shows, as the variants' `colour` attribute names it; null: every colour",
    )


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    brand: str
    brand_slug: str
    category: str = Field(..., description="Category slug")
    category_name: str
    kind: str
    condition_scheme: str = Field(
        ..., description="How this product's offers are graded: `device` or `apparel`"
    )
    condition_grades: list[ConditionGradeOut] = Field(..., description="The scheme's grades, best first")
    description: str
    images: list[ModelImageOut] = Field(
        ...,
        description="Pictures of the model, best first: its official photos (each names its colour), else the category's drawing",
    )
    release_date: str | None = Field(None, description="ISO 8601 date")
    end_of_placement: str | None = None
    gtin: str | None = None
    materials: list[dict]
    origin: str
    attributes: dict
    weight_grams: int | None = None
    energy_label: dict | None = Field(
        None,
        description="EU energy label of phones and tablets (Regulation (EU) 2023/1669): energy_class, "
        "repairability_class, battery_cycles, battery_hours_per_cycle, drop_class, ip_rating, "
        "eprel_registration, and `estimated` when the values are not from the label.",
    )
    textile: TextileOut | None = Field(
        None,
        description="Clothing, shoes and bags: fibre composition per part, manufacturing countries, care",
    )
    market: str
    currency: str
    from_price: int | None = None
    offer_count: int
    variants: list[ProductVariantOut]
    size_guide: dict | None = Field(
        None,
        description="Garments: the brand's size guide, {brand, measurements: [chest_cm…], sizes: "
        "[{size, chest_cm…}]} in centimetres; null when there is none",
    )
    compatible_with: list[ProductRefOut] = Field(..., description="For accessories: the models it fits")
    accessories: list[ProductRefOut] = Field(
        ..., description="Accessories for this model on sale in the market"
    )


class SuggestQuery(Schema):
    """Query parameters of `GET /search/suggest`."""

    q: str = Field("", description="What is typed so far; the last word may be unfinished (`iphone 1`)")
    market: MarketCode = Field(
        "FR", description="Market code; only models on sale in it", pattern=MARKET_CODE
    )


class SuggestionOut(Schema):
    id: int
    slug: str
    name: str
    brand: str
    title: str = Field(..., description="Brand and model, as the list shows it")
    url: str = Field(..., description="The product page")
    from_price: int = Field(..., description="Cheapest visible offer, minor units of `currency`")
    offer_count: int


class SuggestionsOut(Schema):
    q: str = Field(..., description="The query as typed (cut at 200 characters)")
    corrected: str | None = Field(
        None, description="The query the suggestions answer when the typed words matched nothing"
    )
    market: str
    currency: str
    items: list[SuggestionOut]
