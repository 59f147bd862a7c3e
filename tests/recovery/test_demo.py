"""The recovery demo: after trade-in's demo, every collected device has a visible fate — some done,
some in progress — with the Buckle Up belt collection and certified recyclers, and passports that tell it;
the upcycled phones become numbered belts of the Flip Buckle Belt edition."""

from __future__ import annotations

from collections import Counter

import pytest

from comeback.editions.models import Edition
from comeback.passports.models import PassportEvent
from comeback.recovery import selectors
from comeback.recovery.models import Collection, Recycler

# Run after the core demo by the shared `demo_seeded` fixture; editions makes pieces of what recovery upcycled.
DEMO_HOOKS = ("tradein", "recovery", "editions")


@pytest.mark.django_db
def test_given_the_demo_then_every_collected_device_has_a_visible_fate(demo_seeded):
    rows = selectors.inventory()
    assert rows and all(r.device is not None or r.awaiting_payout or r.age_days < 3 for r in rows)
    fates = Counter(r.route for r in rows if r.done)
    assert {"refurbish", "harvest", "upcycle", "recycle"} <= set(fates)
    assert any(not r.done for r in rows) and any(r.stale for r in rows)


@pytest.mark.django_db
def test_given_the_demo_then_the_belt_collection_and_certified_recyclers_exist_and_passports_tell_the_fates(
    demo_seeded,
):
    belt = Collection.objects.get(slug="buckle-up")
    assert "flip phone" in belt.description and belt.devices.exists()
    assert set(Recycler.objects.values_list("certification", flat=True)) >= {"weeelabex", "r2", "e_stewards"}
    kinds = set(PassportEvent.objects.filter(key__startswith="recovery:").values_list("kind", flat=True))
    assert {"harvested", "upcycled", "recycled", "refurbished", "graded", "listed"} <= kinds


@pytest.mark.django_db
def test_given_the_demo_then_the_belt_capsule_sells_numbered_belts_made_from_upcycled_phones(demo_seeded):
    belt = Edition.objects.get(collection__slug="buckle-up")
    items = list(belt.items.order_by("number"))
    assert belt.size == 50 and belt.made == len(items) >= 1
    assert [i.number for i in items] == list(range(1, len(items) + 1))
    assert all(i.donors.count() == 1 and i.offer.quantity == 1 for i in items)
    assert PassportEvent.objects.filter(kind="upcycled_into").count() == len(items)
