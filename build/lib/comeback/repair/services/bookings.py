"""Repair bookings: book a slot, cancel, reschedule (docs/design.md §2 "Repair and spare parts").

No double booking: a booking inserts one SlotHold per calendar cell it covers, and (location, cell, bay) is
unique in the database. Two customers racing for a slot both try to insert the same rows; one insert fails
and that booking rolls back with a 409. Emails are sent after commit, through the outbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.ids import public_ref
from comeback.core.problems import Conflict, Invalid, NotFound, Unauthenticated

from .. import access, bonus, slots
from ..models import Booking, BookingStatus, Location, Service, SlotHold
from ..processes import Actor, move_booking


def _actor_for(user, booking: Booking) -> Actor:
    if access.is_staff(user):
        return Actor.STAFF
    if access.works_at(user, booking.location):
        return Actor.REPAIRER
    if user is not None and user.is_authenticated and booking.customer_id == user.pk:
        return Actor.CUSTOMER
    raise NotFound(_("No such booking."), code="booking_not_found")  # someone else's: not even its existence


def get_for(*, user, reference: str) -> Booking:
    booking = (
        Booking.objects.select_related("location", "service", "product", "location__market")
        .filter(reference=reference)
        .first()
    )
    if booking is None:
        raise NotFound(_("No such booking."), code="booking_not_found")
    _actor_for(user, booking)
    return booking


def _service(location: Location, service_kind: str) -> Service:
    service = Service.objects.filter(location=location, kind=service_kind, is_active=True).first()
    if service is None:
        raise Invalid.field("service", "service_not_offered", _("This location does not offer that service."))
    return service


def _aware(starts_at: datetime) -> datetime:
    if timezone.is_naive(starts_at):
        raise Invalid.field("starts_at", "timezone_required", _("Give the start time with its UTC offset."))
    return starts_at.replace(microsecond=0)


def _hold(booking: Booking, location: Location, starts_at: datetime, duration: int) -> int:
    """Insert the holds on the first bay whose cells are all free; the unique constraint decides races."""
    cells = slots.cells_for(location, starts_at, duration)
    for bay in range(1, location.bays + 1):
        try:
            with transaction.atomic():
                SlotHold.objects.bulk_create(
                    [SlotHold(booking=booking, location=location, starts_at=cell, bay=bay) for cell in cells]
                )
            return bay
        except IntegrityError:
            continue
    raise Conflict(
        _("This slot was just taken; pick another time."),
        code="slot_taken",
        errors=[{"field": "starts_at", "code": "slot_taken", "message": _("Slot taken.")}],
    )


def _check_slot(location: Location, service: Service, starts_at: datetime) -> None:
    if not slots.is_offered(location, service, starts_at):
        raise Invalid.field(
            "starts_at",
            "slot_not_offered",
            _(
                "The location does not offer this start time (opening hours, its booking grid, "
                "at least 30 minutes ahead and within 60 days)."
            ),
        )


def book(
    *, customer, location: Location | int, service_kind: str, product, starts_at: datetime, notes: str = ""
) -> Booking:
    """Book a service for a model at a location and start time; the confirmation email follows the commit.
    A repair bonus the location is labelled for is deducted from the price and recorded (bonus.py)."""
    if customer is None or not customer.is_authenticated:
        raise Unauthenticated(_("Sign in to book a repair."))
    if not isinstance(location, Location):
        location = Location.objects.filter(pk=location).select_related("market").first()
    if location is None or not (location.is_public and location.is_active):
        raise Invalid.field("location_id", "location_not_bookable", _("This location takes no bookings."))
    service = _service(location, service_kind)
    starts_at = _aware(starts_at)
    _check_slot(location, service, starts_at)
    granted = bonus.for_service(
        location=location,
        service=service,
        price=service.price_amount,
        day=clock.local_date(starts_at, location.timezone),
    )
    with transaction.atomic():
        booking = Booking.objects.create(
            reference=public_ref("REP"),
            customer=customer,
            location=location,
            service=service,
            product=product,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=service.duration_minutes),
            price_amount=service.price_amount,
            currency=service.currency,
            bonus_amount=granted.amount,
            bonus_rate=granted.rate,
            notes=(notes or "")[:500],
            created_at=clock.now(),
        )
        booking.bay = _hold(booking, location, starts_at, service.duration_minutes)
        Booking.objects.filter(pk=booking.pk).update(bay=booking.bay)
        outbox.emit("repair.booking_confirmed", booking_id=booking.pk, starts_at=starts_at.isoformat())
    return booking


def cancel(*, booking: Booking, user) -> Booking:
    actor = _actor_for(user, booking)
    if (
        booking.status == BookingStatus.BOOKED
        and actor == Actor.CUSTOMER
        and booking.starts_at <= clock.now()
    ):
        raise Conflict(_("The repair has started; ask the repairer."), code="booking_started")
    with transaction.atomic():
        move_booking(booking, BookingStatus.CANCELLED, actor=actor, cancelled_at=clock.now())
        SlotHold.objects.filter(booking=booking).delete()
        outbox.emit("repair.booking_cancelled", booking_id=booking.pk)
    return booking


def reschedule(*, booking: Booking, user, starts_at: datetime) -> Booking:
    """Move a booking to another start: the new cells are held before the old ones are let go, atomically;
    if the new time is taken, nothing changes."""
    actor = _actor_for(user, booking)
    if actor == Actor.CUSTOMER and booking.starts_at <= clock.now():
        raise Conflict(_("The repair has started; ask the repairer."), code="booking_started")
    starts_at = _aware(starts_at)
    service = booking.service
    _check_slot(booking.location, service, starts_at)
    with transaction.atomic():
        moved = Booking.objects.filter(pk=booking.pk, status=BookingStatus.BOOKED).update(
            starts_at=starts_at, ends_at=starts_at + timedelta(minutes=service.duration_minutes)
        )
        if not moved:
            raise Conflict(_("Only a booked repair can be moved."), code="booking_state_changed")
        SlotHold.objects.filter(booking=booking).delete()
        bay = _hold(booking, booking.location, starts_at, service.duration_minutes)
        Booking.objects.filter(pk=booking.pk).update(bay=bay)
        outbox.emit("repair.booking_confirmed", booking_id=booking.pk, starts_at=starts_at.isoformat())
    booking.refresh_from_db()
    return booking


def mark_no_show(*, booking: Booking, user) -> Booking:
    actor = _actor_for(user, booking)
    if booking.starts_at > clock.now():
        raise Conflict(_("The slot has not started yet."), code="booking_not_started")
    with transaction.atomic():
        move_booking(booking, BookingStatus.NO_SHOW, actor=actor)
    return booking
