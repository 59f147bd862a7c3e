"""Repair API (docs/design.md §4), one module per actor: near-me search and slots (public.py), bookings and the
information form (buyer.py), jobs (repairer.py), spare parts, the obligation report and the open repair data
(staff.py, for staff and refurbishers), all under one router. Each operation keeps the `operationId` it had
when they lived in one module: generated clients call them by name."""

from __future__ import annotations

from comeback.core.contract import keep_operation_ids

from .buyer import router as buyer_router
from .public import router
from .repairer import router as repairer_router
from .staff import router as staff_router

for _actor in (router, buyer_router, repairer_router, staff_router):
    keep_operation_ids(_actor, module="comeback.repair.api")
router.add_router("", buyer_router)
router.add_router("", repairer_router)
router.add_router("", staff_router)

__all__ = ["router"]
