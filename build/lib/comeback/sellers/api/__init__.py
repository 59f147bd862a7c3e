"""Sellers API, one module per actor: applying (public.py), the seller's traceability (seller.py) and staff's
verification and decisions (staff.py), gathered under one router. Each operation keeps the `operationId` it
had when they lived in one module: generated clients call them by name."""

from __future__ import annotations

from ninja import Router

from comeback.core.contract import keep_operation_ids

from .public import router as public_router
from .seller import router as seller_router
from .staff import router as staff_router

router = Router(tags=["sellers"])
for _actor in (public_router, seller_router, staff_router):
    keep_operation_ids(_actor, module="comeback.sellers.api")
    router.add_router("", _actor)

__all__ = ["router"]
