"""The demo hook: the demo buyer's claims, one per state each login should see."""

from __future__ import annotations

import random

from comeback.aftersales import demo, selectors
from comeback.aftersales.models import Claim, ClaimStatus
from comeback.core import clock
from comeback.demo.seeding import DemoContext
from tests.factories import (
    CategoryFactory,
    OfferFactory,
    ProductModelFactory,
    SellerFactory,
    UserFactory,
    VariantFactory,
)


def test_given_demo_offers_when_the_hook_runs_then_awaiting_escalated_and_resolved_claims_exist(db):
    buyer = UserFactory(email=demo.DEMO_BUYER)
    seller = SellerFactory(user=UserFactory(email=demo.DEMO_SELLER))
    phones = [
        ProductModelFactory(category=CategoryFactory(slug=f"phones-{i}", battery_floor=80)) for i in range(4)
    ]
    offers = [OfferFactory(seller=seller, variant=VariantFactory(product=p), quantity=5) for p in phones]
    ctx = DemoContext(
        rng=random.Random(7),
        now=clock.now(),
        password="comeback-demo",
        show_progress=False,
        users={buyer.email: buyer},
        sellers={seller.user.email: seller},
        products=phones,
        offers=offers,
    )

    demo.seed_demo(ctx)

    claims = Claim.objects.filter(buyer=buyer, seller=seller)
    assert sorted(claims.values_list("status", flat=True)) == sorted(
        [ClaimStatus.OPEN, ClaimStatus.OPEN, ClaimStatus.RESOLVED]
    )
    escalated = list(selectors.escalated())
    assert len(escalated) == 1 and escalated[0].fault == "screen"
    waiting = claims.get(fault="battery")
    assert not waiting.is_escalated(clock.now()) and waiting.answer_due_at > clock.now()
    assert claims.get(status=ClaimStatus.RESOLVED).resolution == "repair"
