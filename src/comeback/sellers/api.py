"""Sellers API: apply, staff verification and decisions, a seller's own metrics (DESIGN.md §4).

Handlers only translate HTTP; the rules live in services.py and processes.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from comeback.accounts.auth import acting_staff, require_scope, token_auth
from comeback.catalog.schemas import ProblemOut  # the one RFC 9457 shape the API documents
from comeback.core import ratelimit
from comeback.core.problems import Forbidden

from . import selectors, services
from .schemas import (
    ApplicationIn,
    ApplicationOut,
    DecisionIn,
    MetricsOut,
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
        "id": seller.pk, "status": seller.status, "phase": selectors.phase(seller),
        "probation_started_at": seller.probation_started_at, "probation_ends_at": seller.probation_ends_at,
        "status_reason": seller.status_reason, "decision": selectors.decision_dict(decision),
    }


@router.post("/sellers/applications", response={201: ApplicationOut, **PROBLEMS}, auth=None,
             summary="Apply to sell on Comeback (creates the seller account)")
def apply(request, body: ApplicationIn):
    ratelimit.hit("signup", ratelimit.client_ip(request))  # it creates an account: same limit as sign-up
    data = services.ApplicationData(**body.dict())
    seller = services.apply(data=data)
    return Status(201, seller)


@router.post("/staff/sellers/{seller_id}/verify", response={200: SellerStatusOut, **PROBLEMS}, auth=token_auth,
             summary="Verify an applicant (starts probation) or reject it")
def verify(request, seller_id: int, body: VerifyIn):
    by = _staff(request)
    decision = services.verify(seller_id=seller_id, decision=body.decision, reason=body.reason, by=by)
    return _status_out(decision)


@router.post("/staff/sellers/{seller_id}/decision", response={200: SellerStatusOut, **PROBLEMS}, auth=token_auth,
             summary="Decide on a seller: approve, extend probation, remove, suspend or reinstate")
def decide(request, seller_id: int, body: DecisionIn):
    by = _staff(request)
    decision = services.decide(seller_id=seller_id, decision=body.decision, reason=body.reason, days=body.days, by=by)
    return _status_out(decision)


@router.get("/staff/sellers/{seller_id}/metrics", response={200: MetricsOut, **PROBLEMS}, auth=token_auth,
            summary="Any seller's metrics, status and history (staff)")
def staff_metrics(request, seller_id: int):
    _staff(request)
    return selectors.own_metrics(services.get_seller(seller_id))


@router.get("/seller/metrics", response={200: MetricsOut, **PROBLEMS}, auth=token_auth,
            summary="Your shop's status, probation cap, quality metrics, alerts and prices that would win")
def my_metrics(request):
    require_scope(request, "seller")
    seller = selectors.seller_for_user(request.auth.user)
    if seller is None:
        raise Forbidden(_("This account has no seller shop."), code="not_a_seller")
    return selectors.own_metrics(seller)
