"""The claim's process: a transition table and one guarded move (docs/design.md §2 Warranty).

open ──seller: remote assistance / replacement──▶ awaiting_buyer ──buyer confirms──▶ resolved
open ──seller: repair (prepaid label)──▶ in_repair ──seller: repaired, shipped back──▶ awaiting_buyer
open ──seller: refund──▶ resolved                 awaiting_buyer ──buyer reopens (reason)──▶ open
any active ──staff decision──▶ resolved (forced refund) | rejected (not covered)
open | awaiting_buyer (remote assistance) ──the buyer returns the item──▶ resolved (remedies.py)

Escalation is not a state: an open claim past its answer deadline is escalated when read.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core.process import Process

from .models import Claim, ClaimStatus

ANSWER_BUSINESS_DAYS = 2  # docs/design.md §2 Warranty: the seller answers within 2 business days


class Actor(enum.Flag):
    BUYER = enum.auto()
    SELLER = enum.auto()
    STAFF = enum.auto()
    RETURN = enum.auto()  # the buyer returned the item: the return settles the claim (remedies.py)

    @property
    def label(self) -> str:
        return (self.name or "").lower()


S = ClaimStatus
TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.OPEN, S.AWAITING_BUYER): Actor.SELLER,
    (S.OPEN, S.IN_REPAIR): Actor.SELLER,
    (S.OPEN, S.RESOLVED): Actor.SELLER | Actor.STAFF | Actor.RETURN,
    (S.IN_REPAIR, S.AWAITING_BUYER): Actor.SELLER,
    (S.IN_REPAIR, S.RESOLVED): Actor.STAFF,
    (S.AWAITING_BUYER, S.RESOLVED): Actor.BUYER | Actor.STAFF | Actor.RETURN,
    (S.AWAITING_BUYER, S.OPEN): Actor.BUYER,
    (S.OPEN, S.REJECTED): Actor.STAFF,
    (S.IN_REPAIR, S.REJECTED): Actor.STAFF,
    (S.AWAITING_BUYER, S.REJECTED): Actor.STAFF,
}


def _wrong(claim, to: str, actor: Actor) -> str:
    return _("This claim is “%(frm)s”; the %(actor)s cannot make it “%(to)s”.") % {
        "frm": ClaimStatus(claim.status).label,
        "to": ClaimStatus(to).label,
        "actor": actor.label,
    }


PROCESS = Process(
    model=Claim,
    table=TRANSITIONS,
    changed_code="claim_state_changed",
    changed_message=lambda claim: _("This claim changed meanwhile; reload and try again."),
    wrong_state=_wrong,
    wrong_actor=_wrong,
    context=lambda claim: {"claim_id": claim.pk},
)


def allowed(frm: str, to: str, actor: Actor) -> bool:
    who = TRANSITIONS.get((frm, to))
    return who is not None and bool(actor & who)


def move(claim: Claim, to: str, *, actor: Actor, **fields) -> None:
    """Move a claim, guarded on its current status; update `claim` in memory on success (core's Process:
    409 `invalid_transition` for a wrong state, 403 `actor_not_allowed` for a wrong actor)."""
    PROCESS.move(claim, to, actor=actor, **fields)


def answer_deadline(opened: datetime, market) -> datetime:
    """2 business days in the market's timezone, weekends and the country's public holidays excluded."""
    from comeback.orders.calendar import business_deadline

    return business_deadline(opened, ANSWER_BUSINESS_DAYS, tz=market.timezone, country=market.code)
