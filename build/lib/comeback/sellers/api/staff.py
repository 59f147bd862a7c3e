"""Staff over sellers through the API: verify an applicant, decide on a seller, read its traceability.
Handlers only translate HTTP; the rules live in services.py and processes.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from ninja import Router

from comeback.accounts.auth import token_auth
from comeback.web.api_access import acting_staff

from .. import services
from ..schemas import (
    PROBLEMS,
    SellerDecisionIn,
    SellerStatusOut,
    TraceabilityOut,
    VerifyIn,
)

router = Router()  # tagged "sellers" by the router that gathers it (api/__init__.py)


STAFF_ONLY = gettext_lazy(
    "Only staff take decisions about sellers."
)  # what a token without staff rights is told


@router.post(
    "/staff/sellers/{seller_id}/verify",
    response={200: SellerStatusOut, **PROBLEMS},
    auth=token_auth,
    summary="Verify an applicant (starts probation) or reject it",
)
def verify(request, seller_id: int, body: VerifyIn):
    by = acting_staff(request, STAFF_ONLY)
    decision = services.verify(seller_id=seller_id, decision=body.decision, reason=body.reason, by=by)
    return decision


@router.post(
    "/staff/sellers/{seller_id}/decision",
    response={200: SellerStatusOut, **PROBLEMS},
    auth=token_auth,
    summary="Decide on a seller: approve, extend probation, remove (30 days' notice, or at once on a legal "
    "ground), suspend, reinstate, or withdraw a removal notice",
)
def decide(request, seller_id: int, body: SellerDecisionIn):
    by = acting_staff(request, STAFF_ONLY)
    decision = services.decide(
        seller_id=seller_id,
        decision=body.decision,
        reason=body.reason,
        days=body.days,
        ground=body.ground,
        by=by,
    )
    return decision


@router.get(
    "/staff/sellers/{seller_id}/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="A seller's trader traceability: what is missing",
)
def staff_traceability(request, seller_id: int):
    acting_staff(request, STAFF_ONLY)
    return services.get_seller(seller_id)
