"""Avoided-impact factors: published values with source and year, estimates marked, lookup by category."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comeback.passports import impact
from tests.factories import CategoryFactory


def test_given_a_smartphone_then_the_ademe_2022_factor():
    factor = impact.factor_for("smartphones")
    assert (factor.co2e_kg_per_year, factor.materials_kg_per_year, factor.year) == (
        Decimal("24.6"),
        Decimal("76.9"),
        2022,
    )
    assert "ADEME" in factor.citation and not factor.estimate
    assert impact.factor_for("laptops").materials_kg_per_year == Decimal("127")


def test_given_a_sub_category_then_its_parents_factor_and_accessories_have_none(db):
    parent = CategoryFactory(slug="game-consoles", battery_floor=None)
    child = CategoryFactory(slug="handheld-consoles", parent=parent)
    assert (
        impact.factor_for(child) == impact.FACTORS["game-consoles"]
        and impact.FACTORS["game-consoles"].estimate
    )
    assert impact.factor_for(CategoryFactory(slug="watch-straps", battery_floor=None)) is None


def test_given_two_years_of_use_then_twice_the_yearly_factor():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    result = impact.avoided(
        impact.FACTORS["smartphones"], since=start, until=datetime(2027, 1, 1, 12, tzinfo=UTC)
    )
    assert result.years_in_use == Decimal("2.00") and result.co2e_kg == Decimal("49.2")
    assert impact.avoided(impact.FACTORS["smartphones"], since=None, until=start).co2e_kg == 0


# E-waste and sets of units --------------------------------------------------------


def test_given_a_weight_then_the_e_waste_avoided_is_the_unit_itself_in_kg():
    assert impact.e_waste_kg(174) == Decimal("0.174")
    assert impact.e_waste_kg(None) is None and impact.e_waste_kg(0) is None
    start = datetime(2025, 1, 1, tzinfo=UTC)
    assert impact.avoided(
        impact.FACTORS["laptops"], since=start, until=start, weight_grams=1290
    ).e_waste_kg == Decimal("1.290")
    assert (
        impact.avoided(impact.FACTORS["laptops"], since=None, until=start, weight_grams=1290).e_waste_kg
        is None
    )


def test_given_a_product_then_its_per_unit_impact_cites_the_factor(db):
    from tests.factories import ProductModelFactory

    phone = ProductModelFactory(category=CategoryFactory(slug="smartphones"), weight_grams=204)
    per = impact.per_unit(phone)
    assert (per.co2e_kg_per_year, per.materials_kg_per_year, per.e_waste_kg) == (
        Decimal("24.6"),
        Decimal("76.9"),
        Decimal("0.204"),
    )
    assert per.factor.year == 2022 and "ADEME" in per.factor.citation
    strap = ProductModelFactory(
        category=CategoryFactory(slug="watch-straps", battery_floor=None), weight_grams=20
    )
    assert impact.per_unit(strap) is None


def test_given_phones_and_a_laptop_sold_refurbished_and_repaired_then_each_unit_counts_once():
    units = [
        impact.Unit("smartphones", 170, impact.SOLD, key="p:1"),
        impact.Unit(
            "smartphones", 170, impact.REFURBISHED, key="p:1"
        ),  # the same phone: counted once, as sold
        impact.Unit("smartphones", 200, impact.REPAIRED, key="p:2"),
        impact.Unit("laptops", 1290, impact.REFURBISHED, key="l:1"),
        impact.Unit("watch-straps", 20, impact.SOLD),  # no factor: counted apart, no made-up impact
        impact.Unit("laptops", None, impact.SOLD),  # no weight: no e-waste figure for it
    ]
    totals = impact.avoided_for_units(units)
    assert totals.units == 5 and totals.units_without_factor == 1 and totals.units_without_weight == 1
    assert totals.by_activity == {"sold": 3, "repaired": 1, "refurbished": 1}
    assert totals.co2e_kg == Decimal("24.6") * 2 + Decimal("27") * 2  # 103.2
    assert totals.materials_kg == Decimal("76.9") * 2 + Decimal("127") * 2  # 407.8
    assert totals.e_waste_kg == Decimal("1.7")  # 0.170 + 0.200 + 1.290 = 1.66, rounded once at the end
    assert [(ln.activity, ln.factor.category, ln.units) for ln in totals.lines] == [
        ("sold", "laptops", 1),
        ("sold", "smartphones", 1),
        ("repaired", "smartphones", 1),
        ("refurbished", "laptops", 1),
    ]
    assert totals.sources == [(impact.ADEME_2022.citation, 2022)]


def test_given_an_unknown_activity_then_refused():
    with pytest.raises(ValueError):
        impact.avoided_for_units([impact.Unit("smartphones", 170, "lost")])


@given(phones=st.integers(0, 300), laptops=st.integers(0, 300), grams=st.integers(1, 3000))
def test_property_totals_are_the_factor_times_the_units(phones, laptops, grams):
    units = [impact.Unit("smartphones", grams, impact.SOLD, key=f"p{i}") for i in range(phones)]
    units += [impact.Unit("laptops", grams, impact.REPAIRED, key=f"l{i}") for i in range(laptops)]
    totals = impact.avoided_for_units(units)
    assert totals.units == phones + laptops
    assert totals.co2e_kg == (Decimal("24.6") * phones + Decimal("27") * laptops).quantize(Decimal("0.1"))
    assert totals.materials_kg == (Decimal("76.9") * phones + Decimal("127") * laptops).quantize(
        Decimal("0.1")
    )
    exact = Decimal(grams) / 1000 * (phones + laptops)
    assert abs(totals.e_waste_kg - exact) <= Decimal("0.05")


def test_given_the_ademe_study_then_it_is_cited_by_its_published_title():
    citation = impact.FACTORS["smartphones"].citation
    assert "Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés" in citation
    assert citation.startswith("ADEME (2022)")


def test_given_a_garment_then_no_e_waste_is_claimed_only_electronics_carry_it():
    jacket = impact.FACTORS["jackets"]
    start = datetime(2027, 1, 1, tzinfo=UTC)
    assert (
        impact.avoided(jacket, since=start, until=start.replace(year=2028), weight_grams=900).e_waste_kg
        is None
    )
    totals = impact.avoided_for_units([impact.Unit("jackets", 900, impact.SOLD)])
    assert totals.e_waste_kg == 0 and totals.units_without_weight == 0
    assert all(f.e_waste for f in impact.FACTORS.values() if f.category != "jackets")


def test_given_every_factor_then_it_says_whether_it_is_an_estimate_and_why():
    for factor in impact.FACTORS.values():
        assert factor.year and factor.source.party
        assert factor.note, factor.category  # what the figure is, or how we estimated it
