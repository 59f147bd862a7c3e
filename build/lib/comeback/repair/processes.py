"""Repair processes: bookings and jobs as transition tables, with one guarded move each.

    booking:  booked ─customer/repairer/staff→ cancelled
              booked ─repairer→ in_repair ─repairer→ completed
              booked ─repairer→ no_show
    job:      open ─repairer→ repaired | not_repaired

Moves go through core's Process: `UPDATE … WHERE status = old`, so of two racing requests one wins, the other
gets a 409; a move the table lacks is 409 `invalid_transition`, an actor it does not name 403 `actor_not_allowed`.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext as _

from comeback.core.process import Process

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


BOOKING = Process(
    model=Booking,
    table=BOOKING_TRANSITIONS,
    changed_code="booking_state_changed",
    changed_message=lambda booking: _("This booking changed meanwhile; reload it."),
)
JOB = Process(
    model=Job,
    table=JOB_TRANSITIONS,
    changed_code="job_state_changed",
    changed_message=lambda job: _("This repair job changed meanwhile; reload it."),
)


def move_booking(booking: Booking, new: str, *, actor: Actor, **fields) -> None:
    BOOKING.move(booking, new, actor=actor, **fields)


def move_job(job: Job, new: str, *, actor: Actor, **fields) -> None:
    JOB.move(job, new, actor=actor, **fields)
