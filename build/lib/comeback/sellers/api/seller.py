"""The seller's trader traceability over the API (DSA Art. 30): what is held, what is missing, and the
answers. A seller's metrics are served by offers/api.py, which adds the listings' standing. Handlers only
translate HTTP."""

from __future__ import annotations

from ninja import Router

from comeback.accounts.auth import token_auth
from comeback.web.api_access import acting_seller

from .. import traceability
from ..schemas import (
    PROBLEMS,
    TraceabilityIn,
    TraceabilityOut,
)

router = Router()  # tagged "sellers" by the router that gathers it (api/__init__.py)


@router.get(
    "/seller/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="My trader traceability (DSA Art. 30): what is held and what is missing",
)
def my_traceability(request):
    return acting_seller(request)


@router.post(
    "/seller/traceability",
    auth=token_auth,
    response={200: TraceabilityOut, **PROBLEMS},
    summary="Give my trader traceability information; listing waits until it is complete",
)
def set_traceability(request, body: TraceabilityIn):
    seller = acting_seller(request)
    return traceability.record(seller=seller, **body.dict())
