"""The demo hook: past orders for the demo buyer in several states, with a consistent ledger."""

from __future__ import annotations

import random

from comeback.core import clock
from comeback.demo.seeding import DemoContext
from comeback.orders import demo, ledger
from comeback.orders.models import LineStatus, Order, Payout, Return, Review
from tests.factories import (
    CategoryFactory,
    OfferFactory,
    ProductModelFactory,
    SellerFactory,
    UserFactory,
    VariantFactory,
)


def demo_context() -> DemoContext:
    """Three demo sellers with phones and a strap on offer, and the demo buyer: what the orders hook needs."""
    buyer = UserFactory(email=demo.DEMO_BUYER)
    sellers = [SellerFactory(user=UserFactory(email=f"seller{i}@demo.comeback.test")) for i in range(3)]
    phones = [
        ProductModelFactory(category=CategoryFactory(slug="smartphones", battery_floor=80)) for _ in range(6)
    ]
    strap = ProductModelFactory(
        category=CategoryFactory(slug="watch-straps", battery_floor=None, kind="accessory")
    )
    strap.compatible_with.add(phones[0])
    offers = [
        OfferFactory(seller=sellers[i % 3], variant=VariantFactory(product=p), quantity=5)
        for i, p in enumerate(phones)
    ]
    offers.append(
        OfferFactory(
            seller=sellers[2],
            variant=VariantFactory(product=strap),
            quantity=5,
            battery_health_min=None,
            price_amount=2900,
        )
    )
    return DemoContext(
        rng=random.Random(7),
        now=clock.now(),
        password="comeback-demo",
        show_progress=False,
        users={buyer.email: buyer},
        sellers={s.user.email: s for s in sellers},
        products=[*phones, strap],
        offers=offers,
    )


def test_given_demo_sellers_and_offers_when_the_orders_hook_runs_then_the_buyer_has_orders_in_every_state(db):
    ctx = demo_context()
    buyer = ctx.users[demo.DEMO_BUYER]

    demo.seed_demo(ctx)

    statuses = sorted(
        s for o in Order.objects.filter(buyer=buyer) for s in o.lines.values_list("status", flat=True)
    )
    assert set(statuses) == {
        LineStatus.PAID,
        LineStatus.SHIPPED,
        LineStatus.DELIVERED,
        LineStatus.COMPLETED,
        LineStatus.REFUNDED,
    }
    assert Order.objects.filter(buyer=buyer).count() == 5
    assert Review.objects.filter(buyer=buyer).count() == 2
    refunded, escalated = Return.objects.order_by("status")  # "refunded" < "requested"
    assert refunded.status == "refunded" and refunded.parcel_delivered_at is not None
    assert escalated.status == "requested" and escalated.escalation(clock.now()) == "receipt"
    assert escalated.label_tracking and escalated.line.product.category.slug == "watch-straps"
    assert Payout.objects.count() == 0  # the payouts demo pays order 1 on a payout day
    assert all(ledger.order_sums(o.pk) == {"EUR": 0} for o in Order.objects.filter(buyer=buyer))
    assert any(
        ln.product.category.slug == "watch-straps" for o in Order.objects.all() for ln in o.lines.all()
    )
