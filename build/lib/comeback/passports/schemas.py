"""API shapes of passports (docs/passports.md "API"). Event data are objects whose fields kinds.py declares,
so they stay `dict` here; the rest is typed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from comeback.catalog.schemas import TextileOut
from comeback.core.paging import PageOut
from comeback.core.schemas import one_of, problems_with
from comeback.core.text import MULTI_LINE, Text


class LifeOut(Schema):
    id: str
    uri: str
    path: str
    life: int
    status: str
    opened_at: datetime


class HeadOut(Schema):
    seq: int
    hash: str
    signed_at: str | None = None
    kid: str
    alg: str
    signature: str


class ChainSummaryOut(Schema):
    length: int
    head: HeadOut


class OwnershipOut(Schema):
    owners: int = Field(
        description="How many times the unit was delivered to a new owner (no personal data)."
    )
    changes: list[datetime]
    returns: int


class PassportImpactOut(Schema):
    per: Literal["year_of_use", "garment"] = Field(
        ..., description="year_of_use (devices) or garment (one garment bought second-hand instead of new)"
    )
    compared_with: Literal["new"] = "new"
    co2e_kg_per_year: float | None = Field(None, description="Per year of use (devices); null for garments")
    materials_kg_per_year: float | None = None
    co2e_kg_per_item: float | None = Field(None, description="Per garment (garments); null for devices")
    years_in_use: float | None = None
    co2e_kg_avoided: float
    materials_kg_avoided: float | None = None
    source: str
    year: int
    estimate: bool
    note: str
    e_waste_kg: float | None = None


class PassportOut(Schema):
    id: str = Field(description="The passport's serial (GS1 AI 21): ours, opaque, never the IMEI.")
    uri: str = Field(description="GS1 Digital Link URI, https://{host}/01/{gtin}/21/{serial}.")
    path: str
    gtin: str
    serial: str
    level: str = Field(description="public | restricted | authority: the level this answer is at.")
    status: str
    life: int
    opened_at: datetime
    previous: LifeOut | None
    next: LifeOut | None
    lineage: list[LifeOut]
    product: dict[str, Any]
    materials: list[dict[str, Any]]
    origin: str | None
    weight_grams: int | None
    energy_label: dict | None = Field(
        None,
        description="The model's EU energy label (Regulation (EU) 2023/1669); `estimated` if not from it.",
    )
    textile: TextileOut | None = Field(
        None,
        description="Clothing, shoes and bags: the model's fibres per part, manufacturing countries, care",
    )
    images: list[dict] = Field(
        default_factory=list, description="The model's images: url (site-relative), alt, illustration."
    )
    care_instructions: list[str]
    repair_instructions: str | None
    issuer: dict[str, Any] | None
    source: str
    grading: dict[str, Any] | None
    battery_health: list[dict[str, Any]]
    refurbishments: list[dict[str, Any]]
    repairs: list[dict[str, Any]]
    alterations: list[dict[str, Any]] = Field(
        default_factory=list, description="Garment alterations (hem, resizing), apart from repairs"
    )
    parts_replaced: list[dict[str, Any]]
    listings: list[dict[str, Any]]
    ownership: OwnershipOut
    sale: dict[str, Any] | None
    warranty: dict[str, Any]
    claims: list[dict[str, Any]]
    trade_ins: list[dict[str, Any]]
    data_wipes: list[dict[str, Any]]
    route: dict[str, Any] | None
    end_of_life: dict[str, Any] | None
    impact: PassportImpactOut | None
    chain: ChainSummaryOut
    links: dict[str, str]
    restricted: dict[str, Any] | None = Field(
        None, description="Repairers, refurbishers, recyclers and above."
    )
    authority: dict[str, Any] | None = Field(None, description="Authorities only.")


class ChainEventOut(Schema):
    seq: int
    kind: str
    at: str
    actor: dict[str, str]
    data: dict[str, Any]
    sealed: dict[str, str]
    disclosed: dict[str, dict[str, Any]] | None = None
    prev_hash: str
    hash: str


class ChainOut(Schema):
    id: str
    serial: str
    uri: str
    level: str
    algorithm: dict[str, str]
    events: list[ChainEventOut]
    head: HeadOut


class EventIn(Schema):
    kind: str = Field(description="An event kind (docs/passports.md: graded, repaired, part_replaced, …).")
    # Notes and summaries in an event's data may span lines; no value may hold a control character.
    data: Annotated[dict[str, Any], MULTI_LINE] = Field(default_factory=dict)
    at: datetime | None = Field(None, description="When it happened; default now.")


class PassportIn(Schema):
    variant_id: int
    imei: str = ""
    maker_serial: str = Field("", max_length=64)
    grade: str = ""
    battery_health: int | None = Field(None, ge=0, le=100)
    previous: str = Field(
        "", max_length=20, description="Serial of this unit's earlier passport (a new life)."
    )
    care_instructions: list[str] = Field(default_factory=list)
    repair_instructions: Text = Field("", max_length=2000)


class PassportSummaryOut(Schema):
    id: str
    uri: str
    gtin: str
    status: str
    life: int
    product: str
    opened_at: datetime


class PassportListOut(PageOut):
    items: list[PassportSummaryOut]


class GrantIn(Schema):
    email: str
    role: str = one_of(("repairer", "recycler", "authority"))
    organisation: str


class GrantOut(Schema):
    id: int
    email: str
    role: str
    level: str
    organisation: str
    created_at: datetime
    revoked_at: datetime | None


# The problem responses an operation declares, each status with the codes it carries.
problems = problems_with(
    {
        401: "invalid token",
        403: "missing_scope / passport_level_forbidden / not_your_passport",
        404: "passport_not_found",
        409: "passport_closed / refused by a rule",
        422: "invalid input",
    }
)
