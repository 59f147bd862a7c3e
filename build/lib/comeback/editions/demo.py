"""Demo data of editions, run by `comeback seed-demo` after recovery: the Buckle Up capsule — "Flip Buckle
Belt", an edition of 50 belts whose buckle is a flip phone's shell — made by the refurbisher that upcycled
the most demo phones into the collection, one numbered belt per upcycled phone (its donor), listed in the
shop's first market. Every step goes through services.py, so every rule holds."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from comeback.core import outbox
from comeback.recovery.models import CollectedDevice, Collection
from comeback.recovery.models import Status as DeviceStatus
from comeback.recovery.services import Operator

from . import services

CATEGORY = "upcycled"  # demo/catalog/fashion.py: its variants are numbered pieces
BELT_NAME = "Flip Buckle Belt"
BELT_STORY = (
    "Each buckle is the shell of a flip phone that could no longer be repaired: the hinge became the clasp, "
    "the keypad a pattern pressed into vegetable-tanned leather. Fifty belts, each numbered, each naming "
    "the phone it was made from."
)
BELT_PRICE = {"EUR": 8900, "GBP": 7900, "USD": 9900, "JPY": 13800}


def seed_demo(ctx) -> None:
    outbox.drain()  # recovery's passport events first: the donors' allocations are on record
    collection = Collection.objects.filter(slug="buckle-up").first()
    if collection is None:
        return
    upcycled = CollectedDevice.objects.filter(
        collection=collection, status=DeviceStatus.UPCYCLED, seller__status="full"
    ).select_related("tradein", "seller")
    by_seller = Counter(d.seller_id for d in upcycled)
    if not by_seller:
        return
    seller_id = by_seller.most_common(1)[0][0]
    devices = sorted((d for d in upcycled if d.seller_id == seller_id), key=lambda d: (d.done_at, d.pk))
    seller = devices[0].seller
    market = "FR" if "FR" in (seller.markets or []) else (seller.markets or ["FR"])[0]
    op = Operator.refurbisher(seller)
    started = min(d.done_at for d in devices) + timedelta(days=1)
    belt = services.create_edition(
        op=op,
        draft=services.EditionDraft(
            collection_id=collection.pk,
            name=BELT_NAME,
            category=CATEGORY,
            size=50,
            price=_price(market),
            market=market,
            story=BELT_STORY,
        ),
        at=started,
    )
    for n, device in enumerate(devices[:50]):
        made = max(device.done_at + timedelta(days=2), started + timedelta(days=n))
        services.make_item(
            op=op, edition_id=belt.pk, donors=[device.tradein.ref], at=min(made, ctx.now - timedelta(hours=1))
        )


def _price(market: str) -> int:
    from comeback.core import markets

    return BELT_PRICE.get(markets.get(market).currency, 8900)
