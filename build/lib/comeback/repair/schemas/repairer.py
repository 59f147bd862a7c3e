"""The repairer's desk: repair jobs, and the parts at hand for a model at a location."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema
from pydantic import StrictBool

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, Stamp, one_of
from comeback.core.text import Text

from ..models import Job, PartType, RepairBarrier
from . import Id
from .staff import SparePartOut


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

    # Reads a part fitted on the job (a JobPart).
    @staticmethod
    def resolve_sku(jp) -> str:
        return jp.part.sku

    @staticmethod
    def resolve_name(jp) -> str:
        return jp.part.name

    @staticmethod
    def resolve_part_type(jp) -> str:
        return jp.part.part_type

    @staticmethod
    def resolve_source(jp) -> str:
        return jp.part.source

    @staticmethod
    def resolve_donor_passport(jp) -> str | None:
        return jp.part.donor_passport.path if jp.part.donor_passport else None


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
    completed_at: Stamp

    @staticmethod
    def resolve_booking_reference(job: Job) -> str | None:
        return job.booking.reference if job.booking_id else None

    @staticmethod
    def resolve_passport(job: Job) -> str | None:
        return job.passport.path if job.passport_id else None

    @staticmethod
    def resolve_parts(job: Job) -> list:
        return list(job.parts.select_related("part", "part__donor_passport").order_by("pk"))


# Parts at a location ---------------------------------------------------------------------------------
class AvailableOut(Schema):
    part: SparePartOut
    quantity_here: int

    # Reads a `selectors.PartAvailability`: its part carries the stock everywhere (`total`, see SparePartOut).


class AvailableList(PageOut):
    items: list[AvailableOut]


class LocationPartsQuery(PageQuery):
    product_id: int
    part_type: str = one_of(("", *PartType.values), "", max_length=16, description="Empty: every type")
