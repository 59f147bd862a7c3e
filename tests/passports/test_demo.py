"""The demo hook: every unit the demo orders shipped has a passport, plus a garment and a two-lives unit."""

from __future__ import annotations

import random

from comeback.core import clock
from comeback.demo.seeding import DemoContext
from comeback.orders import demo as orders_demo
from comeback.orders.models import OrderLine
from comeback.passports import demo, selectors
from comeback.passports.handlers import passport_for_line
from comeback.passports.models import Passport
from tests.factories import OfferFactory, ProductModelFactory, SellerFactory, UserFactory, VariantFactory


def _ctx(phone, jacket):
    buyer = UserFactory(email=orders_demo.DEMO_BUYER)
    sellers = [SellerFactory(user=UserFactory(email=f"seller{i}@demo.comeback.test")) for i in range(1, 4)]
    phones = [phone.product] + [ProductModelFactory(category=phone.product.category) for _ in range(5)]
    offers = [
        OfferFactory(
            seller=sellers[i % 3], variant=phone if i == 0 else VariantFactory(product=p), quantity=5
        )
        for i, p in enumerate(phones)
    ]
    offers.append(OfferFactory(seller=sellers[1], variant=jacket, quantity=3, battery_health_min=None))
    return DemoContext(
        rng=random.Random(7),
        now=clock.now(),
        password="comeback-demo",
        show_progress=False,
        users={buyer.email: buyer},
        sellers={s.user.email: s for s in sellers},
        products=[*phones, jacket.product],
        offers=offers,
    )


def test_given_the_demo_orders_when_the_passports_hook_runs_then_every_shipped_unit_has_one(
    db, phone, jacket
):
    ctx = _ctx(phone, jacket)
    orders_demo.seed_demo(ctx)
    ctx.rng = random.Random(7)
    demo.seed_demo(ctx)

    shipped = OrderLine.objects.filter(shipped_at__isnull=False)
    assert shipped.count() >= 4
    assert all(passport_for_line(line.pk) is not None for line in shipped)
    garment = Passport.objects.get(product=jacket.product)
    doc = selectors.document(garment, "public")
    assert doc["care_instructions"] and doc["repair_instructions"] and doc["repairs"]
    assert doc["materials"] == [{"material": "cotton", "percent": 100}]
    life2 = Passport.objects.get(life=2)
    assert life2.previous.status == "superseded" and life2.imei == life2.previous.imei
    assert [
        k
        for k in ("traded_in", "data_wipes")
        if selectors.document(life2.previous, "public")["trade_ins" if k == "traded_in" else k]
    ] == ["traded_in", "data_wipes"]
    assert all(selectors.verify(p).ok for p in Passport.objects.all())


def test_given_the_same_seed_when_run_again_then_the_same_serials(db, phone, jacket):
    ctx = _ctx(phone, jacket)
    demo.seed_demo(ctx)
    first = sorted(Passport.objects.values_list("serial", flat=True))
    Passport.objects.filter(life=2).delete()
    Passport.objects.all().delete()
    ctx.rng = random.Random(7)
    demo.seed_demo(ctx)
    assert sorted(Passport.objects.values_list("serial", flat=True)) == first
