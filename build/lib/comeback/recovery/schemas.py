"""API shapes of recovery; rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from ninja import Field, Schema

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Instant, Integer, ProblemOut, Stamp, filled, one_of
from comeback.core.text import Text
from comeback.tradein.models import Route

from . import selectors
from .models import Certification, Recycler

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}
MAX_ID = 2**63 - 1  # a database id: anything larger is refused as input, never sent to the database


class DeviceFilters(PageQuery):
    route: str | None = one_of(Route, None, description="The route a device takes")
    state: str | None = one_of(selectors.STATES, None, description="stale: no progress for over 14 days")


class RecoveredPartOut(Schema):
    part_id: str
    name: str
    source: str | None = None
    donor: str | None = None
    quantity: int

    # Reads a PartFitted, or a PartHarvested (which has no source nor donor: it was harvested from this one).
    @staticmethod
    def resolve_part_id(p) -> str:
        return p.part_ref

    @staticmethod
    def resolve_source(p) -> str:
        return getattr(p, "source", "harvested")

    @staticmethod
    def resolve_donor(p) -> str | None:
        return getattr(p, "donor", "") or None


class DeviceOut(Schema):
    ref: str = Field(..., description="The trade-in's reference")
    product: dict
    seller: dict
    market: str
    route: str
    status: str
    status_label: str
    awaiting_payout: bool
    received_at: Instant
    last_progress_at: Instant
    age_days: int
    idle_days: int
    stale: bool
    next_steps: list[str]
    grade: str | None = None
    battery_health: int | None = None
    operations: list[str] = []
    offer_id: int | None = None
    collection: dict | None = None
    recycler: dict | None = None
    weight_grams: int | None = None
    certificate_ref: str | None = None
    parts_fitted: list[RecoveredPartOut] = []
    parts_harvested: list[RecoveredPartOut] = []
    done_at: Stamp = None

    # Reads a `selectors.Row`: the trade-in collected, and its device once a step was taken.
    @staticmethod
    def resolve_product(row: selectors.Row) -> dict:
        t = row.tradein
        return {"id": t.product_id, "name": str(t.product), "storage_gb": t.storage_gb or None}

    @staticmethod
    def resolve_seller(row: selectors.Row) -> dict:
        return {"id": row.tradein.seller_id, "name": row.tradein.seller.display_name}

    @staticmethod
    def resolve_market(row: selectors.Row) -> str:
        return row.tradein.market_id

    @staticmethod
    def resolve_status_label(row: selectors.Row) -> str:
        return str(row.status_label)

    @staticmethod
    def resolve_next_steps(row: selectors.Row) -> list[str]:
        return selectors.next_steps(row)

    @staticmethod
    def resolve_grade(row: selectors.Row) -> str | None:
        return (row.device.grade or None) if row.device else None

    @staticmethod
    def resolve_battery_health(row: selectors.Row) -> int | None:
        return row.device.battery_health if row.device else None

    @staticmethod
    def resolve_operations(row: selectors.Row) -> list[str]:
        return (row.device.operations or []) if row.device else []

    @staticmethod
    def resolve_offer_id(row: selectors.Row) -> int | None:
        return row.device.offer_id if row.device else None

    @staticmethod
    def resolve_collection(row: selectors.Row) -> dict | None:
        d = row.device
        return CollectionOut.from_orm(d.collection).model_dump() if d and d.collection_id else None

    @staticmethod
    def resolve_recycler(row: selectors.Row) -> dict | None:
        d = row.device
        return RecyclerOut.from_orm(d.recycler).model_dump() if d and d.recycler_id else None

    @staticmethod
    def resolve_weight_grams(row: selectors.Row) -> int | None:
        return row.device.weight_grams if row.device else None

    @staticmethod
    def resolve_certificate_ref(row: selectors.Row) -> str | None:
        return (row.device.certificate_ref or None) if row.device else None

    @staticmethod
    def resolve_parts_fitted(row: selectors.Row) -> list:
        return list(row.device.parts_fitted.all()) if row.device else []

    @staticmethod
    def resolve_parts_harvested(row: selectors.Row) -> list:
        return list(row.device.parts_harvested.all()) if row.device else []

    @staticmethod
    def resolve_done_at(row: selectors.Row):
        return row.device.done_at if row.device else None


class DeviceList(PageOut):
    items: list[DeviceOut]
    summary: dict


class ListIn(Schema):
    price: Integer = Field(..., description="Minor units, in the trade-in market's currency")
    grade: str = Field("", description="Resell as is only: premium | excellent | good | fair")
    battery_health: Integer | None = Field(None, description="Resell as is only: measured now, percent")
    battery_health_min: Integer | None = None
    warranty_months: Integer | None = None
    handling_days: Integer | None = None
    market: str = Field("", description="Default: the trade-in's market; any market your shop sells in")


class StartIn(Schema):
    technician: str = ""


class FitIn(Schema):
    part_id: Integer = Field(..., gt=0, le=MAX_ID)
    quantity: Integer = 1
    location_id: Integer | None = Field(None, gt=0, le=MAX_ID, description="Default: your workshop")


class FinishIn(Schema):
    grade: str
    battery_health: Integer | None = None
    operations: list[str]
    notes: Text = ""
    technician: str = ""


class HarvestIn(Schema):
    parts: list[str] = Field(..., description="Part types, e.g. screen, battery, camera")
    notes: Text = ""


class UpcycleIn(Schema):
    collection_id: Integer = Field(..., gt=0, le=MAX_ID)
    note: Text = ""


class RecyclerIn(Schema):
    recycler_id: Integer = Field(..., gt=0, le=MAX_ID)
    weight_grams: Integer | None = Field(None, description="Default: the weight recorded with the route")


class RecycledIn(Schema):
    certificate_ref: str


class RerouteIn(Schema):
    route: str
    reason: Text
    recycler_id: Integer | None = Field(None, gt=0, le=MAX_ID)


class CollectionIn(Schema):
    name: str = filled()
    maker: str = filled()
    description: Text = ""


class CollectionOut(Schema):
    id: int
    slug: str
    name: str
    maker: str
    description: str


class RecyclerCreateIn(Schema):
    name: str = filled()
    certification: str = one_of(Certification)
    country: str
    certificate_number: str = ""


class RecyclerOut(Schema):
    id: int
    name: str
    certification: str
    certification_label: str
    certificate_number: str
    country: str

    @staticmethod
    def resolve_certification_label(r: Recycler) -> str:
        return r.get_certification_display()


class ImpactLineOut(Schema):
    activity: str
    category: str
    units: int
    co2e_kg: float
    materials_kg: float
    e_waste_kg: float
    co2e_kg_per_year: float
    materials_kg_per_year: float
    source: str
    year: int
    estimate: bool

    # Reads an `impact.Line`: its units and amounts, beside the factor they were computed with.
    @staticmethod
    def resolve_category(ln) -> str:
        return ln.factor.category

    @staticmethod
    def resolve_co2e_kg_per_year(ln) -> float:
        return float(ln.factor.co2e_kg_per_year)

    @staticmethod
    def resolve_materials_kg_per_year(ln) -> float:
        return float(ln.factor.materials_kg_per_year)

    @staticmethod
    def resolve_source(ln) -> str:
        return ln.factor.source

    @staticmethod
    def resolve_year(ln) -> int:
        return ln.factor.year

    @staticmethod
    def resolve_estimate(ln) -> bool:
        return ln.factor.estimate


class RecoveryImpactOut(Schema):
    since: Instant
    until: Instant
    market: str | None
    units: int
    by_activity: dict[str, int]
    co2e_kg: float
    materials_kg: float
    e_waste_kg: float
    units_without_factor: int
    units_without_weight: int
    lines: list[ImpactLineOut]
    recycled_kg: float
    upcycled: int
    harvested: int

    # Reads a `selectors.ImpactSummary`: its period and counts, and its `totals`.
    @staticmethod
    def resolve_units(s: selectors.ImpactSummary) -> int:
        return s.totals.units

    @staticmethod
    def resolve_by_activity(s: selectors.ImpactSummary) -> dict[str, int]:
        return s.totals.by_activity

    @staticmethod
    def resolve_co2e_kg(s: selectors.ImpactSummary) -> float:
        return float(s.totals.co2e_kg)

    @staticmethod
    def resolve_materials_kg(s: selectors.ImpactSummary) -> float:
        return float(s.totals.materials_kg)

    @staticmethod
    def resolve_e_waste_kg(s: selectors.ImpactSummary) -> float:
        return float(s.totals.e_waste_kg)

    @staticmethod
    def resolve_units_without_factor(s: selectors.ImpactSummary) -> int:
        return s.totals.units_without_factor

    @staticmethod
    def resolve_units_without_weight(s: selectors.ImpactSummary) -> int:
        return s.totals.units_without_weight

    @staticmethod
    def resolve_lines(s: selectors.ImpactSummary) -> list:
        return list(s.totals.lines)
