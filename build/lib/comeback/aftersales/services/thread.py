"""The claim's thread of messages, and the clock's escalation notices."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from comeback.core import clock, outbox

from ..models import (
    Claim,
    ClaimMessage,
)
from .lookups import _note, _payload, _text


def post_message(*, claim: Claim, author: str, user, body: str, at: datetime | None = None) -> ClaimMessage:
    """A message on the claim's thread. The caller found the claim through buyer_/seller_/staff_claim."""
    at = at or clock.now()
    body = _text(body, name="body")
    with transaction.atomic():
        message = _note(claim, body, at=at, author=author, user=user)
        outbox.emit("claim.message", **_payload(claim, message_id=message.pk, author=author))
    return message


# The clock -------------------------------------------------------------------------------------------
def notify_escalations(*, at: datetime | None = None, limit: int = 500) -> int:
    """Tell staff (and the seller and buyer) about claims that just went past their deadline.

    Escalation itself is derived when read; this only notifies, once per deadline (guarded update)."""
    at = at or clock.now()
    sent = 0
    for claim in (
        Claim.objects.escalated(at).filter(escalation_notified_at__isnull=True).order_by("id")[:limit]
    ):
        with transaction.atomic():
            if Claim.objects.filter(
                pk=claim.pk,
                escalation_notified_at__isnull=True,
                answered_at__isnull=True,
                answer_due_at=claim.answer_due_at,
            ).update(escalation_notified_at=at):
                outbox.emit(
                    "claim.escalated", **_payload(claim, answer_due_at=claim.answer_due_at.isoformat())
                )
                sent += 1
    return sent
