"""The process of a collected device: per route, a transition table with who may take each step, and one
guarded move (docs/design.md §2 "Where collected devices go"; §5 Processes).

    resell     awaiting ─list→ listed
    refurbish  awaiting ─start→ refurbishing ─finish (grade, battery)→ ready ─list→ listed
    repair     the same steps, for a garment mended before it is listed
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
from comeback.core.process import Process
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
    # A garment mended (a zip, a hole, pilling shaved), then listed: the refurbishing steps, by its reseller.
    (Route.REPAIR, S.AWAITING, S.REFURBISHING): R,
    (Route.REPAIR, S.REFURBISHING, S.READY): R,
    (Route.REPAIR, S.READY, S.LISTED): R,
}
# Rerouting: a job that shows the device is beyond repair, or a better use found, before its fate is sealed.
REROUTABLE = (S.AWAITING, S.REFURBISHING, S.READY)
REROUTE_ACTOR = R
# Fitting a part is progress within a step, not a step: only while refurbishing.
FIT_PARTS_IN = (S.REFURBISHING,)

STAMPS = {
    S.REFURBISHING: "refurbishing_started_at",
    S.READY: "refurbished_at",
    S.LISTED: "listed_at",
    S.AT_RECYCLER: "handed_over_at",
}
DONE_STATES = (S.LISTED, S.HARVESTED, S.UPCYCLED, S.RECYCLED)


def steps_from(route: str, status: str) -> list[tuple[str, Actor]]:
    """What may happen next to a device: (target status, who may do it)."""
    return [(to, who) for (r, frm, to), who in TRANSITIONS.items() if r == route and frm == status]


def _wrong_state(device: CollectedDevice, to: str, actor: Actor) -> str:
    return _("This device is %(frm)s on the %(route)s route; it cannot become %(to)s.") % {
        "frm": S(device.status).label.lower(),
        "route": Route(device.route).label.lower(),
        "to": S(to).label.lower(),
    }


def _wrong_actor(device: CollectedDevice, to: str, actor: Actor) -> str:
    return _("The %(actor)s may not take this step.") % {"actor": actor.label}


PROCESS = Process(
    model=CollectedDevice,
    table=TRANSITIONS,
    stamps=STAMPS,
    scope=("route",),
    changed_code="device_state_changed",
    changed_message=lambda device: _("This device changed meanwhile; reload and try again."),
    wrong_state=_wrong_state,
    wrong_actor=_wrong_actor,
    context=lambda device: {"route": str(device.route)},
)


def check(device: CollectedDevice, to: str, actor: Actor) -> None:
    PROCESS.check(device, to, actor)


def move(
    device: CollectedDevice,
    to: str,
    *,
    actor: Actor,
    at: datetime,
    by=None,
    detail: dict | None = None,
    **fields,
) -> None:
    """Move one device, guarded on its status and route; record the step and the outbox event.

    Call inside a transaction. Updates `device` in memory on success.
    """
    fields = {"moved_at": at, **fields}
    if to in DONE_STATES:
        fields["done_at"] = at
    PROCESS.move(device, to, actor=actor, at=at, **fields)
    record(device, str(to), actor=actor, at=at, by=by, detail=detail)
    emit(device, f"recovery.{to}")


def record(
    device: CollectedDevice, kind: str, *, actor: Actor, at: datetime, by=None, detail: dict | None = None
) -> None:
    Step.objects.create(
        device=device,
        kind=kind,
        actor=actor.label,
        by=by if getattr(by, "pk", None) else None,
        at=at,
        detail=detail or {},
    )


def emit(device: CollectedDevice, topic: str, **extra) -> None:
    """Outbox event about a device: ids only; the passport handler reads the rest."""
    outbox.emit(
        topic,
        device_id=device.pk,
        tradein_id=device.tradein_id,
        seller_id=device.seller_id,
        route=str(device.route),
        status=str(device.status),
        **extra,
    )
