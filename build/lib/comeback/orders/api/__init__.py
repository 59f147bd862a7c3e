"""Buying's API, one module per actor: the buyer's (buyer.py), the seller's order lines, returns and balance
(seller.py), the carrier's webhook (public.py) and staff's (staff.py)."""

from __future__ import annotations

from .buyer import router
from .public import router as public_router
from .seller import router as seller_router

router.add_router("", seller_router)
router.add_router("", public_router)

__all__ = ["router"]
