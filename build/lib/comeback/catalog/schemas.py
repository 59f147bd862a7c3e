"""API schemas of a garment model's textile facts (catalog/textile.py), shared by the staff write, the
product and the passport answers."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from . import textile
from .textile import CARE, FIBRES, PARTS

FibreCode = Literal[tuple(FIBRES)]  # type: ignore[valid-type]
PartCode = Literal[tuple(PARTS)]  # type: ignore[valid-type]
Country = Field(None, min_length=2, max_length=2, description="ISO 3166-1 alpha-2 country code")


def _care(group: str):
    return Literal[tuple(CARE[group])]  # type: ignore[valid-type]


class FibreShareIn(Schema):
    fibre: FibreCode
    percent: float = Field(..., description="Share of the part's mass, above 0 and at most 100, one decimal")


class TextilePartIn(Schema):
    part: PartCode = "main"
    fibres: list[FibreShareIn] = Field(..., description="The part's fibres; their percentages add up to 100")


class TextileStagesIn(Schema):
    spinning: str | None = Country
    weaving_knitting: str | None = Country
    dyeing_finishing: str | None = Country
    making_up: str | None = Country


class TextileCareIn(Schema):
    """ISO 3758 care symbols, one per group (docs/passports.md "The garment passport")."""

    washing: _care("washing") | None = None  # type: ignore[valid-type]
    bleaching: _care("bleaching") | None = None  # type: ignore[valid-type]
    drying: _care("drying") | None = None  # type: ignore[valid-type]
    ironing: _care("ironing") | None = None  # type: ignore[valid-type]
    professional: _care("professional") | None = None  # type: ignore[valid-type]


class TextileIn(Schema):
    composition: list[TextilePartIn] = Field(default_factory=list)
    stages: TextileStagesIn | None = None
    care: TextileCareIn | None = None

    def facts(self) -> dict:
        data = self.dict(exclude_none=True)
        return {k: v for k, v in data.items() if v}


class FibreShareOut(Schema):
    fibre: FibreCode
    fibre_label: str
    percent: float


class TextilePartOut(Schema):
    part: PartCode
    part_label: str
    fibres: list[FibreShareOut]


class TextileStageOut(Schema):
    stage: Literal["spinning", "weaving_knitting", "dyeing_finishing", "making_up"]
    stage_label: str
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    country_name: str = Field(..., description="The country's name in the request's language")


class TextileCareOut(Schema):
    group: Literal[tuple(CARE)]  # type: ignore[valid-type]
    group_label: str
    symbol: str = Field(..., description="ISO 3758 care symbol code, e.g. wash_30_mild")
    text: str = Field(..., description="What the symbol says, in the request's language")


class TextileOut(Schema):
    """A garment model's fibre composition per part, country of each manufacturing stage, and care."""

    composition: list[TextilePartOut]
    stages: list[TextileStageOut]
    care: list[TextileCareOut]


class ProductTextileOut(Schema):
    product_id: int
    slug: str
    textile: TextileOut | None

    # Reads a ProductModel.
    @staticmethod
    def resolve_product_id(product) -> int:
        return product.pk

    @staticmethod
    def resolve_textile(product) -> dict | None:
        return textile.present(product.textile)
