"""Plain helpers for buying tests: bodies, and walking an order through its states with the services."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from comeback.orders.payments.testing import CARD_SUCCEEDS
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment
from tests.factories import SellerFactory, UserFactory

# A Wednesday in winter with no public holiday around it in France.
T0 = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
ADDRESS = {"name": "Ada Lovelace", "line1": "1 rue de Rivoli", "postal_code": "75001", "city": "Paris"}
VALID_IMEI = "490154203237518"


def checkout_body(market: str = "FR", card: str = CARD_SUCCEEDS, **address) -> dict:
    return {"market": market, "shipping_address": {**ADDRESS, **address}, "payment_method": card}


def key() -> dict:
    return {"Idempotency-Key": uuid.uuid4().hex}


def place_order(buyer, *offers_and_quantities, card: str = CARD_SUCCEEDS, market: str = "FR", at=None):
    """Fill the cart and check out through the services; returns the order."""
    for item in offers_and_quantities:
        offer, quantity = item if isinstance(item, tuple) else (item, 1)
        cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=quantity)
    result = checkout_service.checkout(
        buyer=buyer, market_code=market, idempotency_key=uuid.uuid4().hex, shipping_address=ADDRESS,
        payment_method=card, at=at,
    )
    return result.order


def walk(line, to: str, *, at=None):
    """Move a line forward along the happy path, from where it is, up to `to` (accepted, shipped, delivered)."""
    steps = ["paid", "accepted", "shipped", "delivered"]
    line.refresh_from_db()
    for step in steps[steps.index(line.status) + 1: steps.index(to) + 1]:
        if step == "accepted":
            fulfilment.accept_line(seller=line.seller, line_id=line.pk, at=at)
        elif step == "shipped":
            fulfilment.ship_line(seller=line.seller, line_id=line.pk, tracking_number="TRACK12345", carrier="Colissimo",
                                 imei=VALID_IMEI, at=at)
        else:
            fulfilment.buyer_confirm_delivery(buyer=line.order.buyer, line_id=line.pk, at=at)
    line.refresh_from_db()
    return line


def another_seller():
    return SellerFactory(user=UserFactory())
