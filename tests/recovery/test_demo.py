"""The recovery demo: after trade-in's demo, every collected device has a visible fate — some done,
some in progress — with the Buckle Up belt collection and certified recyclers, and passports that tell it."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import transaction

from comeback.accounts.models import User
from comeback.catalog.models import ProductModel
from comeback.core import clock
from comeback.demo import seeding as demo
from comeback.passports.models import PassportEvent
from comeback.recovery import demo as recovery_demo
from comeback.recovery import selectors
from comeback.recovery.models import Collection, Recycler
from comeback.sellers.models import Seller
from comeback.tradein import demo as tradein_demo


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The core demo, trade-in's hook then ours; rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            demo.seed(hooks=False, show_progress=False)
            ctx = demo.DemoContext(
                rng=random.Random(demo.DEFAULT_SEED),
                now=clock.now(),
                password=demo.PASSWORD,
                show_progress=False,
                users={u.email: u for u in User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}")},
                sellers={
                    s.user.email: s
                    for s in Seller.objects.select_related("user").filter(
                        user__email__endswith=f"@{demo.DEMO_DOMAIN}"
                    )
                },
                products=list(
                    ProductModel.objects.filter(slug__in=demo.demo_product_slugs()).select_related("category")
                ),
            )
            tradein_demo.seed_demo(ctx)
            recovery_demo.seed_demo(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_given_the_demo_then_every_collected_device_has_a_visible_fate(seeded):
    rows = selectors.inventory()
    assert rows and all(r.device is not None or r.awaiting_payout or r.age_days < 3 for r in rows)
    fates = Counter(r.route for r in rows if r.done)
    assert {"refurbish", "harvest", "upcycle", "recycle"} <= set(fates)
    assert any(not r.done for r in rows) and any(r.stale for r in rows)


@pytest.mark.django_db
def test_given_the_demo_then_the_belt_collection_and_certified_recyclers_exist_and_passports_tell_the_fates(
    seeded,
):
    belt = Collection.objects.get(slug="buckle-up")
    assert "flip phone" in belt.description and belt.devices.exists()
    assert set(Recycler.objects.values_list("certification", flat=True)) >= {"weeelabex", "r2", "e_stewards"}
    kinds = set(PassportEvent.objects.filter(key__startswith="recovery:").values_list("kind", flat=True))
    assert {"harvested", "upcycled", "recycled", "refurbished", "graded", "listed"} <= kinds
