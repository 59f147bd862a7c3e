"""Insights API, one module per actor: the public trust report (public.py) and the staff numbers and dead
letters (staff.py), gathered under one router. Each operation keeps the `operationId` it had when both lived
in one module: generated clients call them by name."""

from __future__ import annotations

from ninja import Router

from comeback.core.contract import keep_operation_ids

from .public import router as public_router
from .staff import router as staff_router

router = Router(tags=["insights"])
for _actor in (public_router, staff_router):
    keep_operation_ids(_actor, module="comeback.insights.api")
    router.add_router("", _actor)

__all__ = ["router"]
