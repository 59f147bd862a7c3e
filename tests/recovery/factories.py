"""Recovery test data: paid trade-ins on each route, walked through the real trade-in services."""

from __future__ import annotations

import itertools

from stdnum import luhn

from comeback.core import clock, outbox
from comeback.recovery.models import Collection, Recycler
from comeback.recovery.services import Operator
from comeback.tradein.models import BuybackOffer
from comeback.tradein.services import access, routing
from tests.tradein.factories import BuybackOfferFactory, phone, tradein

# Inspection answers whose rule gives the route directly (tradein/routes.py).
FLAWLESS = {
    "powers_on": True,
    "screen": "flawless",
    "body": "flawless",
    "functional": True,
    "accounts_removed": True,
}
WORN = {**FLAWLESS, "screen": "scratches"}
_imeis = itertools.count(1)


def imei() -> str:
    body = f"35{next(_imeis):012d}"
    return body + luhn.calc_check_digit(body)


def collected(seller, route: str = "resell", *, product=None, at=None):
    """A paid trade-in bought by `seller`, routed to `route` (the rule, or the refurbisher's override)."""
    product = product or phone()
    tier = "flawless" if route == "resell" else "good"
    offer = BuybackOffer.objects.filter(
        seller=seller, product=product, tier=tier
    ).first() or BuybackOfferFactory(
        seller=seller, product=product, storage_gb=128, tier=tier, price_amount=30000
    )
    t = tradein("paid", offer=offer, answers=FLAWLESS if route == "resell" else WORN, at=at, imei=imei())
    if route not in ("resell", "refurbish"):
        routing.override(
            op=access.Operator.refurbisher(seller),
            ref=t.ref,
            route=route,
            reason="test route",
            recycler="Envie 2E" if route == "recycle" else "",
            at=at,
        )
    outbox.drain()
    t.refresh_from_db()
    return t


def op(seller) -> Operator:
    return Operator.refurbisher(seller)


def recycler(name: str = "Envie 2E Aquitaine", certification: str = "weeelabex") -> Recycler:
    return Recycler.objects.create(
        name=name, certification=certification, country="FR", created_at=clock.now()
    )


def collection(name: str = "Buckle Up") -> Collection:
    return Collection.objects.create(
        slug=name.lower().replace(" ", "-"),
        name=name,
        maker="Atelier Boucle",
        description="Belts with a flip-phone buckle",
        created_at=clock.now(),
    )
