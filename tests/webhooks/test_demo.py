from __future__ import annotations

import random
from datetime import UTC, datetime
from types import SimpleNamespace

from comeback.webhooks import demo
from comeback.webhooks.models import WebhookDelivery, WebhookSubscription
from tests.factories import OfferFactory, SellerFactory, UserFactory


def _ctx():
    seller = SellerFactory(user=UserFactory(email=demo.DEMO_SELLER))
    offer = OfferFactory(seller=seller)
    return SimpleNamespace(
        rng=random.Random(7),
        now=datetime(2027, 3, 1, 9, tzinfo=UTC),
        password="comeback-demo",
        users={seller.user.email: seller.user},
        sellers={seller.user.email: seller},
        products=[],
        offers=[offer],
        progress=lambda it, desc: it,
    )


def test_given_the_demo_seller_when_seeded_twice_then_one_paused_endpoint_with_a_sample_log(db):
    ctx = _ctx()
    demo.seed_demo(ctx)
    ctx.rng = random.Random(7)
    demo.seed_demo(ctx)
    sub = WebhookSubscription.objects.get()
    assert not sub.is_active and sub.url == demo.DEMO_URL
    statuses = sorted(WebhookDelivery.objects.filter(subscription=sub).values_list("status", flat=True))
    assert statuses == ["failed", "gave_up", "succeeded", "succeeded"]


def test_given_no_demo_seller_when_seeded_then_nothing_happens(db):
    ctx = SimpleNamespace(rng=random.Random(1), now=datetime(2027, 3, 1, tzinfo=UTC), sellers={}, offers=[])
    demo.seed_demo(ctx)
    assert not WebhookSubscription.objects.exists()
