"""The seller's process: application → probation → full / extended / removed (docs/design.md §2 Probation).

Two things live here: the transition table with the one function that moves a seller, and
`ensure_may_publish`, THE gate every new listing passes (offers.services.publish_listing calls it
inside its transaction).
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Forbidden

from .models import (
    PROBATION_DAILY_CAP,
    DecisionKind,
    ProbationDayCount,
    Seller,
    SellerDecision,
    SellerStatus,
)
from .selectors import publishable_q


class Actor(enum.Flag):
    STAFF = enum.auto()
    PLATFORM = enum.auto()  # the quality monitor acting on a sustained breach
    SCHEDULE = enum.auto()  # the scheduler carrying out a removal staff gave notice of (removal.py)


S = SellerStatus
TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.APPLIED, S.PROBATION): Actor.STAFF,  # verify
    (S.APPLIED, S.REJECTED): Actor.STAFF,  # reject
    (S.PROBATION, S.FULL): Actor.STAFF,  # approve after review
    (S.PROBATION, S.PROBATION): Actor.STAFF,  # extend
    (S.PROBATION, S.REMOVED): Actor.STAFF | Actor.SCHEDULE,
    (S.PROBATION, S.SUSPENDED): Actor.STAFF | Actor.PLATFORM,
    (S.FULL, S.SUSPENDED): Actor.STAFF | Actor.PLATFORM,
    (S.FULL, S.FULL): Actor.STAFF,  # give or withdraw a removal notice
    (S.FULL, S.REMOVED): Actor.STAFF | Actor.SCHEDULE,
    (S.SUSPENDED, S.FULL): Actor.STAFF,  # reinstate
    (S.SUSPENDED, S.PROBATION): Actor.STAFF,  # reinstate a seller suspended during probation
    (S.SUSPENDED, S.SUSPENDED): Actor.STAFF,  # give or withdraw a removal notice
    (S.SUSPENDED, S.REMOVED): Actor.STAFF | Actor.SCHEDULE,
}

# A notice leaves the status as it is: the shop keeps selling (or stays suspended) until the removal is due.
_STAY = {(S.PROBATION, S.PROBATION), (S.FULL, S.FULL), (S.SUSPENDED, S.SUSPENDED)}

# Which decision may produce which move (a decision names the intent; the table names who may).
DECISION_MOVES: dict[str, set[tuple[str, str]]] = {
    DecisionKind.VERIFY: {(S.APPLIED, S.PROBATION)},
    DecisionKind.REJECT: {(S.APPLIED, S.REJECTED)},
    DecisionKind.APPROVE: {(S.PROBATION, S.FULL)},
    DecisionKind.EXTEND: {(S.PROBATION, S.PROBATION)},
    DecisionKind.REMOVE: {(S.PROBATION, S.REMOVED), (S.FULL, S.REMOVED), (S.SUSPENDED, S.REMOVED)},
    DecisionKind.SUSPEND: {(S.PROBATION, S.SUSPENDED), (S.FULL, S.SUSPENDED)},
    DecisionKind.REINSTATE: {(S.SUSPENDED, S.FULL), (S.SUSPENDED, S.PROBATION)},
    DecisionKind.NOTICE: _STAY,
    DecisionKind.CANCEL_NOTICE: _STAY,
}


def check(*, seller: Seller, kind: str, to: str, actor: Actor) -> None:
    """Refuse a move `kind` cannot make from the seller's status (409 `invalid_transition`) or an actor the
    table does not name (403 `actor_not_allowed`): the contract of core.process."""
    current = seller.status
    allowed = TRANSITIONS.get((current, to))
    if (current, to) not in DECISION_MOVES.get(kind, set()) or allowed is None:
        raise Conflict(
            _("A seller cannot be %(kind)s while %(status)s.")
            % {"kind": DecisionKind(kind).label.lower(), "status": SellerStatus(current).label.lower()},
            code="invalid_transition",
            status_now=current,
        )
    if not (allowed & actor):
        raise Forbidden(
            _("This decision is not yours to take."), code="actor_not_allowed", status_now=current
        )


def move(
    *,
    seller: Seller,
    kind: str,
    to: str,
    actor: Actor,
    by=None,
    reason: str = "",
    at: datetime,
    fields: dict | None = None,
    days: int | None = None,
    evidence: dict | None = None,
    guard: Q | None = None,
) -> SellerDecision:
    """Move `seller` to `to` under a guarded update and record the decision. Call inside a transaction.

    The update is conditioned on the status the caller saw, so of two racing decisions only one wins;
    the loser gets 409 `seller_state_changed`. A move the table does not allow is 409 `invalid_transition`, an
    actor it does not name 403 `actor_not_allowed` (the contract of core.process).
    `guard` adds what else must still hold (e.g. the removal notice the caller saw).
    """
    check(seller=seller, kind=kind, to=to, actor=actor)
    current = seller.status
    changes = {"status": to, **(fields or {})}
    if to != current:
        changes["status_changed_at"] = at
    moved = Seller.objects.filter(guard or Q(), pk=seller.pk, status=current).update(**changes)
    if not moved:
        raise Conflict(
            _("The seller's status changed meanwhile; reload and decide again."), code="seller_state_changed"
        )
    seller.refresh_from_db()
    decision = SellerDecision.objects.create(
        seller=seller,
        kind=kind,
        from_status=current,
        to_status=to,
        actor=by,
        reason=reason,
        days=days,
        probation_ends_at=seller.probation_ends_at,
        evidence=evidence or {},
        created_at=at,
    )
    outbox.emit(
        "seller.decision",
        seller_id=seller.pk,
        decision_id=decision.pk,
        kind=kind,
        from_status=current,
        to_status=to,
    )
    return decision


# --- the publishing gate ---------------------------------------------------------------------------


def _refusal(seller: Seller, at: datetime):
    if seller.status == SellerStatus.PROBATION:
        return Conflict(
            _(
                "Your 40-day probation ended on %(date)s: your listings are paused and new listings are refused "
                "until a seller-success manager reviews your shop."
            )
            % {"date": clock.rfc3339(seller.probation_ends_at) if seller.probation_ends_at else "?"},
            code="probation_review_pending",
            probation_ends_at=clock.rfc3339(seller.probation_ends_at) if seller.probation_ends_at else None,
        )
    reason = {
        SellerStatus.APPLIED: _("Your application is awaiting verification."),
        SellerStatus.REJECTED: _("Your application was rejected."),
        SellerStatus.SUSPENDED: _("Your listings are suspended until staff review your quality alerts."),
        SellerStatus.REMOVED: _("Your shop was removed from Comeback."),
    }.get(seller.status, _("Your shop cannot list right now."))
    if seller.status_reason and seller.status in (
        SellerStatus.SUSPENDED,
        SellerStatus.REMOVED,
        SellerStatus.REJECTED,
    ):
        reason = f"{reason} {seller.status_reason}"
    return Forbidden(reason, code=f"seller_{seller.status}")


def ensure_may_publish(*, seller: Seller, market, at: datetime) -> None:
    """Raise a problem naming the rule when `seller` may not publish a new listing in `market` at `at`.

    Inside a transaction (as publish_listing calls it) this also *reserves* the listing: it locks the
    seller row with a guarded update (status still allows publishing) and, during probation, takes
    one of today's 5 slots with a conditional increment. Both roll back with the listing if it fails.
    Outside a transaction it only checks, and reserves nothing.
    """
    from .traceability import ensure_complete

    ensure_complete(Seller.objects.filter(pk=seller.pk).first() or seller)  # DSA Art. 30 (traceability.py)
    if not connection.in_atomic_block:
        _check_only(seller=seller, market=market, at=at)
        return
    # The serialisation point: a removal or suspension racing this publish either commits first
    # (0 rows: refused) or waits for this transaction and then withdraws/hides the new listing too.
    locked = Seller.objects.filter(publishable_q(at), pk=seller.pk).update(last_listing_at=at)
    fresh = Seller.objects.get(pk=seller.pk)
    if not locked:
        raise _refusal(fresh, at)
    if fresh.status == SellerStatus.PROBATION:
        _take_probation_slot(seller=fresh, market=market, at=at)


def _check_only(*, seller: Seller, market, at: datetime) -> None:
    fresh = Seller.objects.filter(pk=seller.pk).first() or seller
    if not Seller.objects.filter(publishable_q(at), pk=fresh.pk).exists():
        raise _refusal(fresh, at)
    if fresh.status == SellerStatus.PROBATION:
        day = clock.local_date(at, market.timezone)
        used = (
            ProbationDayCount.objects.filter(seller=fresh, day=day).values_list("count", flat=True).first()
            or 0
        )
        if used >= PROBATION_DAILY_CAP:
            raise _daily_limit(market=market, at=at, used=used)


def _take_probation_slot(*, seller: Seller, market, at: datetime) -> None:
    """Count one new listing on today's date in the market's timezone; refuse the sixth."""
    day = clock.local_date(at, market.timezone)
    guard = Q(seller=seller, day=day, count__lt=PROBATION_DAILY_CAP)
    if ProbationDayCount.objects.filter(guard).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():  # savepoint: a racing first insert of the day must not poison ours
            ProbationDayCount.objects.create(seller=seller, day=day, count=1)
        return
    except IntegrityError:
        pass  # the row exists (now): one more conditional increment decides
    if ProbationDayCount.objects.filter(guard).update(count=F("count") + 1):
        return
    raise _daily_limit(market=market, at=at, used=PROBATION_DAILY_CAP)


def _daily_limit(*, market, at: datetime, used: int) -> Conflict:
    lifts = clock.start_of_next_local_day(at, market.timezone)
    return Conflict(
        _(
            "During probation you may publish at most %(cap)d new listings per calendar day (%(tz)s time); "
            "you have published %(used)d today. You can list again from %(when)s."
        )
        % {
            "cap": PROBATION_DAILY_CAP,
            "tz": market.timezone,
            "used": used,
            "when": lifts.strftime("%Y-%m-%d %H:%M %Z"),
        },
        code="probation_daily_limit",
        retry_after=lifts,
        limit=PROBATION_DAILY_CAP,
        used=used,
        timezone=market.timezone,
    )


def decisions_for(status: str, *, noticed: bool = False) -> list[str]:
    """The staff decisions the table allows from `status` (verification aside), in a stable order; a shop
    under notice of removal (`noticed`) may also have the notice withdrawn."""
    order = ["approve", "extend", "reinstate", "suspend", "remove"]
    allowed = [k for k in order if any(frm == status for frm, _to in DECISION_MOVES[k])]
    return allowed + ["cancel_notice"] if noticed and status != S.REMOVED else allowed
