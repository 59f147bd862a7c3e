"""One remedy, not two: a return on a line with a live warranty claim (docs/design.md §2 Returns, Warranty).

Registered with orders' returns in AftersalesConfig.ready(); it runs inside the return's transaction after the
line is locked (the claim's own writes lock the line first too, so the two never deadlock and never both
win):

- a claim whose remedy has not started — still open, or answered with remote assistance only — is settled by
  the return: resolved as `return`, with a note in its thread; the refund comes with the return;
- a claim whose remedy is under way — the unit is in repair, or a repaired or replacement unit awaits the
  buyer's confirmation — refuses the return (409 `claim_remedy_under_way`): the buyer confirms the claim, or
  reopens it (which makes it open again) and then returns the item.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core import outbox
from comeback.core.problems import Conflict

from .models import ACTIVE_STATUSES, Author, Claim, ClaimMessage, ClaimStatus, Resolution
from .processes import Actor, move


def settle_for_return(*, line, at: datetime) -> str:
    claim = Claim.objects.filter(order_line_id=line.pk, status__in=ACTIVE_STATUSES).first()
    if claim is None:
        return ""
    under_way = claim.status == ClaimStatus.IN_REPAIR or (
        claim.status == ClaimStatus.AWAITING_BUYER and claim.resolution != Resolution.REMOTE_ASSISTANCE
    )
    if under_way:
        raise Conflict(
            _(
                "Warranty claim %(ref)s on this item already has a remedy under way (%(status)s): one remedy, "
                "not two. Confirm the claim, or reopen it and then return the item."
            )
            % {"ref": claim.ref, "status": ClaimStatus(claim.status).label},
            code="claim_remedy_under_way",
            claim_ref=claim.ref,
            line_id=line.pk,
        )
    move(claim, ClaimStatus.RESOLVED, actor=Actor.RETURN, resolution=Resolution.RETURN, resolved_at=at)
    ClaimMessage.objects.create(
        claim=claim,
        author=Author.SYSTEM,
        body=_(
            "The buyer returned the item: the return settles this claim and its refund comes with the return."
        ),
        created_at=at,
    )
    payload = {
        "claim_id": claim.pk,
        "ref": claim.ref,
        "line_id": claim.order_line_id,
        "seller_id": claim.seller_id,
        "status": str(claim.status),
        "resolution": claim.resolution,
    }
    outbox.emit("claim.resolved", **payload)
    outbox.emit("claim.settled_by_return", **payload)
    return claim.ref


def register() -> None:
    from comeback.orders.services import returns

    returns.register_remedy_check(settle_for_return)
