"""Avoided impact of using a second-hand unit instead of a new one, from published factors (docs/design.md §2
"Impact"). Shared: passports show it per unit, product pages per model (recovery/_impact.html), the
operator's page for a period (recovery.selectors.impact_summary), the repair app for repaired units.

A factor is per year of use, with its source and year; factors we could not source are marked as
estimates and shown as such. Categories are looked up by slug, then by their parents; a category with
no factor (accessories) shows no impact rather than a made-up one.

E-waste avoided is the unit's own mass (its catalogue weight): a unit kept in use is a unit not thrown
away. For a set of units sold, refurbished or repaired (`avoided_for_units`), each physical unit counts
once and for one year of use (ASSUMED_YEARS_OF_USE, the factors' unit): a unit refurbished and then sold
in the same period is one unit, not two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Source:
    """A published study a factor comes from, cited as its publisher titles it."""

    party: str  # who published it
    party_url: str
    title: str  # the title as published
    year: int
    url: str
    authors: str = ""

    @property
    def citation(self) -> str:
        return f"{self.party} ({self.year}), “{self.title}”" + (f", {self.authors}" if self.authors else "")


ADEME_2022 = Source(
    party="ADEME",
    party_url="https://www.ademe.fr/",
    title="Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés",
    year=2022,
    url="https://librairie.ademe.fr/dechets-economie-circulaire/"
    "5241-evaluation-de-l-impact-environnemental-d-un-ensemble-de-produits-reconditionnes.html",
    authors="study by the NégaOctet consortium (DDemain, EFL consulting, Bureau Veritas) for ADEME, September 2022",
)
WRAP_2017 = Source(
    party="WRAP",
    party_url="https://www.wrap.ngo/",
    title="Valuing Our Clothes: the cost of UK fashion",
    year=2017,
    url="",
)


@dataclass(frozen=True)
class Factor:
    """Avoided per year of use of a second-hand unit instead of a new one (Directive (EU) 2024/825: a
    figure says what it is, per what, compared with what, its source and year, and whether it is an
    estimate). `e_waste`: only electronics count their own mass as e-waste avoided."""

    category: str
    co2e_kg_per_year: Decimal
    materials_kg_per_year: Decimal
    source: Source
    estimate: bool = False
    note: object = ""  # a lazy translation
    e_waste: bool = True

    @property
    def year(self) -> int:
        return self.source.year

    @property
    def citation(self) -> str:
        return self.source.citation


SMARTPHONE_NOTE = _("ADEME's published smartphone result, refurbished versus new, per year of use.")
FACTORS: dict[str, Factor] = {
    f.category: f
    for f in [
        Factor("smartphones", Decimal("24.6"), Decimal("76.9"), ADEME_2022, note=SMARTPHONE_NOTE),
        Factor(
            "laptops",
            Decimal("27"),
            Decimal("127"),
            ADEME_2022,
            note=_("ADEME's published laptop result, refurbished versus new, per year of use."),
        ),
        Factor(
            "tablets",
            Decimal("20"),
            Decimal("80"),
            ADEME_2022,
            note=_("ADEME's published tablet result, refurbished versus new, per year of use."),
        ),
        Factor(
            "smartwatches",
            Decimal("6"),
            Decimal("20"),
            ADEME_2022,
            estimate=True,
            note=_(
                "Our estimate, scaled from ADEME's smartphone result by typical mass (ADEME did not study watches)."
            ),
        ),
        Factor(
            "earphones",
            Decimal("3"),
            Decimal("8"),
            ADEME_2022,
            estimate=True,
            note=_(
                "Our estimate, scaled from ADEME's smartphone result by typical mass (ADEME did not study "
                "earphones)."
            ),
        ),
        Factor(
            "game-consoles",
            Decimal("20"),
            Decimal("60"),
            ADEME_2022,
            estimate=True,
            note=_(
                "Our estimate, scaled from ADEME's laptop result, as ADEME's own annex extrapolates consoles "
                "from laptops."
            ),
        ),
        Factor(
            "jackets",
            Decimal("8"),
            Decimal("1"),
            WRAP_2017,
            estimate=True,
            e_waste=False,
            note=_(
                "Our estimate from WRAP's finding that nine more months of active life cut a garment's carbon, "
                "water and waste footprints by 20 to 30 percent: about a quarter of a new jacket's footprint per extra year."
            ),
        ),
    ]
}

ONE_PLACE = Decimal("0.1")


# Garments: per garment bought second-hand instead of new ------------------------------------------------
ADEME_2018 = Source(
    party="ADEME",
    party_url="https://www.ademe.fr/",
    title="Modélisation et évaluation environnementale de produits de consommation et biens d'équipement",
    year=2018,
    url="https://librairie.ademe.fr/dechets-economie-circulaire/"
    "127-modelisation-et-evaluation-environnementale-de-produits-de-consommation-et-biens-d-equipement.html",
    authors="figures as ADEME publishes them in its Impact CO2 data (impactco2.fr)",
)


@dataclass(frozen=True)
class ItemFactor:
    """What buying one second-hand item of a category instead of a new one avoids: the new item's footprint
    of raw materials, making and distribution (its use and end of life happen either way). Per item, not per
    year of use; never e-waste (a garment is not electronics). It assumes the second-hand item is bought
    instead of a new one, which the figure's wording says."""

    category: str
    co2e_kg_per_item: Decimal
    source: Source
    note: object  # a lazy translation: which of the source's items the figure is
    estimate: bool = False  # the source's figure is for a close item, not this category as a whole
    e_waste: bool = False

    @property
    def year(self) -> int:
        return self.source.year

    @property
    def citation(self) -> str:
        return self.source.citation


# ADEME's figures, kg CO2e per item: raw materials + making + distribution, summed from its published stages.
ITEM_FACTORS: dict[str, ItemFactor] = {
    f.category: f
    for f in [
        ItemFactor("jeans", Decimal("22.7"), ADEME_2018, _("ADEME's figure for a pair of jeans.")),
        ItemFactor(
            "jackets",
            Decimal("38.7"),
            ADEME_2018,
            _("ADEME's figure for a waterproof jacket, used for every jacket."),
            estimate=True,
        ),
        ItemFactor(
            "knitwear",
            Decimal("52.9"),
            ADEME_2018,
            _("ADEME's figure for a wool jumper, used for all knitwear."),
            estimate=True,
        ),
        ItemFactor(
            "dresses",
            Decimal("48.7"),
            ADEME_2018,
            _("ADEME's figure for a cotton dress, used for every dress."),
            estimate=True,
        ),
        ItemFactor(
            "shoes",
            Decimal("13.4"),
            ADEME_2018,
            _("ADEME's figure for a pair of leather shoes, the lowest of its three shoe figures."),
            estimate=True,
        ),
    ]
}


def item_factor_for(category) -> ItemFactor | None:
    """The per-item factor of a category whose items are garments (its condition scheme has textile facts),
    else of its nearest parent that has one; None for bags (no published figure) and for devices."""
    if category is None or isinstance(category, str) or not category.conditions.textile_facts:
        return None
    seen = 0
    while category is not None and seen < 10:
        if category.slug in ITEM_FACTORS:
            return ITEM_FACTORS[category.slug]
        category, seen = category.parent, seen + 1
    return None


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


GRAMS_PER_KG = Decimal(1000)
ASSUMED_YEARS_OF_USE = Decimal(
    1
)  # each unit sold, refurbished or repaired counts one year of use (the factors' unit)


def e_waste_kg(weight_grams: int | None) -> Decimal | None:
    """The e-waste a unit kept in use avoids: its own mass in kg (to the gram); unknown without a weight."""
    if weight_grams is None or isinstance(weight_grams, bool) or weight_grams <= 0:
        return None
    return (Decimal(weight_grams) / GRAMS_PER_KG).quantize(Decimal("0.001"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Avoided:
    factor: Factor
    years_in_use: Decimal
    co2e_kg: Decimal
    materials_kg: Decimal
    e_waste_kg: Decimal | None = None


def avoided(
    factor: Factor, *, since: datetime | None, until: datetime, weight_grams: int | None = None
) -> Avoided:
    """What a unit in use since `since` has avoided up to `until` (nothing before it is in use); with the
    unit's weight, also the e-waste it avoids (once it is in use)."""
    years = Decimal(0)
    if since is not None and until > since:
        years = (Decimal((until - since).total_seconds()) / Decimal(365.25 * 86400)).quantize(Decimal("0.01"))
    return Avoided(
        factor=factor,
        years_in_use=years,
        co2e_kg=(factor.co2e_kg_per_year * years).quantize(ONE_PLACE, ROUND_HALF_UP),
        materials_kg=(factor.materials_kg_per_year * years).quantize(ONE_PLACE, ROUND_HALF_UP),
        e_waste_kg=e_waste_kg(weight_grams) if since is not None and factor.e_waste else None,
    )


@dataclass(frozen=True)
class PerUnit:
    """A product model's avoided impact per unit and year of use (the product page's figure)."""

    factor: Factor
    co2e_kg_per_year: Decimal
    materials_kg_per_year: Decimal
    e_waste_kg: Decimal | None


def per_unit(product) -> PerUnit | None:
    """Per unit of a product model: its category's factor and its weight as e-waste avoided; None without
    a factor."""
    factor = factor_for(product.category)
    if factor is None:
        return None
    return PerUnit(
        factor=factor,
        co2e_kg_per_year=factor.co2e_kg_per_year,
        materials_kg_per_year=factor.materials_kg_per_year,
        # Only a scheme that counts e-waste (electronics, catalog/conditions.py) shows it: never a garment.
        e_waste_kg=e_waste_kg(product.weight_grams)
        if factor.e_waste and product.category.conditions.e_waste
        else None,
    )


# A set of units -----------------------------------------------------------------------------------

SOLD, REPAIRED, REFURBISHED = "sold", "repaired", "refurbished"
ACTIVITIES = (SOLD, REPAIRED, REFURBISHED)  # a unit in several counts under the first


@dataclass(frozen=True)
class Unit:
    """One physical unit given another life: `key` identifies it (e.g. model + IMEI) so it counts once."""

    category: object  # a Category or a slug
    weight_grams: int | None
    activity: str
    key: str = ""
    years: Decimal = ASSUMED_YEARS_OF_USE


@dataclass
class Line:
    """Units of one activity under one factor: the arithmetic shown beside its source."""

    activity: str
    factor: Factor
    units: int = 0
    years: Decimal = Decimal(0)
    co2e_kg: Decimal = Decimal(0)
    materials_kg: Decimal = Decimal(0)
    e_waste_kg: Decimal = Decimal(0)


@dataclass
class Totals:
    units: int = 0
    co2e_kg: Decimal = Decimal(0)
    materials_kg: Decimal = Decimal(0)
    e_waste_kg: Decimal = Decimal(0)
    units_without_factor: int = 0
    units_without_weight: int = 0
    by_activity: dict[str, int] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)

    @property
    def sources(self) -> list[tuple[str, int]]:
        """Each source cited once, with its year."""
        return sorted(
            {(line.factor.citation, line.factor.year) for line in self.lines}, key=lambda s: (-s[1], s[0])
        )


def avoided_for_units(units: Iterable[Unit]) -> Totals:
    """Avoided CO2e, raw materials and e-waste of units sold, refurbished or repaired.

    Each unit: CO2e and materials = its category's factor × its years of use; e-waste = its weight. A unit
    whose key was already counted is skipped (the first activity in ACTIVITIES order wins); units without a
    factor are counted apart, never given a made-up impact. Totals are rounded once, at the end.
    """
    chosen: dict[str, Unit] = {}
    anonymous: list[Unit] = []
    for unit in units:
        if unit.activity not in ACTIVITIES:
            raise ValueError(f"unknown activity {unit.activity!r}")
        if not unit.key:
            anonymous.append(unit)
            continue
        held = chosen.get(unit.key)
        if held is None or ACTIVITIES.index(unit.activity) < ACTIVITIES.index(held.activity):
            chosen[unit.key] = unit
    totals = Totals(by_activity={a: 0 for a in ACTIVITIES})
    lines: dict[tuple[str, str], Line] = {}
    for unit in [*chosen.values(), *anonymous]:
        totals.units += 1
        totals.by_activity[unit.activity] += 1
        factor = factor_for(unit.category)
        if factor is None:
            totals.units_without_factor += 1
            continue
        line = lines.setdefault((unit.activity, factor.category), Line(activity=unit.activity, factor=factor))
        line.units += 1
        line.years += unit.years
        line.co2e_kg += factor.co2e_kg_per_year * unit.years
        line.materials_kg += factor.materials_kg_per_year * unit.years
        waste = e_waste_kg(unit.weight_grams) if factor.e_waste else Decimal(0)
        if waste is None:
            totals.units_without_weight += 1
        else:
            line.e_waste_kg += waste
    for line in lines.values():
        totals.co2e_kg += line.co2e_kg
        totals.materials_kg += line.materials_kg
        totals.e_waste_kg += line.e_waste_kg
        line.co2e_kg = line.co2e_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
        line.materials_kg = line.materials_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
        line.e_waste_kg = line.e_waste_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
    totals.co2e_kg = totals.co2e_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
    totals.materials_kg = totals.materials_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
    totals.e_waste_kg = totals.e_waste_kg.quantize(ONE_PLACE, ROUND_HALF_UP)
    totals.lines = sorted(lines.values(), key=lambda ln: (ACTIVITIES.index(ln.activity), ln.factor.category))
    return totals
