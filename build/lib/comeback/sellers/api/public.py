"""Applying to sell over the API (docs/sellers.md): anyone may apply; the application creates the seller
account. Handlers only translate HTTP; the rules live in services.py and processes.py."""

from __future__ import annotations

from ninja import Router
from ninja.responses import Status

from comeback.core import ratelimit

from .. import services
from ..schemas import (
    PROBLEMS,
    ApplicationIn,
    ApplicationOut,
)

router = Router()  # tagged "sellers" by the router that gathers it (api/__init__.py)


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
