"""The avoided impact of a period (recovery.selectors.impact_summary) and the product page's include."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.template import Context, Template

from comeback.core import clock
from comeback.recovery import selectors, services
from tests.factories import CategoryFactory, ProductModelFactory
from tests.tradein.factories import phone

from .factories import collected, op, recycler


def test_given_devices_refurbished_and_recycled_in_a_period_then_the_summary_counts_them(refurbisher):
    product = phone()
    fixed, gone = (
        collected(refurbisher, "refurbish", product=product),
        collected(refurbisher, "recycle", product=product),
    )
    services.start_refurbishing(op=op(refurbisher), ref=fixed.ref)
    services.finish_refurbishing(
        op=op(refurbisher),
        ref=fixed.ref,
        result=services.Refurbishment(grade="good", battery_health=90, operations=["Clean"]),
    )
    services.hand_to_recycler(op=op(refurbisher), ref=gone.ref, recycler_id=recycler().pk, weight_grams=180)
    services.confirm_recycled(op=op(refurbisher), ref=gone.ref, certificate_ref="COT-1")
    now = clock.now()
    summary = selectors.impact_summary(since=now - timedelta(days=1), until=now + timedelta(minutes=1))
    t = summary.totals
    assert (t.units, t.by_activity["refurbished"], t.co2e_kg, t.materials_kg, t.e_waste_kg) == (
        1,
        1,
        Decimal("24.6"),
        Decimal("76.9"),
        Decimal("0.2"),
    )
    assert (summary.recycled_kg, summary.upcycled, summary.harvested) == (0.2, 0, 0)
    assert (
        selectors.impact_summary(
            since=now - timedelta(days=1), until=now + timedelta(minutes=1), market="DE"
        ).totals.units
        == 0
    )
    assert (
        selectors.impact_summary(since=now - timedelta(days=9), until=now - timedelta(days=1)).totals.units
        == 0
    )


def test_given_a_product_page_when_the_impact_include_renders_then_it_cites_its_source(db):
    product = ProductModelFactory(category=CategoryFactory(slug="smartphones"), weight_grams=174)
    html = Template('{% include "recovery/_impact.html" with product=product %}').render(
        Context({"product": product})
    )
    assert "24.6 kg" in html and "76.9 kg" in html and "0.17 kg" in html
    assert "ADEME (2022)" in html and "(2022)" in html
    strap = ProductModelFactory(category=CategoryFactory(slug="watch-straps", battery_floor=None))
    assert "impact" not in Template('{% include "recovery/_impact.html" with product=product %}').render(
        Context({"product": strap})
    )
