"""The buyer's word (confirm or reopen) and the staff's decision."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.core import clock, markets, outbox
from comeback.core.problems import Conflict, Invalid
from comeback.orders import warranty
from comeback.orders.processes import Actor as LineActor

from ..models import (
    Author,
    Claim,
    ClaimStatus,
    Decision,
    Resolution,
)
from ..processes import Actor, answer_deadline, move
from .answers import _refund
from .lookups import MIN_DESCRIPTION, _lock_line, _note, _payload, _text, buyer_claim, staff_claim


def confirm_resolution(*, buyer, claim_id: int, at: datetime | None = None) -> Claim:
    at = at or clock.now()
    claim = buyer_claim(buyer=buyer, claim_id=claim_id)
    with transaction.atomic():
        move(claim, ClaimStatus.RESOLVED, actor=Actor.BUYER, resolved_at=at)
        _note(claim, _("The buyer confirmed the resolution."), at=at)
        outbox.emit("claim.resolved", **_payload(claim, resolution=claim.resolution))
    return claim


def reopen_claim(*, buyer, claim_id: int, reason: str, at: datetime | None = None) -> Claim:
    """The fix did not work: the claim is open again with a new 2-business-day clock for the seller."""
    at = at or clock.now()
    reason = _text(reason, name="reason", minimum=MIN_DESCRIPTION)
    claim = buyer_claim(buyer=buyer, claim_id=claim_id)
    market = markets.get(claim.market)
    with transaction.atomic():
        move(
            claim,
            ClaimStatus.OPEN,
            actor=Actor.BUYER,
            answered_at=None,
            resolution=None,
            answer_due_at=answer_deadline(at, market),
            reopen_count=claim.reopen_count + 1,
            escalation_notified_at=None,
        )
        _note(claim, reason, at=at, author=Author.BUYER, user=buyer)
        outbox.emit("claim.reopened", **_payload(claim))
    return claim


# Staff -----------------------------------------------------------------------------------------------
def decide_claim(*, user, claim_id: int, decision: str, reason: str, at: datetime | None = None) -> Claim:
    """Staff decide for the buyer (a refund charged to the seller's balance) or find the claim not covered."""
    at = at or clock.now()
    claim = staff_claim(user=user, claim_id=claim_id)
    reason = _text(reason, name="reason", minimum=MIN_DESCRIPTION)
    if decision not in Decision.values:
        raise Invalid.field(
            "decision", "invalid_decision", _("Decision must be one of %s.") % ", ".join(Decision.values)
        )
    if decision == Decision.NOT_COVERED and claim.battery_defect:
        raise Conflict(
            ngettext(
                "A battery below %(floor)s within %(months)d month on this offer is a covered defect.",
                "A battery below %(floor)s within %(months)d months on this offer is a covered defect.",
                warranty.BATTERY_DEFECT_MONTHS,
            )
            % {
                "floor": warranty.battery_floor(),
                "months": warranty.BATTERY_DEFECT_MONTHS,
            },
            code="covered_battery_defect",
        )
    fields = {
        "decided_by": user,
        "decided_at": at,
        "decision": decision,
        "decision_reason": reason,
        "answered_at": claim.answered_at or at,
        "resolved_at": at,
    }
    with transaction.atomic():
        _lock_line(claim.order_line_id)
        if decision == Decision.REFUND:
            move(claim, ClaimStatus.RESOLVED, actor=Actor.STAFF, resolution=Resolution.REFUND, **fields)
            _refund(claim, actor=LineActor.STAFF, at=at)
        else:
            move(claim, ClaimStatus.REJECTED, actor=Actor.STAFF, **fields)
        _note(claim, reason, at=at, author=Author.STAFF, user=user)
        outbox.emit("claim.decided", **_payload(claim, decision=decision))
        if claim.status == ClaimStatus.RESOLVED:
            outbox.emit("claim.resolved", **_payload(claim, resolution=claim.resolution))
    return claim
