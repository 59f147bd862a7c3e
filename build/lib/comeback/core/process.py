"""One helper for every process (docs/design.md §5 "Processes"): a transition table naming the actors allowed
per move, one guarded UPDATE per move, the time stamp each status records, and one error contract:

- a move the table does not have from the current status: 409 `invalid_transition`;
- a move it has, asked by an actor it does not name: 403 `actor_not_allowed`;
- a move lost to a concurrent one (the row left the status we read): 409 with the process's own code
  (`claim_state_changed`, `booking_state_changed`…), so the caller knows to reload.

Each app keeps its table, its actors (an `enum.Flag`) and its wording; the helper only moves.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from .problems import Conflict, Forbidden

Message = Callable[..., str]


def _default_wrong_state(obj, to: str, actor) -> str:
    return _("This cannot go from “%(old)s” to “%(new)s”.") % {"old": obj.status, "new": to}


def _default_wrong_actor(obj, to: str, actor) -> str:
    return _("You may not do this at this step.")


@dataclass(frozen=True)
class Process:
    """`table` maps `(*scope values, from, to)` to the actors (flags) allowed; `scope` names fields that take
    part in the key and in the guard besides the status (a collected device's route). The messages are
    called with the object, the target status and the actor."""

    model: type
    table: dict[tuple, enum.Flag]
    changed_code: str
    changed_message: Message
    stamps: dict[str, str] = field(default_factory=dict)
    scope: tuple[str, ...] = ()
    wrong_state: Message = _default_wrong_state
    wrong_actor: Message = _default_wrong_actor
    context: Callable[[object], dict] = lambda obj: {}
    status_field: str = "status"

    def _key(self, obj, to: str) -> tuple:
        return (*(getattr(obj, name) for name in self.scope), getattr(obj, self.status_field), to)

    def allows(self, obj, to: str, actor: enum.Flag) -> bool:
        who = self.table.get(self._key(obj, to))
        return who is not None and bool(who & actor)

    def check(self, obj, to: str, actor: enum.Flag) -> None:
        """Refuse a move the table does not have (409) or an actor it does not name (403)."""
        frm = getattr(obj, self.status_field)
        who = self.table.get(self._key(obj, to))
        extra = {"current_status": str(frm), "target": str(to), **self.context(obj)}
        if who is None:
            raise Conflict(self.wrong_state(obj, to, actor), code="invalid_transition", **extra)
        if not who & actor:
            raise Forbidden(self.wrong_actor(obj, to, actor), code="actor_not_allowed", **extra)

    def move_all(
        self, rows, frm: str, to: str, *, actor: enum.Flag, at: datetime | None = None, **fields
    ) -> int:
        """Move every row of `rows` (a queryset) that is in `frm`, checked as `move` checks one; answers how
        many moved. A bulk move has no lost race: a row that left `frm` meanwhile is simply not moved."""
        assert not self.scope, "a bulk move is keyed on the status alone"
        who = self.table.get((frm, to))
        extra = {"current_status": str(frm), "target": str(to)}
        if who is None:
            message = _("This cannot go from “%(old)s” to “%(new)s”.") % {"old": frm, "new": to}
            raise Conflict(message, code="invalid_transition", **extra)
        if not who & actor:
            raise Forbidden(_("You may not do this at this step."), code="actor_not_allowed", **extra)
        changes = {self.status_field: to, **fields}
        stamp = self.stamps.get(to)
        if stamp and at is not None:
            changes.setdefault(stamp, at)
        return rows.filter(**{self.status_field: frm}).update(**changes)

    def move(self, obj, to: str, *, actor: enum.Flag, at: datetime | None = None, **fields) -> dict:
        """Check, then one guarded UPDATE (on the status and scope we read); stamps `at` into the target's
        stamp field unless given. Updates `obj` in memory and answers the columns written. Call inside a
        transaction when the move goes with other writes."""
        self.check(obj, to, actor)
        frm = getattr(obj, self.status_field)
        changes = {self.status_field: to, **fields}
        stamp = self.stamps.get(to)
        if stamp and at is not None:
            changes.setdefault(stamp, at)
        guard = {self.status_field: frm, **{name: getattr(obj, name) for name in self.scope}}
        if not self.model.objects.filter(pk=obj.pk, **guard).update(**changes):
            raise Conflict(self.changed_message(obj), code=self.changed_code, **self.context(obj))
        for name, value in changes.items():
            setattr(obj, name, value)
        return changes
