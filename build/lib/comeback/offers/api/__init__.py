"""The offers API, one router per actor: `seller` (a shop's listings, their photos, its metrics and the
authentication of a listing), `authenticator` (the authentication queue and decisions) and `staff` (any
seller's metrics), gathered under one router. Each operation keeps the `operationId` it had when the
listings and the authentications each lived in one module: generated clients call them by name."""

from __future__ import annotations

from ninja import Router

from comeback.core.contract import keep_operation_ids

from .authenticator import router as authenticator_router
from .seller import router as seller_router
from .staff import router as staff_router

keep_operation_ids(seller_router, module="comeback.offers.api")
keep_operation_ids(staff_router, module="comeback.offers.api")
keep_operation_ids(authenticator_router, module="comeback.offers.api_authentication")

router = Router()
for _actor in (seller_router, staff_router, authenticator_router):
    router.add_router("", _actor)

__all__ = ["router"]
