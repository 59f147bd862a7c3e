"""Avoided impact of using a second-hand unit instead of a new one, from published factors (DESIGN.md §2
"Impact"). Shared: passports show it per unit, the repair app reuses it for repaired units.

A factor is per year of use, with its source and year; factors we could not source are marked as
estimates and shown as such. Categories are looked up by slug, then by their parents; a category with
no factor (accessories) shows no impact rather than a made-up one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

ADEME_2022 = ("ADEME (2022), Évaluation environnementale et économique du reconditionnement de biens "
              "d'équipement électriques et électroniques — refurbished vs new, per year of use")
WRAP_2017 = ("WRAP (2017), Valuing Our Clothes: the cost of UK fashion — extending a garment's active life "
             "by 9 months cuts its carbon, water and waste footprints by 20–30%")


@dataclass(frozen=True)
class Factor:
    category: str
    co2e_kg_per_year: Decimal
    materials_kg_per_year: Decimal
    source: str
    year: int
    estimate: bool = False
    url: str = ""
    note: str = ""


FACTORS: dict[str, Factor] = {f.category: f for f in [
    Factor("smartphones", Decimal("24.6"), Decimal("76.9"), ADEME_2022, 2022),
    Factor("laptops", Decimal("27"), Decimal("127"), ADEME_2022, 2022,
           note="Rounded from the study's laptop results."),
    Factor("tablets", Decimal("20"), Decimal("60"), ADEME_2022, 2022, estimate=True,
           note="Comeback estimate between ADEME's smartphone and laptop factors, by typical mass."),
    Factor("smartwatches", Decimal("6"), Decimal("20"), ADEME_2022, 2022, estimate=True,
           note="Comeback estimate scaled from ADEME's smartphone factor by typical mass."),
    Factor("earphones", Decimal("3"), Decimal("8"), ADEME_2022, 2022, estimate=True,
           note="Comeback estimate scaled from ADEME's smartphone factor by typical mass."),
    Factor("game-consoles", Decimal("20"), Decimal("60"), ADEME_2022, 2022, estimate=True,
           note="Comeback estimate scaled from ADEME's laptop factor by typical mass."),
    Factor("jackets", Decimal("8"), Decimal("1"), WRAP_2017, 2017, estimate=True,
           note="Comeback estimate: about a quarter of a new jacket's footprint per extra year of wear."),
]}

ONE_PLACE = Decimal("0.1")


def factor_for(category) -> Factor | None:
    """The factor of a category (a Category or a slug), else of its nearest parent that has one."""
    seen = 0
    while category is not None and seen < 10:
        slug = category if isinstance(category, str) else category.slug
        if slug in FACTORS:
            return FACTORS[slug]
        category = None if isinstance(category, str) else category.parent
        seen += 1
    return None


@dataclass(frozen=True)
class Avoided:
    factor: Factor
    years_in_use: Decimal
    co2e_kg: Decimal
    materials_kg: Decimal


def avoided(factor: Factor, *, since: datetime | None, until: datetime) -> Avoided:
    """What a unit in use since `since` has avoided up to `until` (nothing before it is in use)."""
    years = Decimal(0)
    if since is not None and until > since:
        years = (Decimal((until - since).total_seconds()) / Decimal(365.25 * 86400)).quantize(Decimal("0.01"))
    return Avoided(
        factor=factor, years_in_use=years,
        co2e_kg=(factor.co2e_kg_per_year * years).quantize(ONE_PLACE, ROUND_HALF_UP),
        materials_kg=(factor.materials_kg_per_year * years).quantize(ONE_PLACE, ROUND_HALF_UP),
    )
