"""Spare parts and the parts obligation per model, kept by staff and refurbishers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import Field, Schema

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, one_of
from comeback.core.text import Text

from ..models import Part, PartType
from ..obligation import ModelObligation
from . import MAX_AMOUNT, MAX_QUANTITY, Id


# Parts ------------------------------------------------------------------------------------------------
class PartIn(Schema):
    sku: str = Field(..., max_length=64)
    name: str = Field(..., max_length=160)
    part_type: str = one_of(PartType, max_length=16)
    source: str = one_of(("oem", "compatible"), description="Harvested parts come from recovery")
    compatible_models: list[Id] = Field(..., max_length=500, description="Product model ids")
    lead_time_days: Integer = Field(5, ge=0, le=365, description="Working days to deliver")
    prices: dict[str, Annotated[Integer, Field(ge=0, le=MAX_AMOUNT)]] = Field(
        default_factory=dict, description='{"FR": 2900} in minor units'
    )
    notes: Text = Field("", max_length=300)


class StockIn(Schema):
    location_id: Id
    quantity: Integer = Field(
        ..., ge=0, le=MAX_QUANTITY, description="The quantity counted there (replaces it)"
    )


class StockOut(Schema):
    part_id: int
    location_id: int
    quantity: int


class PriceOut(Schema):
    market: str
    amount: int
    currency: str

    @staticmethod
    def resolve_market(price) -> str:
        return price.market_id


class SparePartOut(Schema):
    id: int
    sku: str
    name: str
    part_type: str
    source: str
    compatible_models: list[int]
    donor_passport: str | None
    lead_time_days: int
    prices: list[PriceOut]
    stock_total: int
    seller: str | None

    @staticmethod
    def resolve_compatible_models(p: Part) -> list[int]:
        return sorted(m.pk for m in p.compatible_models.all())

    @staticmethod
    def resolve_donor_passport(p: Part) -> str | None:
        return p.donor_passport.path if p.donor_passport_id else None

    @staticmethod
    def resolve_prices(p: Part) -> list:
        return list(p.prices.all())

    @staticmethod
    def resolve_stock_total(p: Part) -> int:
        return getattr(p, "total", None) or 0  # the selectors annotate it; a part just saved counts none

    @staticmethod
    def resolve_seller(p: Part) -> str | None:
        return p.seller.display_name if p.seller_id else None


class PartList(PageOut):
    items: list[SparePartOut]


class PartsQuery(PageQuery):
    q: str = Field("", max_length=100)
    part_type: str = one_of(("", *PartType.values), "", max_length=16, description="Empty: every type")


class PartsImportOut(Schema):
    created: int
    updated: int
    stocked: int


# Obligation -------------------------------------------------------------------------------------------
class TypeStatusOut(Schema):
    part_type: str
    parts: int
    stock: int
    best_lead_time_days: int | None
    issue: str | None

    @staticmethod
    def resolve_best_lead_time_days(t) -> int | None:
        return t.best_lead_time


class ObligationOut(Schema):
    product_id: int
    product: str
    end_of_placement: date | None
    parts_until: date | None
    running: bool
    at_risk: bool
    part_types: list[TypeStatusOut]

    # Reads an `obligation.ModelObligation`.
    @staticmethod
    def resolve_product_id(row: ModelObligation) -> int:
        return row.product.pk

    @staticmethod
    def resolve_product(row: ModelObligation) -> str:
        return str(row.product)

    @staticmethod
    def resolve_parts_until(row: ModelObligation) -> date | None:
        return row.until

    @staticmethod
    def resolve_part_types(row: ModelObligation) -> list:
        return row.types


class ObligationList(PageOut):
    on: date
    items: list[ObligationOut]
