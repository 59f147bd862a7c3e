"""The passport's own process: the transition table (who may move it) and the guarded move, through the one
process helper (core.process): a move the table lacks is 409 `invalid_transition`, a role it does not name
403 `actor_not_allowed`, a passport moved meanwhile 409 `passport_state_changed`."""

from __future__ import annotations

import enum

from django.utils.translation import gettext as _

from comeback.core.process import Process

from ..kinds import Actor
from ..models import (
    Passport,
    PassportStatus,
)


class Mover(enum.Flag):
    """The roles (kinds.Role) as flags, for the transition table."""

    SYSTEM = enum.auto()
    SELLER = enum.auto()
    REPAIRER = enum.auto()
    RECYCLER = enum.auto()
    STAFF = enum.auto()

    @classmethod
    def of(cls, actor: Actor) -> Mover:
        return cls[str(actor.role).upper()]


S = PassportStatus
TRANSITIONS: dict[tuple[str, str], Mover] = {
    (S.ACTIVE, S.SUPERSEDED): Mover.SYSTEM,  # a new life opened (open_passport with previous=)
    (S.ACTIVE, S.END_OF_LIFE): Mover.SYSTEM | Mover.SELLER | Mover.RECYCLER | Mover.STAFF,  # harvested…
}


def _wrong(passport: Passport, to: str, actor: Mover) -> str:
    return _("This passport cannot go from %(a)s to %(b)s.") % {"a": passport.status, "b": to}


PASSPORT = Process(
    model=Passport,
    table=TRANSITIONS,
    changed_code="passport_state_changed",
    changed_message=lambda passport: _("The passport changed meanwhile; try again."),
    wrong_state=_wrong,
    wrong_actor=_wrong,
)


def _move(passport: Passport, to: str, *, actor: Actor) -> None:
    PASSPORT.move(passport, to, actor=Mover.of(actor))
