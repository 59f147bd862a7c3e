"""The customer's repair bookings and the European Repair Information Form that binds a booking's price and
time (issued by the booking's repairer, accepted by the customer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import StrictBool

from comeback.core.paging import PageOut
from comeback.core.schemas import Instant, Integer, Stamp, one_of
from comeback.core.text import Text

from ..models import Booking, ServiceKind
from . import Id
from .public import BonusOut


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
    starts_at: Instant
    ends_at: Instant
    price: int
    currency: str
    bonus: BonusOut | None = Field(None, description="The repair bonus deducted at booking, as recorded")
    to_pay: int = Field(..., description="price − bonus")
    job_id: int | None = None

    @staticmethod
    def resolve_location(b: Booking) -> str:
        return b.location.name

    @staticmethod
    def resolve_service(b: Booking) -> str:
        return b.service.kind

    @staticmethod
    def resolve_product(b: Booking) -> str:
        return str(b.product)

    @staticmethod
    def resolve_price(b: Booking) -> int:
        return b.price_amount

    @staticmethod
    def resolve_bonus(b: Booking) -> BonusOut | None:
        return BonusOut.deducted(b.bonus_rate, b.bonus_amount)

    @staticmethod
    def resolve_to_pay(b: Booking) -> int:
        return b.price_amount - b.bonus_amount

    @staticmethod
    def resolve_job_id(b: Booking) -> int | None:
        job = getattr(b, "job", None)  # the reverse one-to-one raises AttributeError when there is none
        return job.pk if job else None


class BookingList(PageOut):
    items: list[BookingOut]


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
    issued_at: Instant
    valid_until: date
    accepted_at: Stamp
    ready_by: date | None
    links: dict

    @staticmethod
    def resolve_booking(form) -> str:
        return form.booking.reference

    @staticmethod
    def resolve_price(form) -> int | None:
        return form.price_amount

    @staticmethod
    def resolve_max_price(form) -> int | None:
        return form.max_price_amount

    @staticmethod
    def resolve_replacement_price(form) -> int | None:
        return form.replacement_price_amount

    @staticmethod
    def resolve_links(form) -> dict:
        base = f"/api/v1/repair/bookings/{form.booking.reference}/information-form"
        return {"html": base, "pdf": base + "?format=pdf"}
