"""The passport's own process: the transition table (who may move it) and the guarded move."""

from __future__ import annotations

from django.utils.translation import gettext as _

from comeback.core.problems import Conflict

from ..kinds import Actor, Role
from ..models import (
    Passport,
    PassportStatus,
)

# The passport's own process (transition table: who may move it).
S = PassportStatus
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.ACTIVE, S.SUPERSEDED): frozenset({Role.SYSTEM}),  # a new life opened (open_passport with previous=)
    (S.ACTIVE, S.END_OF_LIFE): frozenset({Role.SYSTEM, Role.SELLER, Role.RECYCLER, Role.STAFF}),  # harvested…
}


def _move(passport: Passport, to: str, *, actor: Actor) -> None:
    allowed = TRANSITIONS.get((passport.status, to))
    if allowed is None or actor.role not in allowed:
        raise Conflict(
            _("This passport cannot go from %(a)s to %(b)s.") % {"a": passport.status, "b": to},
            code="invalid_transition",
        )
    moved = Passport.objects.filter(pk=passport.pk, status=passport.status).update(status=to)
    if not moved:
        raise Conflict(_("The passport changed meanwhile; try again."), code="passport_state_changed")
    passport.status = to
