"""Trade-in's API, one module per actor: the customer's (buyer.py, quotes are public), the refurbisher's
(seller.py), the partner's (partner.py) and staff's (staff.py), all under one router."""

from __future__ import annotations

from .buyer import router
from .partner import router as partner_router
from .seller import router as seller_router
from .staff import router as staff_router

router.add_router("", seller_router)
router.add_router("", partner_router)
router.add_router("", staff_router)

__all__ = ["router"]
