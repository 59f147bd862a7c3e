"""The trade-in's process: a transition table with an actor per move, one guarded move, the deadlines.

    awaiting_shipment ─ship/drop-off→ shipped ─receive→ received ─validate→ validated ─payout→ paid
            │                                              │  └─counter-offer→ counter_offered ─accept→ validated
            ├─clock (14 days)→ lapsed                      │                        └─refuse / clock→ returning → returned
            └─customer→ cancelled                          └─clock (2 business days)→ validated (auto, customer's favour)
    received / validated ─block list→ blocked (never paid)

Every deadline is a timestamp stored when its step starts; what the clock does when one passes is derived
from time whenever the trade-in is next touched (`clock_move`), and `tasks.sweep` does the same for all of
them, idempotently. Moves are guarded (`UPDATE … WHERE status = old`): of two racing requests one wins,
the other gets 409 `tradein_state_changed`.
"""

from __future__ import annotations

import copy
import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from comeback.core import outbox
from comeback.core.process import Process
from comeback.orders.calendar import business_deadline

from .models import TradeIn, TradeInEvent
from .models import TradeInStatus as S

QUOTE_VALIDITY = timedelta(days=30)  # docs/design.md §2: "Quotes are valid 30 days"
SHIP_WITHIN = timedelta(days=14)  # docs/design.md §2: "ships within 14 days (prepaid label)"
INSPECT_WITHIN_BUSINESS_DAYS = 2  # docs/design.md §2: "inspects within 2 business days"
RETURN_WITHIN_BUSINESS_DAYS = 2  # "device returned free within 2 business days"
PAY_WITHIN_BUSINESS_DAYS = 5  # docs/design.md §2: "within 5 business days"
COUNTER_ANSWER_WITHIN = timedelta(days=7)  # docs/trade-in.md: no answer in 7 days returns the device


class Actor(enum.Flag):
    CUSTOMER = enum.auto()
    REFURBISHER = enum.auto()
    STORE = enum.auto()  # partner store staff at the counter
    CARRIER = enum.auto()
    CLOCK = enum.auto()
    PLATFORM = enum.auto()  # block-list checks and payouts
    STAFF = enum.auto()

    @property
    def label(self) -> str:
        return (self.name or "").lower()


TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.AWAITING_SHIPMENT, S.SHIPPED): Actor.CUSTOMER | Actor.CARRIER | Actor.STORE,
    (S.AWAITING_SHIPMENT, S.RECEIVED): Actor.REFURBISHER | Actor.STORE,
    (S.AWAITING_SHIPMENT, S.LAPSED): Actor.CLOCK,
    (S.AWAITING_SHIPMENT, S.CANCELLED): Actor.CUSTOMER | Actor.STAFF,
    (S.SHIPPED, S.RECEIVED): Actor.REFURBISHER | Actor.STORE,
    (S.RECEIVED, S.VALIDATED): Actor.REFURBISHER | Actor.STORE | Actor.CLOCK,
    (S.RECEIVED, S.COUNTER_OFFERED): Actor.REFURBISHER,
    (S.RECEIVED, S.BLOCKED): Actor.PLATFORM,
    (S.COUNTER_OFFERED, S.VALIDATED): Actor.CUSTOMER,
    (S.COUNTER_OFFERED, S.RETURNING): Actor.CUSTOMER | Actor.CLOCK,
    (S.RETURNING, S.RETURNED): Actor.REFURBISHER | Actor.STAFF,
    (S.VALIDATED, S.PAID): Actor.PLATFORM,
    (S.VALIDATED, S.BLOCKED): Actor.PLATFORM,
}

STAMPS = {
    S.SHIPPED: "shipped_at",
    S.RECEIVED: "received_at",
    S.VALIDATED: "validated_at",
    S.COUNTER_OFFERED: "counter_offered_at",
    S.PAID: "paid_at",
    S.RETURNING: "returning_at",
    S.RETURNED: "returned_at",
    S.LAPSED: "lapsed_at",
    S.CANCELLED: "cancelled_at",
    S.BLOCKED: "blocked_at",
}

OPEN = (S.AWAITING_SHIPMENT, S.SHIPPED, S.RECEIVED, S.COUNTER_OFFERED, S.VALIDATED, S.RETURNING)
FINAL = (S.PAID, S.RETURNED, S.LAPSED, S.CANCELLED, S.BLOCKED)
# Where the refurbisher holds the device and may record what it did to it (wipe, lock, route).
DEVICE_AT_REFURBISHER = (S.RECEIVED, S.COUNTER_OFFERED, S.VALIDATED, S.PAID)


def _wrong(tradein, to: str, actor: Actor) -> str:
    return _("This trade-in is %(frm)s; the %(actor)s cannot make it %(to)s.") % {
        "frm": S(tradein.status).label.lower(),
        "to": S(to).label.lower(),
        "actor": actor.label,
    }


PROCESS = Process(
    model=TradeIn,
    table=TRANSITIONS,
    stamps=STAMPS,
    changed_code="tradein_state_changed",
    changed_message=lambda tradein: _("This trade-in changed meanwhile; reload and try again."),
    wrong_state=_wrong,
    wrong_actor=_wrong,
    context=lambda tradein: {"tradein_id": tradein.ref},
)


def allowed(frm: str, to: str, actor: Actor) -> bool:
    who = TRANSITIONS.get((frm, to))
    return who is not None and bool(who & actor)


def move(
    tradein: TradeIn, to: str, *, actor: Actor, at: datetime, by=None, detail: dict | None = None, **fields
) -> None:
    """Move one trade-in, guarded on its current status; record the timeline event and the outbox event.

    Call inside a transaction. Updates `tradein` in memory on success.
    """
    changes = PROCESS.move(tradein, to, actor=actor, at=at, **fields)
    record(tradein, str(to), actor=actor, at=changes[STAMPS[to]], by=by, detail=detail)
    emit(tradein, f"tradein.{to}")


def record(
    tradein: TradeIn, kind: str, *, actor: Actor, at: datetime, by=None, detail: dict | None = None
) -> None:
    TradeInEvent.objects.create(
        tradein=tradein, kind=kind, actor=actor.label, by=by, at=at, detail=detail or {}
    )


def emit(tradein: TradeIn, topic: str, **extra) -> None:
    """Outbox event about a trade-in: ids only (no personal data), for passports, webhooks and reports."""
    outbox.emit(
        topic,
        tradein_id=tradein.pk,
        ref=tradein.ref,
        seller_id=tradein.seller_id,
        product_id=tradein.product_id,
        market=tradein.market_id,
        status=str(tradein.status),
        partner_id=tradein.partner_id,
        store_id=tradein.store_id,
        **extra,
    )


# Deadlines -----------------------------------------------------------------------------------------


def _business(start: datetime, days: int, market) -> datetime:
    return business_deadline(start, days, tz=market.timezone, country=market.code)


def ship_by(accepted_at: datetime) -> datetime:
    return accepted_at + SHIP_WITHIN


def inspection_due(received_at: datetime, market) -> datetime:
    return _business(received_at, INSPECT_WITHIN_BUSINESS_DAYS, market)


def return_due(since: datetime, market) -> datetime:
    return _business(since, RETURN_WITHIN_BUSINESS_DAYS, market)


def payout_due(validated_at: datetime, market) -> datetime:
    return _business(validated_at, PAY_WITHIN_BUSINESS_DAYS, market)


def counter_due(offered_at: datetime) -> datetime:
    return offered_at + COUNTER_ANSWER_WITHIN


@dataclass(frozen=True)
class ClockMove:
    to: str
    at: datetime  # when the deadline passed: the time the move is recorded at


def clock_move(tradein: TradeIn, at: datetime) -> ClockMove | None:
    """What the clock has done to `tradein` by `at`, if anything (a missed deadline)."""
    if tradein.status == S.AWAITING_SHIPMENT and at >= tradein.ship_by:
        return ClockMove(S.LAPSED, tradein.ship_by)
    if tradein.status == S.RECEIVED and tradein.inspection_due_at and at >= tradein.inspection_due_at:
        return ClockMove(S.VALIDATED, tradein.inspection_due_at)
    if tradein.status == S.COUNTER_OFFERED and tradein.counter_due_at and at >= tradein.counter_due_at:
        return ClockMove(S.RETURNING, tradein.counter_due_at)
    return None


def clock_fields(tradein: TradeIn, move: ClockMove) -> dict:
    """The columns the clock's move writes besides status and stamp (deadlines.catch_up writes them)."""
    if move.to == S.VALIDATED:  # at the quoted price, in the customer's favour
        return {
            "final_amount": tradein.quoted_amount,
            "auto_validated": True,
            "payout_due_at": payout_due(move.at, tradein.market),
        }
    if move.to == S.RETURNING:
        return {"return_due_at": return_due(move.at, tradein.market)}
    return {}


def as_of(tradein: TradeIn, at: datetime) -> TradeIn:
    """The trade-in as the clock implies at `at`, in memory only: what a page shows (reads never write; the
    moves themselves are made by the next POST that touches it and by the scheduler's sweep). Pure."""
    move = clock_move(tradein, at)
    if move is None:
        return tradein
    shown = copy.copy(tradein)
    for name, value in {"status": move.to, STAMPS[move.to]: move.at, **clock_fields(tradein, move)}.items():
        setattr(shown, name, value)
    return shown


def due_q(at: datetime):
    """Trade-ins with a missed deadline the clock must act on (the sweep's query)."""
    from django.db.models import Q

    return (
        Q(status=S.AWAITING_SHIPMENT, ship_by__lte=at)
        | Q(status=S.RECEIVED, inspection_due_at__lte=at)
        | Q(status=S.COUNTER_OFFERED, counter_due_at__lte=at)
    )
