"""API shapes of recovery; rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, ProblemOut, filled, one_of
from comeback.core.text import Text
from comeback.tradein.models import Route

from . import selectors
from .models import Certification, Collection, Recycler

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}
MAX_ID = 2**63 - 1  # a database id: anything larger is refused as input, never sent to the database


def _t(value: datetime | None) -> str | None:
    return rfc3339(value) if value else None


class DeviceFilters(PageQuery):
    route: str | None = one_of(Route, None, description="The route a device takes")
    state: str | None = one_of(selectors.STATES, None, description="stale: no progress for over 14 days")


class RecoveredPartOut(Schema):
    part_id: str
    name: str
    source: str | None = None
    donor: str | None = None
    quantity: int


class DeviceOut(Schema):
    ref: str = Field(..., description="The trade-in's reference")
    product: dict
    seller: dict
    market: str
    route: str
    status: str
    status_label: str
    awaiting_payout: bool
    received_at: str
    last_progress_at: str
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
    done_at: str | None = None


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


class RecoveryImpactOut(Schema):
    since: str
    until: str
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


def collection_out(c: Collection) -> dict:
    return {"id": c.pk, "slug": c.slug, "name": c.name, "maker": c.maker, "description": c.description}


def recycler_out(r: Recycler) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "certification": r.certification,
        "certification_label": r.get_certification_display(),
        "certificate_number": r.certificate_number,
        "country": r.country,
    }


def device_out(row: selectors.Row) -> dict:
    d = row.device
    t = row.tradein
    out = {
        "ref": row.ref,
        "product": {"id": t.product_id, "name": str(t.product), "storage_gb": t.storage_gb or None},
        "seller": {"id": t.seller_id, "name": t.seller.display_name},
        "market": t.market_id,
        "route": row.route,
        "status": row.status,
        "status_label": str(row.status_label),
        "awaiting_payout": row.awaiting_payout,
        "received_at": _t(row.received_at),
        "last_progress_at": _t(row.last_progress_at),
        "age_days": row.age_days,
        "idle_days": row.idle_days,
        "stale": row.stale,
        "next_steps": selectors.next_steps(row),
    }
    if d is not None:
        out.update(
            {
                "grade": d.grade or None,
                "battery_health": d.battery_health,
                "operations": d.operations or [],
                "offer_id": d.offer_id,
                "weight_grams": d.weight_grams,
                "certificate_ref": d.certificate_ref or None,
                "collection": collection_out(d.collection) if d.collection_id else None,
                "recycler": recycler_out(d.recycler) if d.recycler_id else None,
                "done_at": _t(d.done_at),
                "parts_fitted": [
                    {
                        "part_id": p.part_ref,
                        "name": p.name,
                        "source": p.source,
                        "donor": p.donor or None,
                        "quantity": p.quantity,
                    }
                    for p in d.parts_fitted.all()
                ],
                "parts_harvested": [
                    {"part_id": p.part_ref, "name": p.name, "source": "harvested", "quantity": p.quantity}
                    for p in d.parts_harvested.all()
                ],
            }
        )
    return out


def impact_out(s: selectors.ImpactSummary) -> dict:
    t = s.totals
    return {
        "since": _t(s.since),
        "until": _t(s.until),
        "market": s.market,
        "units": t.units,
        "by_activity": t.by_activity,
        "co2e_kg": float(t.co2e_kg),
        "materials_kg": float(t.materials_kg),
        "e_waste_kg": float(t.e_waste_kg),
        "units_without_factor": t.units_without_factor,
        "units_without_weight": t.units_without_weight,
        "recycled_kg": s.recycled_kg,
        "upcycled": s.upcycled,
        "harvested": s.harvested,
        "lines": [
            {
                "activity": ln.activity,
                "category": ln.factor.category,
                "units": ln.units,
                "co2e_kg": float(ln.co2e_kg),
                "materials_kg": float(ln.materials_kg),
                "e_waste_kg": float(ln.e_waste_kg),
                "co2e_kg_per_year": float(ln.factor.co2e_kg_per_year),
                "materials_kg_per_year": float(ln.factor.materials_kg_per_year),
                "source": ln.factor.source,
                "year": ln.factor.year,
                "estimate": ln.factor.estimate,
            }
            for ln in t.lines
        ],
    }
