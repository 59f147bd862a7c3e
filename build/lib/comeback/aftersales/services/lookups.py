"""Helpers every after-sales write shares, and look-ups that never reveal someone else's claim."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core.problems import Forbidden, Invalid, NotFound
from comeback.orders.models import OrderLine

from ..models import (
    Author,
    Claim,
    ClaimMessage,
)

MIN_DESCRIPTION, MAX_TEXT = 10, 4000


def _payload(claim: Claim, **extra) -> dict:
    return {
        "claim_id": claim.pk,
        "ref": claim.ref,
        "line_id": claim.order_line_id,
        "seller_id": claim.seller_id,
        "status": str(claim.status),
        **extra,
    }


def _text(value: str, *, name: str, required: bool = True, minimum: int = 1) -> str:
    value = (value or "").strip()
    if required and len(value) < minimum:
        raise Invalid.field(name, "too_short", _("Write at least %(n)d characters.") % {"n": minimum})
    if len(value) > MAX_TEXT:
        raise Invalid.field(name, "too_long", _("At most %(n)d characters.") % {"n": MAX_TEXT})
    return value


def _lock_line(line_id: int) -> None:
    """Lock the unit's line before touching its claim: a return decided at the same instant (remedies.py)
    takes the same lock first, so one waits for the other and both see what the first decided."""
    list(OrderLine.objects.select_for_update().filter(pk=line_id))


def _note(claim: Claim, body: str, *, at: datetime, author: str = Author.SYSTEM, user=None) -> ClaimMessage:
    return ClaimMessage.objects.create(claim=claim, author=author, user=user, body=body, created_at=at)


def _claims():
    return Claim.objects.select_related("order_line__order", "order_line__offer", "seller", "buyer")


def buyer_claim(*, buyer, claim_id: int) -> Claim:
    claim = _claims().filter(pk=claim_id, buyer=buyer).first()
    if claim is None:
        raise NotFound(_("You have no claim %s.") % claim_id, code="claim_not_found")
    return claim


def seller_claim(*, seller, claim_id: int) -> Claim:
    claim = _claims().filter(pk=claim_id, seller=seller).first()
    if claim is None:
        raise NotFound(_("You have no claim %s.") % claim_id, code="claim_not_found")
    return claim


def staff_claim(*, user, claim_id: int) -> Claim:
    if not getattr(user, "is_staff", False):
        raise Forbidden(_("Only staff decide claims."), code="staff_only")
    claim = _claims().filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(_("No claim %s.") % claim_id, code="claim_not_found")
    return claim
