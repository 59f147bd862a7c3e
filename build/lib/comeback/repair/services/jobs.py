"""Repair jobs: the repairer records the diagnosis, the parts fitted, battery health before and after and
the result; a repaired unit gets a repair warranty. After commit the unit's passport receives the events
(handlers.py): battery_measured (before), part_replaced per part, repaired, battery_measured (after)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.passports.selectors import warranty_until

from .. import access
from ..models import (
    Booking,
    BookingStatus,
    Job,
    JobPart,
    JobStatus,
    Location,
    MovementReason,
    Part,
    RepairBarrier,
)
from ..processes import Actor, move_booking, move_job
from .parts import consume_part

REPAIR_WARRANTY_MONTHS = 6  # "warranty on the repair (e.g. 6 months)"
MAX_WARRANTY_MONTHS = 36


def _actor(user, location: Location) -> Actor:
    access.ensure_works_at(user, location)
    return Actor.STAFF if access.is_staff(user) else Actor.REPAIRER


def _passport(serial: str):
    from comeback.passports.models import Passport

    serial = (serial or "").strip().upper()
    if not serial:
        return None
    passport = Passport.objects.filter(serial=serial).select_related("product").first()
    if passport is None:
        raise Invalid.field("passport_serial", "unknown_passport", _("No passport with serial %s.") % serial)
    return passport


def _battery(name: str, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise Invalid.field(name, "battery_out_of_range", _("Battery health is a percentage from 0 to 100."))
    return value


def get_for(*, user, job_id: int) -> Job:
    job = Job.objects.select_related("location", "booking", "product", "passport").filter(pk=job_id).first()
    if job is None or not access.works_at(user, job.location):
        raise NotFound(_("No such repair job."), code="job_not_found")
    return job


def start_job(
    *,
    user,
    booking: Booking | None = None,
    location: Location | None = None,
    product=None,
    passport_serial: str = "",
    diagnosis: str = "",
    battery_before: int | None = None,
) -> Job:
    """Open a job for a booking (the customer is at the counter) or for a walk-in (location + product)."""
    location = booking.location if booking is not None else location
    if location is None:
        raise Invalid.field("location_id", "field_required", _("Name the repair location."))
    actor = _actor(user, location)
    passport = _passport(passport_serial)
    product = (
        booking.product if booking is not None else (product or (passport.product if passport else None))
    )
    if product is None:
        raise Invalid.field("product_id", "field_required", _("Name the model being repaired."))
    if passport is not None and passport.product_id != product.pk:
        raise Invalid.field(
            "passport_serial",
            "passport_model_mismatch",
            _("This passport is for another model (%s).") % passport.product,
        )
    with transaction.atomic():
        if booking is not None:
            move_booking(booking, BookingStatus.IN_REPAIR, actor=actor)
        return Job.objects.create(
            location=location,
            booking=booking,
            product=product,
            passport=passport,
            repairer=user,
            diagnosis=(diagnosis or "").strip(),
            battery_before=_battery("battery_before", battery_before),
            created_at=clock.now(),
        )


def update_job(
    *,
    job: Job,
    user,
    diagnosis: str | None = None,
    battery_before: int | None = None,
    passport_serial: str | None = None,
) -> Job:
    _actor(user, job.location)
    fields: dict = {}
    if diagnosis is not None:
        fields["diagnosis"] = diagnosis.strip()
    if battery_before is not None:
        fields["battery_before"] = _battery("battery_before", battery_before)
    if passport_serial:
        passport = _passport(passport_serial)
        if passport.product_id != job.product_id:
            raise Invalid.field(
                "passport_serial", "passport_model_mismatch", _("This passport is for another model.")
            )
        fields["passport"] = passport
    with transaction.atomic():
        if fields and not Job.objects.filter(pk=job.pk, status=JobStatus.OPEN).update(**fields):
            raise Conflict(_("This repair job is closed."), code="job_closed")
    job.refresh_from_db()
    return job


def use_part(*, job: Job, user, part: Part | int, quantity: int = 1) -> JobPart:
    """Fit a part from the location's stock: taken atomically (409 part_out_of_stock when none is left)."""
    _actor(user, job.location)
    with transaction.atomic():
        # Lock the job so a part cannot be added while the job is being closed.
        locked = Job.objects.select_for_update().filter(pk=job.pk, status=JobStatus.OPEN).first()
        if locked is None:
            raise Conflict(_("This repair job is closed."), code="job_closed")
        stock = consume_part(
            part=part,
            location=job.location,
            quantity=quantity,
            reason=MovementReason.REPAIR,
            ref=f"repair_job:{job.pk}",
        )
        if not stock.part.compatible_models.filter(pk=job.product_id).exists():
            raise Invalid.field(
                "part_id", "part_not_compatible", _("This part does not fit %s.") % job.product
            )
        return JobPart.objects.create(job=job, part=stock.part, quantity=quantity, at=clock.now())


def complete_job(
    *,
    job: Job,
    user,
    repaired: bool,
    summary: str,
    battery_after: int | None = None,
    warranty_months: int = REPAIR_WARRANTY_MONTHS,
    repair_barrier: str = "",
) -> Job:
    """Close the job. A repaired unit gets `warranty_months` of repair warranty from today (market time); a
    unit that could not be repaired may name the barrier (the Open Repair Data Standard's codelist)."""
    actor = _actor(user, job.location)
    summary = (summary or "").strip()
    if not summary:
        raise Invalid.field("summary", "field_required", _("Say what was done."))
    if isinstance(warranty_months, bool) or not 0 <= warranty_months <= MAX_WARRANTY_MONTHS:
        raise Invalid.field(
            "warranty_months",
            "warranty_out_of_range",
            _("The repair warranty is 0 to %d months.") % MAX_WARRANTY_MONTHS,
        )
    if repaired and warranty_months < 1:
        raise Invalid.field("warranty_months", "warranty_required", _("A repair carries a warranty."))
    battery_after = _battery("battery_after", battery_after)
    repair_barrier = (repair_barrier or "").strip()
    if repair_barrier and (repaired or repair_barrier not in RepairBarrier.values):
        raise Invalid.field(
            "repair_barrier",
            "invalid_repair_barrier",
            _("A barrier is named only for a unit that could not be repaired, from the list offered."),
        )
    now = clock.now()
    today = clock.local_date(now, job.location.timezone)
    until: date | None = warranty_until(today, warranty_months) if repaired else None
    with transaction.atomic():
        move_job(
            job,
            JobStatus.REPAIRED if repaired else JobStatus.NOT_REPAIRED,
            actor=actor,
            summary=summary,
            battery_after=battery_after,
            warranty_months=warranty_months if repaired else 0,
            warranty_until=until,
            completed_at=now,
            repair_barrier=repair_barrier,
        )
        if job.booking_id:
            booking = Booking.objects.get(pk=job.booking_id)
            move_booking(booking, BookingStatus.COMPLETED, actor=actor)
        outbox.emit("repair.job_completed", job_id=job.pk)
    return job
