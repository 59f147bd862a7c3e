"""Avoided-impact factors: published values with source and year, estimates marked, lookup by category."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from comeback.passports import impact
from tests.factories import CategoryFactory


def test_given_a_smartphone_then_the_ademe_2022_factor():
    factor = impact.factor_for("smartphones")
    assert (factor.co2e_kg_per_year, factor.materials_kg_per_year, factor.year) == (Decimal("24.6"), Decimal("76.9"), 2022)
    assert "ADEME" in factor.source and not factor.estimate
    assert impact.factor_for("laptops").materials_kg_per_year == Decimal("127")


def test_given_a_sub_category_then_its_parents_factor_and_accessories_have_none(db):
    parent = CategoryFactory(slug="game-consoles", battery_floor=None)
    child = CategoryFactory(slug="handheld-consoles", parent=parent)
    assert impact.factor_for(child) == impact.FACTORS["game-consoles"] and impact.FACTORS["game-consoles"].estimate
    assert impact.factor_for(CategoryFactory(slug="watch-straps", battery_floor=None)) is None


def test_given_two_years_of_use_then_twice_the_yearly_factor():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    result = impact.avoided(impact.FACTORS["smartphones"], since=start, until=datetime(2027, 1, 1, 12, tzinfo=UTC))
    assert result.years_in_use == Decimal("2.00") and result.co2e_kg == Decimal("49.2")
    assert impact.avoided(impact.FACTORS["smartphones"], since=None, until=start).co2e_kg == 0
