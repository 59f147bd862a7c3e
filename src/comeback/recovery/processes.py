"""The process of a collected device: per route, a transition table with who may take each step, and one
guarded move (DESIGN.md §2 "Where collected devices go"; §5 Processes).

    resell     awaiting ─list→ listed
    refurbish  awaiting ─start→ refurbishing ─finish (grade, battery)→ ready ─list→ listed
    harvest    awaiting ─harvest (parts into stock)→ harvested
    upcycle    awaiting ─allocate to a collection→ upcycled
    recycle    awaiting ─hand to a certified recycler (weight)→ at_recycler ─certificate→ recycled
    any        awaiting / refurbishing / ready ─reroute (the refurbisher, with a reason)→ awaiting (new route)

Moves are guarded (`UPDATE … WHERE status = old AND route = route`): of two racing actors one wins, the
other gets 409 `device_state_changed`. A step the table does not have is 409 `invalid_transition`; a step
it has, taken by someone it does not name, is 403 `actor_not_allowed`.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core import outbox
from comeback.core.problems import Conflict, Forbidden
from comeback.tradein.models import Route

from .models import CollectedDevice, Step
from .models import Status as S


class Actor(enum.Flag):
    REFURBISHER = enum.auto()  # the refurbisher who bought the trade-in and holds the device
    STAFF = enum.auto()  # Comeback staff (upcycling collections and recyclers are the platform's partners)

    @property
    def label(self) -> str:
        return (self.name or "").lower()


R, ST = Actor.REFURBISHER, Actor.STAFF

TRANSITIONS: dict[tuple[str, str, str], Actor] = {
    (Route.RESELL, S.AWAITING, S.LISTED): R,
    (Route.REFURBISH, S.AWAITING, S.REFURBISHING): R,
    (Route.REFURBISH, S.REFURBISHING, S.READY): R,
    (Route.REFURBISH, S.READY, S.LISTED): R,
    (Route.HARVEST, S.AWAITING, S.HARVESTED): R,
    (Route.UPCYCLE, S.AWAITING, S.UPCYCLED): R | ST,
    (Route.RECYCLE, S.AWAITING, S.AT_RECYCLER): R | ST,
    (Route.RECYCLE, S.AT_RECYCLER, S.RECYCLED): R | ST,
}
# Rerouting: a job that shows the device is beyond repair, or a better use found, before its fate is sealed.
REROUTABLE = (S.AWAITING, S.REFURBISHING, S.READY)
REROUTE_ACTOR = R
# Fitting a part is progress within a step, not a step: only while refurbishing.
FIT_PARTS_IN = (S.REFURBISHING,)

STAMPS = {S.REFURBISHING: "refurbishing_started_at", S.READY: "refurbished_at", S.LISTED: "listed_at",
          S.AT_RECYCLER: "handed_over_at"}
DONE_STATES = (S.LISTED, S.HARVESTED, S.UPCYCLED, S.RECYCLED)


def steps_from(route: str, status: str) -> list[tuple[str, Actor]]:
    """What may happen next to a device: (target status, who may do it)."""
    return [(to, who) for (r, frm, to), who in TRANSITIONS.items() if r == route and frm == status]


def check(device: CollectedDevice, to: str, actor: Actor) -> None:
    who = TRANSITIONS.get((device.route, device.status, to))
    if who is None:
        raise Conflict(
            _("This device is %(frm)s on the %(route)s route; it cannot become %(to)s.")
            % {"frm": S(device.status).label.lower(), "route": Route(device.route).label.lower(),
               "to": S(to).label.lower()},
            code="invalid_transition", current_status=str(device.status), route=str(device.route), target=str(to),
        )
    if not who & actor:
        raise Forbidden(_("The %(actor)s may not take this step.") % {"actor": actor.label},
                        code="actor_not_allowed", current_status=str(device.status), target=str(to))


def move(device: CollectedDevice, to: str, *, actor: Actor, at: datetime, by=None, detail: dict | None = None,
         **fields) -> None:
    """Move one device, guarded on its status and route; record the step and the outbox event.

    Call inside a transaction. Updates `device` in memory on success.
    """
    check(device, to, actor)
    changes = {"status": to, "moved_at": at, **fields}
    if to in STAMPS:
        changes.setdefault(STAMPS[to], at)
    if to in DONE_STATES:
        changes["done_at"] = at
    if not CollectedDevice.objects.filter(pk=device.pk, status=device.status, route=device.route).update(**changes):
        raise Conflict(_("This device changed meanwhile; reload and try again."), code="device_state_changed")
    for name, value in changes.items():
        setattr(device, name, value)
    record(device, str(to), actor=actor, at=at, by=by, detail=detail)
    emit(device, f"recovery.{to}")


def record(device: CollectedDevice, kind: str, *, actor: Actor, at: datetime, by=None, detail: dict | None = None) -> None:
    Step.objects.create(device=device, kind=kind, actor=actor.label, by=by if getattr(by, "pk", None) else None,
                        at=at, detail=detail or {})


def emit(device: CollectedDevice, topic: str, **extra) -> None:
    """Outbox event about a device: ids only; the passport handler reads the rest."""
    outbox.emit(topic, device_id=device.pk, tradein_id=device.tradein_id, seller_id=device.seller_id,
                route=str(device.route), status=str(device.status), **extra)
