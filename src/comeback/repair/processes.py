"""Repair processes: bookings and jobs as transition tables, with one guarded move each.

    booking:  booked ─customer/repairer/staff→ cancelled
              booked ─repairer→ in_repair ─repairer→ completed
              booked ─repairer→ no_show
    job:      open ─repairer→ repaired | not_repaired

Moves are `UPDATE … WHERE status = old`: of two racing requests one wins, the other gets a 409.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext as _

from comeback.core.problems import Conflict, Forbidden

from .models import Booking, Job
from .models import BookingStatus as B
from .models import JobStatus as J


class Actor(enum.Flag):
    CUSTOMER = enum.auto()
    REPAIRER = enum.auto()  # a member of the location (or its refurbisher)
    STAFF = enum.auto()


BOOKING_TRANSITIONS: dict[tuple[str, str], Actor] = {
    (B.BOOKED, B.CANCELLED): Actor.CUSTOMER | Actor.REPAIRER | Actor.STAFF,
    (B.BOOKED, B.IN_REPAIR): Actor.REPAIRER | Actor.STAFF,
    (B.BOOKED, B.NO_SHOW): Actor.REPAIRER | Actor.STAFF,
    (B.IN_REPAIR, B.COMPLETED): Actor.REPAIRER | Actor.STAFF,
}

JOB_TRANSITIONS: dict[tuple[str, str], Actor] = {
    (J.OPEN, J.REPAIRED): Actor.REPAIRER | Actor.STAFF,
    (J.OPEN, J.NOT_REPAIRED): Actor.REPAIRER | Actor.STAFF,
}


def _check(table, old: str, new: str, actor: Actor) -> None:
    allowed = table.get((old, new))
    if allowed is None:
        raise Conflict(
            _("This cannot go from “%(old)s” to “%(new)s”.") % {"old": old, "new": new},
            code="invalid_transition",
        )
    if not actor & allowed:
        raise Forbidden(_("You may not do this at this step."), code="transition_forbidden")


def move_booking(booking: Booking, new: str, *, actor: Actor, **fields) -> None:
    old = booking.status
    _check(BOOKING_TRANSITIONS, old, new, actor)
    moved = Booking.objects.filter(pk=booking.pk, status=old).update(status=new, **fields)
    if not moved:
        raise Conflict(_("This booking changed meanwhile; reload it."), code="booking_state_changed")
    booking.status = new
    for name, value in fields.items():
        setattr(booking, name, value)


def move_job(job: Job, new: str, *, actor: Actor, **fields) -> None:
    old = job.status
    _check(JOB_TRANSITIONS, old, new, actor)
    moved = Job.objects.filter(pk=job.pk, status=old).update(status=new, **fields)
    if not moved:
        raise Conflict(_("This repair job changed meanwhile; reload it."), code="job_state_changed")
    job.status = new
    for name, value in fields.items():
        setattr(job, name, value)
