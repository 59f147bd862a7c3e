"""Sellers API: apply, staff verification and decisions (docs/design.md §4); a seller's metrics are served
by offers/api.py, which adds the listings' standing.

Handlers only translate HTTP; the rules live in services.py and processes.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from comeback.accounts.auth import acting_staff, token_auth
from comeback.core import ratelimit
from comeback.core.schemas import ProblemOut
from comeback.core.text import Text

from . import selectors, services, traceability
from .access import acting_seller
from .schemas import (
    ApplicationIn,
    ApplicationOut,
    SellerDecisionIn,
    SellerStatusOut,
    VerifyIn,
)

router = Router(tags=["sellers"])
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422, 429)}


def _staff(request):
    return acting_staff(request, _("Only staff take decisions about sellers."))


def _status_out(decision) -> dict:
    seller = decision.seller
    return {
        "id": seller.pk,
        "status": seller.status,
        "phase": selectors.phase(seller),
        "probation_started_at": seller.probation_started_at,
        "probation_ends_at": seller.probation_ends_at,
        "status_reason": seller.status_reason,
        "removal_due_at": seller.removal_due_at,
        "decision": selectors.decision_dict(decision),
    }


@router.post(
    "/sellers/applications",
    response={201: ApplicationOut, **PROBLEMS},
    auth=None,
    summary="Apply to sell on Comeback (creates the seller account)",
)
def apply(request, body: ApplicationIn):
    ratelimit.hit("signup", ratelimit.client_ip(request))  # it creates an account: same limit as sign-up
    data = services.ApplicationData(**body.dict())
    seller = services.apply(data=data)
    return Status(201, seller)


@router.post(
    "/staff/sellers/{seller_id}/verify",
    response={200: SellerStatusOut, **PROBLEMS},
    auth=token_auth,
    summary="Verify an applicant (starts probation) or reject it",
)
def verify(request, seller_id: int, body: VerifyIn):
    by = _staff(request)
    decision = services.verify(seller_id=seller_id, decision=body.decision, reason=body.reason, by=by)
    return _status_out(decision)


@router.post(
    "/staff/sellers/{seller_id}/decision",
    response={200: SellerStatusOut, **PROBLEMS},
    auth=token_auth,
    summary="Decide on a seller: approve, extend probation, remove (30 days' notice, or at once on a legal "
    "ground), suspend, reinstate, or withdraw a removal notice",
)
def decide(request, seller_id: int, body: SellerDecisionIn):
    by = _staff(request)
    decision = services.decide(
        seller_id=seller_id,
        decision=body.decision,
        reason=body.reason,
        days=body.days,
        ground=body.ground,
        by=by,
    )
    return _status_out(decision)


class TraceabilityIn(Schema):
    trade_register: Text = Field(..., max_length=200)
    id_document_type: str = Field(
        ..., max_length=20, description="passport, id_card, residence_permit, driving_licence"
    )
    id_document_number: Text = Field(..., max_length=40)
    id_document_holder: Text = Field(..., max_length=150)
    self_certification: bool


class TraceabilityOut(Schema):
    missing: list[str]
    trade_register: str
    id_document_type: str
    id_document_holder: str
    payment_account: bool
    self_certified_at: str | None


def _traceability_out(seller) -> dict:
    return {
        "missing": traceability.missing(seller),
        "trade_register": seller.trade_register,
        "id_document_type": seller.id_document_type,
        "id_document_holder": seller.id_document_holder,
        "payment_account": seller.payment_account_at is not None,
        "self_certified_at": seller.self_certified_at.isoformat() if seller.self_certified_at else None,
    }


@router.get(
    "/seller/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="My trader traceability (DSA Art. 30): what is held and what is missing",
)
def my_traceability(request):
    return _traceability_out(acting_seller(request))


@router.post(
    "/seller/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="Give my trader traceability information; listing waits until it is complete",
)
def set_traceability(request, body: TraceabilityIn):
    seller = acting_seller(request)
    return _traceability_out(traceability.record(seller=seller, **body.dict()))


@router.get(
    "/staff/sellers/{seller_id}/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="A seller's trader traceability: what is missing",
)
def staff_traceability(request, seller_id: int):
    _staff(request)
    return _traceability_out(services.get_seller(seller_id))
