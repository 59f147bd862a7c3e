"""API shapes of repair. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4);
rules about values live in services, which name the field they refuse."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StrictBool

from comeback.core import clock
from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, one_of, problem_responses
from comeback.core.text import Text

from . import bonus
from .models import Booking, Job, Location, Part, PartType, RepairBarrier, Service, ServiceKind
from .obligation import ModelObligation

MAX_ID = 2**63 - 1  # a database id: anything larger is refused as input, never sent to the database
MAX_AMOUNT = 10**12  # minor units: far above any part's price, far below the database's limit
MAX_QUANTITY = 1_000_000


Id = Annotated[Integer, Field(gt=0, le=MAX_ID)]

_TEXTS = {
    401: "not authenticated",
    403: "missing_scope / not your location or part",
    404: "not found (or not yours)",
    409: "refused by a rule (see `code`): slot_taken, part_out_of_stock, booking_state_changed, …",
    422: "invalid input (see `errors`)",
}


def problems(*codes: int) -> dict:
    return problem_responses(*codes, texts=_TEXTS)


# Locations --------------------------------------------------------------------------------------------
class NearQuery(PageQuery):
    lat: float | None = Field(None, description="Latitude in degrees (WGS 84)")
    lon: float | None = Field(None, description="Longitude in degrees (WGS 84)")
    place: str | None = Field(None, max_length=80, description="Instead of lat/lon: a demo city or postcode")
    service: str | None = one_of(ServiceKind, None, max_length=30, description="Only locations offering it")
    radius_km: float | None = Field(None, gt=0, le=20000)


class BonusOut(Schema):
    scheme: str = Field(..., description="fr_textile: France's textile and shoe repair bonus")
    amount: int = Field(..., description="Deducted from the price (minor units)")
    currency: str
    source: str = Field(..., description="Where the scheme publishes the amount")
    source_date: str


class ServiceOut(Schema):
    kind: str
    label: str
    price: int
    currency: str
    duration_minutes: int
    bonus: BonusOut | None = Field(
        None, description="A repair bonus this (labelled) location deducts; the customer pays price − amount"
    )
    to_pay: int = Field(..., description="The price after the bonus")


class HoursOut(Schema):
    weekday: int = Field(..., description="0 = Monday")
    opens: str
    closes: str


class LocationOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    postal_code: str
    city: str
    market: str
    latitude: float
    longitude: float
    timezone: str
    phone: str
    services: list[ServiceOut]
    hours: list[HoursOut]
    distance_km: float | None = None
    partner_store: str | None = None
    bonus_labels: list[str] = Field(
        default_factory=list, description="Bonus schemes it is labelled for (e.g. fr_textile)"
    )


class NearOut(PageOut):
    lat: float
    lon: float
    place: str | None
    items: list[LocationOut]


def bonus_out(rate, amount: int) -> dict | None:
    if rate is None or not amount:
        return None
    return {
        "scheme": rate.scheme,
        "amount": amount,
        "currency": rate.currency,
        "source": rate.source,
        "source_date": rate.source_date.isoformat(),
    }


def service_out(s: Service, rates: dict | None = None) -> dict:
    rate = (rates or {}).get(s.kind)
    amount = bonus.amount_on(rate, s.price_amount, s.currency)
    return {
        "kind": s.kind,
        "label": str(s.get_kind_display()),
        "price": s.price_amount,
        "currency": s.currency,
        "duration_minutes": s.duration_minutes,
        "bonus": bonus_out(rate, amount),
        "to_pay": s.price_amount - amount,
    }


def location_out(loc: Location, distance_km: float | None = None, rates: dict | None = None) -> dict:
    rates = (
        rates
        if rates is not None
        else bonus.rates_by_location([loc], day=clock.local_date(clock.now(), loc.timezone)).get(loc.pk, {})
    )
    return {
        "id": loc.pk,
        "name": loc.name,
        "kind": loc.kind,
        "address": loc.address,
        "postal_code": loc.postal_code,
        "city": loc.city,
        "market": loc.market_id,
        "latitude": float(loc.latitude),
        "longitude": float(loc.longitude),
        "timezone": loc.timezone,
        "phone": loc.phone,
        "services": [service_out(s, rates) for s in loc.services.all() if s.is_active],
        "hours": [
            {"weekday": h.weekday, "opens": h.opens.strftime("%H:%M"), "closes": h.closes.strftime("%H:%M")}
            for h in loc.hours.all()
        ],
        "distance_km": round(distance_km, 3) if distance_km is not None else None,
        "partner_store": f"{loc.store.partner_id}:{loc.store.code}" if loc.store_id else None,
        "bonus_labels": sorted({r.scheme for r in rates.values()}),
    }


class SlotsQuery(Schema):
    service: str = one_of(ServiceKind, max_length=30)
    day: date | None = Field(
        None, description="Local day at the location (YYYY-MM-DD); default: the next 7 open days"
    )


class SlotsOut(Schema):
    location_id: int
    service: str
    timezone: str
    days: list[dict]


# Bookings ---------------------------------------------------------------------------------------------
class BookingIn(Schema):
    location_id: Id
    service: str = one_of(ServiceKind, max_length=30, description="The repair service booked")
    product_id: Id = Field(..., description="The model to repair")
    starts_at: datetime = Field(..., description="A free start from GET …/slots, with its UTC offset")
    notes: Text = Field("", max_length=500)


class RescheduleIn(Schema):
    starts_at: datetime


class BookingOut(Schema):
    reference: str
    status: str
    location_id: int
    location: str
    service: str
    product_id: int
    product: str
    starts_at: str
    ends_at: str
    price: int
    currency: str
    bonus: BonusOut | None = Field(None, description="The repair bonus deducted at booking, as recorded")
    to_pay: int = Field(..., description="price − bonus")
    job_id: int | None = None


def booking_out(b: Booking) -> dict:
    job = getattr(b, "job", None)  # the reverse one-to-one raises AttributeError when there is none
    return {
        "reference": b.reference,
        "status": b.status,
        "location_id": b.location_id,
        "location": b.location.name,
        "service": b.service.kind,
        "product_id": b.product_id,
        "product": str(b.product),
        "starts_at": rfc3339(b.starts_at),
        "ends_at": rfc3339(b.ends_at),
        "price": b.price_amount,
        "currency": b.currency,
        "bonus": bonus_out(b.bonus_rate, b.bonus_amount),
        "to_pay": b.price_amount - b.bonus_amount,
        "job_id": job.pk if job else None,
    }


class BookingList(PageOut):
    items: list[BookingOut]


# Jobs -------------------------------------------------------------------------------------------------
class JobIn(Schema):
    booking_reference: str | None = Field(None, max_length=20)
    location_id: Id | None = None
    product_id: Id | None = None
    passport_serial: str = Field("", max_length=20, description="The unit's passport, if it has one")
    diagnosis: Text = Field("", max_length=5000)
    battery_before: Integer | None = Field(None, ge=0, le=100)


class JobPatch(Schema):
    diagnosis: Text | None = Field(None, max_length=5000)
    battery_before: Integer | None = Field(None, ge=0, le=100)
    passport_serial: str | None = Field(None, max_length=20)


class JobPartIn(Schema):
    part_id: Id
    quantity: Integer = Field(1, ge=1, le=20)


class JobCompleteIn(Schema):
    repaired: StrictBool
    summary: Text = Field(..., max_length=1000)
    battery_after: Integer | None = Field(None, ge=0, le=100)
    warranty_months: Integer = Field(6, ge=0, le=36)
    repair_barrier: RepairBarrier | None = Field(
        None, description="Open Repair Data Standard 0.3 barrier, only when the unit could not be repaired."
    )


class JobPartOut(Schema):
    part_id: int
    sku: str
    name: str
    part_type: str
    source: str
    donor_passport: str | None
    quantity: int


class JobOut(Schema):
    id: int
    status: str
    location_id: int
    booking_reference: str | None
    product_id: int
    passport: str | None
    diagnosis: str
    summary: str
    battery_before: int | None
    battery_after: int | None
    parts: list[JobPartOut]
    warranty_months: int
    warranty_until: date | None
    repair_barrier: str = Field(
        "", description="Why it could not be repaired (ORDS 0.3 codelist); empty otherwise."
    )
    completed_at: str | None


def job_out(job: Job) -> dict:
    parts = [
        {
            "part_id": jp.part_id,
            "sku": jp.part.sku,
            "name": jp.part.name,
            "part_type": jp.part.part_type,
            "source": jp.part.source,
            "donor_passport": jp.part.donor_passport.path if jp.part.donor_passport else None,
            "quantity": jp.quantity,
        }
        for jp in job.parts.select_related("part", "part__donor_passport").order_by("pk")
    ]
    return {
        "id": job.pk,
        "status": job.status,
        "location_id": job.location_id,
        "booking_reference": job.booking.reference if job.booking_id else None,
        "product_id": job.product_id,
        "passport": job.passport.path if job.passport_id else None,
        "diagnosis": job.diagnosis,
        "summary": job.summary,
        "battery_before": job.battery_before,
        "battery_after": job.battery_after,
        "parts": parts,
        "warranty_months": job.warranty_months,
        "warranty_until": job.warranty_until,
        "repair_barrier": job.repair_barrier,
        "completed_at": rfc3339(job.completed_at) if job.completed_at else None,
    }


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


def part_out(p: Part, total: int | None = None) -> dict:
    return {
        "id": p.pk,
        "sku": p.sku,
        "name": p.name,
        "part_type": p.part_type,
        "source": p.source,
        "compatible_models": sorted(m.pk for m in p.compatible_models.all()),
        "donor_passport": p.donor_passport.path if p.donor_passport_id else None,
        "lead_time_days": p.lead_time_days,
        "prices": [
            {"market": pr.market_id, "amount": pr.amount, "currency": pr.currency} for pr in p.prices.all()
        ],
        "stock_total": total if total is not None else (getattr(p, "total", None) or 0),
        "seller": p.seller.display_name if p.seller_id else None,
    }


class PartList(PageOut):
    items: list[SparePartOut]


class PartsQuery(PageQuery):
    q: str = Field("", max_length=100)
    part_type: str = one_of(("", *PartType.values), "", max_length=16, description="Empty: every type")


class AvailableOut(Schema):
    part: SparePartOut
    quantity_here: int


class AvailableList(PageOut):
    items: list[AvailableOut]


class LocationPartsQuery(PageQuery):
    product_id: int
    part_type: str = one_of(("", *PartType.values), "", max_length=16, description="Empty: every type")


class PartsImportOut(Schema):
    created: int
    updated: int
    stocked: int


class PartTypeOut(Schema):
    value: str
    label: str


# Obligation -------------------------------------------------------------------------------------------
class TypeStatusOut(Schema):
    part_type: str
    parts: int
    stock: int
    best_lead_time_days: int | None
    issue: str | None


class ObligationOut(Schema):
    product_id: int
    product: str
    end_of_placement: date | None
    parts_until: date | None
    running: bool
    at_risk: bool
    part_types: list[TypeStatusOut]


class ObligationList(PageOut):
    on: date
    items: list[ObligationOut]


def obligation_out(row: ModelObligation) -> dict:
    return {
        "product_id": row.product.pk,
        "product": str(row.product),
        "end_of_placement": row.end_of_placement,
        "parts_until": row.until,
        "running": row.running,
        "at_risk": row.at_risk,
        "part_types": [
            {
                "part_type": t.part_type,
                "parts": t.parts,
                "stock": t.stock,
                "best_lead_time_days": t.best_lead_time,
                "issue": t.issue,
            }
            for t in row.types
        ],
    }


# The European Repair Information Form ---------------------------------------------------------------------
class InformationFormIn(Schema):
    defect: Text = Field(..., max_length=1000)
    repair: Text = Field(..., max_length=1000, description="The repair proposed.")
    working_days: Integer = Field(..., ge=1, le=90, description="Working days the repair takes.")
    price: Integer | None = Field(None, ge=0, description="Minor units of the booking's currency.")
    max_price: Integer | None = Field(None, ge=0, description="The maximum, when the price is not fixed.")
    price_method: Text = Field(
        "", max_length=500, description="How the price is calculated, without a price."
    )
    replacement_available: StrictBool = False
    replacement_price: Integer | None = Field(None, ge=0, description="Empty: the replacement is free.")
    ancillary: Text = Field("", max_length=500, description="Ancillary services (transport…) and their cost.")
    language: Literal["", "en", "fr", "de", "ja"] = Field("", description="Default: the customer's market's.")


class InformationFormOut(Schema):
    reference: str
    booking: str
    language: str
    defect: str
    repair: str
    price: int | None
    max_price: int | None
    price_method: str
    currency: str
    working_days: int
    replacement_available: bool
    replacement_price: int | None
    ancillary: str
    issued_at: str
    valid_until: date
    accepted_at: str | None
    ready_by: date | None
    links: dict


def information_form_out(form) -> dict:
    base = f"/api/v1/repair/bookings/{form.booking.reference}/information-form"
    return {
        "reference": form.reference,
        "booking": form.booking.reference,
        "language": form.language,
        "defect": form.defect,
        "repair": form.repair,
        "price": form.price_amount,
        "max_price": form.max_price_amount,
        "price_method": form.price_method,
        "currency": form.currency,
        "working_days": form.working_days,
        "replacement_available": form.replacement_available,
        "replacement_price": form.replacement_price_amount,
        "ancillary": form.ancillary,
        "issued_at": rfc3339(form.issued_at),
        "valid_until": form.valid_until,
        "accepted_at": rfc3339(form.accepted_at) if form.accepted_at else None,
        "ready_by": form.ready_by,
        "links": {"html": base, "pdf": base + "?format=pdf"},
    }
