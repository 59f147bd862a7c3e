"""After-sales API (docs/design.md §2 Warranty), one module per actor: the buyer's claims (buyer.py), the
seller's answers (seller.py), staff decisions and statistics (staff.py), all under one router. Each operation
keeps the `operationId` it had when the three lived in one module: generated clients call them by name."""

from __future__ import annotations

from comeback.core.contract import keep_operation_ids

from .buyer import router
from .seller import router as seller_router
from .staff import router as staff_router

for _actor in (router, seller_router, staff_router):
    keep_operation_ids(_actor, module="comeback.aftersales.api")
router.add_router("", seller_router)
router.add_router("", staff_router)

__all__ = ["router"]
