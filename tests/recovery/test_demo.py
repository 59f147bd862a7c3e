"""The recovery demo: after trade-in's demo, every collected device has a visible fate — some done,
some in progress — with the Buckle Up belt collection and certified recyclers, and passports that tell it."""

from __future__ import annotations

from collections import Counter

import pytest

from comeback.passports.models import PassportEvent
from comeback.recovery import selectors
from comeback.recovery.models import Collection, Recycler

DEMO_HOOKS = ("tradein", "recovery")  # run after the core demo by the shared `demo_seeded` fixture


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
