"""Appending to a passport: which units a role holds, who may write which event, the guarded append that
moves the chain's head, and re-signing it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid

from .. import chain, kinds
from ..kinds import Actor, Role
from ..models import (
    Level,
    Passport,
    PassportEvent,
    PassportStatus,
)
from .process import _move

APPEND_ATTEMPTS = 8
FUTURE_SLACK = timedelta(minutes=5)  # clocks of the devices recording events drift a little


# Which units a role holds: `fn(*, passport, actor) -> bool`, registered by the app that knows (repair
# registers the repairer's jobs in RepairConfig.ready()). A role with a registered check writes only to
# the units it holds; a repairer without one holds nothing.
_holders: dict[str, Callable[..., bool]] = {}


def register_holder(role: str, fn: Callable[..., bool]) -> None:
    _holders[role] = fn


def may_write(*, passport: Passport, actor: Actor, kind: kinds.Kind) -> None:
    """Who may record what (kinds.KINDS writers), and on which passport: a refurbisher on the units it
    issued or has handled (recorded an event on), a repairer on the units it holds a repair job for,
    recyclers on any unit, staff on all."""
    if actor.role not in kind.writers:
        raise Forbidden(
            _("A %(role)s may not record “%(kind)s” events.") % {"role": actor.role, "kind": kind.name},
            code="event_kind_forbidden",
        )
    if actor.role == Role.SELLER:
        seller = actor.seller
        handled = seller is not None and (
            passport.issuer_id == seller.pk
            or PassportEvent.objects.filter(passport=passport, actor_seller=seller).exists()
        )
        if not handled:
            raise Forbidden(
                _("Only the refurbisher that issued or handled this unit may write to its passport."),
                code="not_your_passport",
            )
    if actor.role == Role.REPAIRER:
        holds = _holders.get(Role.REPAIRER)
        if holds is None or not holds(passport=passport, actor=actor):
            raise Forbidden(
                _("A repairer writes only to the passports of units it holds a repair booking or job for."),
                code="not_your_passport",
            )


def may_follow_end(passport: Passport, spec: kinds.Kind) -> bool:
    """Whether a closed passport still takes an event of this kind: only after the ending it may follow (the
    remains of a harvested unit made into an edition item), and only as its last word."""
    if passport.status != PassportStatus.END_OF_LIFE or not spec.follows_end:
        return False
    last = PassportEvent.objects.filter(passport_id=passport.pk, seq=passport.head_seq)
    return last.values_list("kind", flat=True).first() in spec.follows_end


def record_event(
    *,
    passport: Passport,
    kind: str,
    data: dict | None,
    actor: Actor,
    at: datetime | None = None,
    key: str = "",
) -> PassportEvent:
    """Append one event (kinds.KINDS names every kind and field). Idempotent on `key` when given.

    An event whose kind ends the unit's life (harvested, upcycled, recycled) also closes the passport.
    """
    spec = kinds.get(kind)
    if key:
        existing = PassportEvent.objects.filter(key=key).first()
        if existing is not None:
            return existing
    may_write(passport=passport, actor=actor, kind=spec)
    levels = kinds.clean(spec, data)
    now = clock.now()
    at = at or now
    if timezone.is_naive(at):
        at = at.replace(tzinfo=UTC)
    if at > now + FUTURE_SLACK:
        raise Invalid.field("at", "at_in_future", _("An event cannot be recorded in the future."))
    try:
        with transaction.atomic():
            current = Passport.objects.get(pk=passport.pk)
            if current.status != PassportStatus.ACTIVE and not may_follow_end(current, spec):
                raise Conflict(
                    _("This passport is closed (%s): open a new life instead.")
                    % current.get_status_display(),
                    code="passport_closed",
                )
            event = _append(current, spec, levels, actor=actor, at=at, key=key)
            if spec.ends_life and current.status == PassportStatus.ACTIVE:
                _move(current, PassportStatus.END_OF_LIFE, actor=actor)
    except IntegrityError:
        if key:
            existing = PassportEvent.objects.filter(key=key).first()
            if existing is not None:
                return existing
        raise
    for name in ("head_seq", "head_hash", "head_signed_at", "head_signature", "head_key_id", "status"):
        setattr(passport, name, getattr(current, name))
    return event


def _append(
    passport: Passport, spec: kinds.Kind, levels: dict[str, dict], *, actor: Actor, at: datetime, key: str
) -> PassportEvent:
    at = at.replace(microsecond=0)
    salts = {level: chain.new_salt() for level in chain.SEALED_LEVELS}
    sealed = {level: chain.commitment(salts[level], levels[level]) for level in chain.SEALED_LEVELS}
    actor_json = {"role": str(actor.role), "name": actor.name or ""}
    for _attempt in range(APPEND_ATTEMPTS):
        seq, prev = passport.head_seq + 1, passport.head_hash
        body = chain.event_body(
            passport_id=passport.path,
            seq=seq,
            kind=spec.name,
            at=chain.timestamp(at),
            actor=actor_json,
            data=levels[Level.PUBLIC],
            sealed=sealed,
            prev=prev,
        )
        digest = chain.event_hash(body)
        signed_at = clock.now().replace(microsecond=0)
        statement = chain.head_statement(
            passport_id=passport.path, seq=seq, head_hash=digest, signed_at=chain.timestamp(signed_at)
        )
        head = {
            "head_seq": seq,
            "head_hash": digest,
            "head_signed_at": signed_at,
            "head_signature": chain.sign(statement),
            "head_key_id": chain.key_id(),
        }
        moved = Passport.objects.filter(pk=passport.pk, head_seq=seq - 1, head_hash=prev).update(**head)
        if moved:
            for name, value in head.items():
                setattr(passport, name, value)
            return PassportEvent.objects.create(
                passport=passport,
                seq=seq,
                kind=spec.name,
                at=at,
                recorded_at=clock.now(),
                actor_role=actor.role,
                actor_name=actor.name or "",
                actor_seller=actor.seller,
                data=levels,
                salts=salts,
                prev_hash=prev,
                hash=digest,
                key=key,
            )
        passport.refresh_from_db(fields=["head_seq", "head_hash", "status"])
    raise Conflict(_("The passport is being written by someone else; try again."), code="passport_head_moved")


def resign(passport: Passport) -> None:
    """Sign the current head again (after a key rotation): the chain itself is unchanged."""
    signed_at = clock.now().replace(microsecond=0)
    statement = chain.head_statement(
        passport_id=passport.path,
        seq=passport.head_seq,
        head_hash=passport.head_hash,
        signed_at=chain.timestamp(signed_at),
    )
    Passport.objects.filter(pk=passport.pk, head_seq=passport.head_seq, head_hash=passport.head_hash).update(
        head_signed_at=signed_at, head_signature=chain.sign(statement), head_key_id=chain.key_id()
    )
