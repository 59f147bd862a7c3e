"""The garment questionnaire and its mapping to a condition tier (docs/fashion.md "Take-back").

A garment is not asked whether it powers on: its category's `tradein_questionnaire` is `garment`, so the
customer answers the overall condition, stains, holes, pilling, the size and whether the brand label is
still there. The answers map to the same four tiers buyback offers price, so take-back partners and resellers
price garments with the offers, capacity and quotes devices use:

| answers                                                       | tier      | shown as   |
|---------------------------------------------------------------|-----------|------------|
| a tear or large hole, or visible stains                       | broken    | damaged    |
| otherwise, a small hole, small stains, heavy pilling, or worn | used      | worn       |
| otherwise, light pilling, or condition very good or good      | good      | very good  |
| otherwise (new with tags or like new, no defect)              | flawless  | like new   |

The brand label does not change the tier; a missing label declared present is a ground for a counter-offer.

What cannot be resold as is gets a route (`route_for`, first match wins; the reseller may override it):

| # | found at inspection                                          | route                                  |
|---|--------------------------------------------------------------|----------------------------------------|
| 1 | like new or very good (tiers flawless, good)                 | resell                                 |
| 2 | worn: a small hole, small stains, heavy pilling, or worn     | repair, then resell                    |
| 3 | damaged (a tear or visible stains), not worn out             | upcycle (its fabric is worth reusing)  |
| 4 | damaged and worn out                                         | recycle textile-to-textile: the weight |
|   |                                                              | and the recycler's certificate         |
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core.problems import Invalid

from .models import CounterReason, GarmentCondition, Holes, Pilling, Route, Stains, Tier

SIZE_MAX_LENGTH = 20
FIELDS = ("condition", "stains", "holes", "pilling", "size", "brand_label")

# How a tier reads for a garment ("broken" is a device's word).
TIER_LABELS = {
    Tier.FLAWLESS: gettext_lazy("Like new"),
    Tier.GOOD: gettext_lazy("Very good"),
    Tier.USED: gettext_lazy("Worn"),
    Tier.BROKEN: gettext_lazy("Damaged"),
}


@dataclass(frozen=True)
class GarmentAnswers:
    condition: str
    stains: str
    holes: str
    pilling: str
    size: str
    brand_label: bool

    def as_dict(self) -> dict:
        return {
            "condition": self.condition,
            "stains": self.stains,
            "holes": self.holes,
            "pilling": self.pilling,
            "size": self.size,
            "brand_label": self.brand_label,
        }


def tier_for(a: GarmentAnswers) -> str:
    if a.holes == Holes.LARGE or a.stains == Stains.MAJOR:
        return Tier.BROKEN.value
    if (
        a.holes == Holes.SMALL
        or a.stains == Stains.MINOR
        or a.pilling == Pilling.HEAVY
        or a.condition == GarmentCondition.WORN
    ):
        return Tier.USED.value
    if a.pilling == Pilling.LIGHT or a.condition in (GarmentCondition.VERY_GOOD, GarmentCondition.GOOD):
        return Tier.GOOD.value
    return Tier.FLAWLESS.value


def parse(raw: dict, *, size_options: list[str], prefix: str = "answers") -> GarmentAnswers:
    """Validate the garment questionnaire: every missing or wrong answer is a 422 naming its field, and a
    device question (powers on, screen…) sent for a garment is refused rather than ignored."""
    errors = []

    def choice(name: str, choices) -> str:
        value = raw.get(name)
        if value not in choices.values:
            errors.append(
                {
                    "field": f"{prefix}.{name}",
                    "code": "invalid_choice",
                    "message": _("Choose one of: %s.") % ", ".join(choices.values),
                }
            )
        return value

    condition = choice("condition", GarmentCondition)
    stains = choice("stains", Stains)
    holes = choice("holes", Holes)
    pilling = choice("pilling", Pilling)
    size = raw.get("size")
    size = size.strip() if isinstance(size, str) else ""
    if size_options and size not in size_options:
        errors.append(
            {
                "field": f"{prefix}.size",
                "code": "unknown_size",
                "message": _("Choose the size: %s.") % ", ".join(size_options),
            }
        )
    elif not size or len(size) > SIZE_MAX_LENGTH:
        errors.append(
            {
                "field": f"{prefix}.size",
                "code": "size_required",
                "message": _("Give the size on the label (at most %d characters).") % SIZE_MAX_LENGTH,
            }
        )
    brand_label = raw.get("brand_label")
    if not isinstance(brand_label, bool):
        errors.append(
            {"field": f"{prefix}.brand_label", "code": "required_yes_no", "message": _("Answer yes or no.")}
        )
    for name, value in raw.items():
        if name not in FIELDS and value is not None:
            errors.append(
                {
                    "field": f"{prefix}.{name}",
                    "code": "not_asked_for_garments",
                    "message": _("A garment is not asked this question; leave it out."),
                }
            )
    if errors:
        raise Invalid(
            errors[0]["message"],
            code=errors[0]["code"] if len(errors) == 1 else "invalid_answers",
            errors=errors,
        )
    return GarmentAnswers(
        condition=condition,
        stains=stains,
        holes=holes,
        pilling=pilling,
        size=size,
        brand_label=brand_label,
    )


# Each counter-offer reason of a garment, the declared answers it contradicts, and what the inspector found.
COUNTER_REASONS = {
    CounterReason.STAINS_UNDECLARED: (
        lambda a: a.get("stains") in (Stains.NONE, Stains.MINOR),
        {"stains": Stains.MAJOR},
    ),
    CounterReason.HOLES_UNDECLARED: (
        lambda a: a.get("holes") in (Holes.NONE, Holes.SMALL),
        {"holes": Holes.LARGE},
    ),
    CounterReason.PILLING_UNDECLARED: (
        lambda a: a.get("pilling") in (Pilling.NONE, Pilling.LIGHT),
        {"pilling": Pilling.HEAVY},
    ),
    CounterReason.CONDITION_UNDECLARED: (
        lambda a: a.get("condition") != GarmentCondition.WORN,
        {"condition": GarmentCondition.WORN},
    ),
    CounterReason.LABEL_MISSING: (lambda a: a.get("brand_label") is True, {"brand_label": False}),
    CounterReason.DIFFERENT_MODEL: (lambda a: True, {}),
}


def reason_contradicts(reason: str, answers: dict) -> bool:
    """A garment's counter-offer reason is admissible only when the customer declared better (a device's
    reasons, such as a locked account, never apply to a garment)."""
    rule = COUNTER_REASONS.get(reason)
    return rule is not None and rule[0](answers)


def observed(reason: str) -> dict:
    rule = COUNTER_REASONS.get(reason)
    return dict(rule[1]) if rule else {}


def route_for(found: dict) -> tuple[str, str]:
    """The route of a garment from what the inspection found (or what was declared): (route, reason)."""
    try:
        tier = tier_for(GarmentAnswers(**{name: found.get(name) for name in FIELDS}))
    except TypeError:  # pragma: no cover - answers are always complete once parsed
        tier = Tier.BROKEN
    if tier in (Tier.FLAWLESS, Tier.GOOD):
        return Route.RESELL, "garment: like new or very good"
    if tier == Tier.USED:
        return Route.REPAIR, "garment: small defects, mended then resold"
    if found.get("condition") != GarmentCondition.WORN:
        return Route.UPCYCLE, "garment: damaged, its fabric is worth reusing"
    return Route.RECYCLE, "garment: worn out, textile-to-textile recycling"
