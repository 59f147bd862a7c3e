"""Plain helpers for buying tests: bodies, and walking an order through its states with the services."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from stdnum import luhn

from comeback.orders.payments.testing import CARD_SUCCEEDS
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment
from tests.factories import SellerFactory, UserFactory

# A Wednesday in winter with no public holiday around it in France.
T0 = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
ADDRESS = {"name": "Ada Lovelace", "line1": "1 rue de Rivoli", "postal_code": "75001", "city": "Paris"}
# Where an order of each market ships: postal codes are checked per market.
ADDRESSES = {
    "FR": ADDRESS,
    "DE": {**ADDRESS, "line1": "Unter den Linden 1", "postal_code": "10117", "city": "Berlin"},
    "GB": {**ADDRESS, "line1": "10 Downing Street", "postal_code": "SW1A 2AA", "city": "London"},
    "US": {**ADDRESS, "line1": "350 Fifth Avenue", "postal_code": "10118", "city": "New York"},
    "JP": {**ADDRESS, "line1": "1-1 Chiyoda", "postal_code": "100-0001", "city": "Tokyo"},
}
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
        buyer=buyer,
        market_code=market,
        idempotency_key=uuid.uuid4().hex,
        shipping_address=ADDRESSES.get(market, ADDRESS),
        payment_method=card,
        at=at,
    )
    return result.order


def unit_imei(n: int) -> str:
    """A valid IMEI of its own for unit `n` (an IMEI names one live unit)."""
    body = f"35{n % 10**12:012d}"
    return body + luhn.calc_check_digit(body)


def free_imei(line) -> str:
    """VALID_IMEI for the first unit a test ships, then one of its own per line."""
    from comeback.devices.models import UnitRecord

    return unit_imei(line.pk) if UnitRecord.objects.filter(identifier=VALID_IMEI).exists() else VALID_IMEI


def walk(line, to: str, *, at=None, imei: str | None = None):
    """Move a line forward along the happy path, from where it is, up to `to` (accepted, shipped, delivered).
    Each shipped line carries its own unit: VALID_IMEI first, then `unit_imei(line.pk)` unless `imei` names one."""
    steps = ["paid", "accepted", "shipped", "delivered"]
    line.refresh_from_db()
    for step in steps[steps.index(line.status) + 1 : steps.index(to) + 1]:
        if step == "accepted":
            fulfilment.accept_line(seller=line.seller, line_id=line.pk, at=at)
        elif step == "shipped":
            fulfilment.ship_line(
                seller=line.seller,
                line_id=line.pk,
                tracking_number="TRACK12345",
                carrier="Colissimo",
                imei=imei or free_imei(line),
                at=at,
            )
        else:
            fulfilment.buyer_confirm_delivery(buyer=line.order.buyer, line_id=line.pk, at=at)
    line.refresh_from_db()
    return line


def another_seller():
    return SellerFactory(user=UserFactory())


def watch_with_addons(seller, *, market: str = "FR"):
    """A refurbished watch and, from the same seller, a new strap that fits it (declared for the model), a
    new strap declared for every smartwatch, and a case that fits nothing of it: offers (watch, strap,
    strap_by_category, case)."""
    from comeback.catalog.models import CategoryKind
    from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

    watches = CategoryFactory(
        slug="smartwatches", name="Smartwatches", battery_floor=85, illustration="watch"
    )
    straps = CategoryFactory(
        slug="watch-straps",
        name="Watch straps",
        battery_floor=None,
        kind=CategoryKind.ACCESSORY,
        condition_scheme="accessory",
        variant_schema={"type": "object"},
    )
    watch = ProductModelFactory(category=watches, name="Watch S7")
    strap = ProductModelFactory(category=straps, name="Sport Band 45")
    strap.compatible_with.set([watch])
    any_watch = ProductModelFactory(category=straps, name="Nylon Loop")
    any_watch.compatible_categories.set([watches])
    case = ProductModelFactory(category=straps, name="Phone Case")

    def offer_of(product, **terms):
        variant = VariantFactory(product=product, attributes={}, label="Black")
        return OfferFactory(seller=seller, variant=variant, market_id=market, **terms)

    accessory = {"grade": "new", "battery_health_min": None, "price_amount": 4900, "quantity": 3}
    return (
        offer_of(watch, price_amount=29900, quantity=3),
        offer_of(strap, **accessory),
        offer_of(any_watch, **accessory),
        offer_of(case, **accessory),
    )
