"""The editions API, one router per actor: `public` (anyone: the collections and their pieces) and `seller`
(a shop's token for its own editions, or staff)."""

from ninja import Router

from .public import router as public_router
from .seller import router as seller_router

router = Router()
router.add_router("", public_router)
router.add_router("", seller_router)
