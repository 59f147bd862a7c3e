"""Condition schemes: how the items of a category are graded (docs/design.md §2 Grades, docs/fashion.md).

A category names its scheme (`Category.condition_scheme`); nothing else decides which grades an offer may
carry, whether it states a battery, claims to be fully functional, counts e-waste or gets the commercial
device warranty wording. A scheme is a table entry here, read by the services, the storefront and the API:
adding one is adding an entry (and its words to the translations), never an `if phone` elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConditionGrade:
    code: str
    label: str
    description: str
    battery_min: int | None = None  # least battery health an offer of this grade states (Premium: 90)


@dataclass(frozen=True)
class DefectKind:
    code: str
    label: str


@dataclass(frozen=True)
class ConditionScheme:
    code: str
    label: str
    grades: tuple[ConditionGrade, ...]  # best first
    has_battery: bool  # offers may state a battery health (the category's floor still decides)
    functional_claim: bool  # "every grade is 100% functional" may be said
    e_waste: bool  # avoided e-waste may be counted for its units
    commercial_warranty: bool  # the offer's commercial warranty (≥ 12 months) is promised and shown
    defects: tuple[DefectKind, ...] = ()  # what a seller discloses, each with a photo of it
    size_guides: bool = False  # its products may have a brand's size guide (catalog/sizes.py)
    textile_facts: bool = False  # its models carry fibres, manufacturing stages and care (catalog/textile.py)
    identified_units: bool = True  # a shipped unit names its IMEI or maker's serial (a garment has neither)

    @property
    def codes(self) -> list[str]:
        return [g.code for g in self.grades]

    def grade(self, code: str) -> ConditionGrade | None:
        return next((g for g in self.grades if g.code == code), None)


DEVICE = ConditionScheme(
    code="device",
    label=_("Electronics"),
    grades=(
        ConditionGrade(
            "premium", _("Premium"), _("Flawless, genuine parts, battery at least 90% at delivery."), 90
        ),
        ConditionGrade("excellent", _("Excellent"), _("Micro-scratches invisible at 20 cm.")),
        ConditionGrade("good", _("Good"), _("Light marks invisible at 50 cm.")),
        ConditionGrade("fair", _("Fair"), _("Visible scratches or dents.")),
    ),
    has_battery=True,
    functional_claim=True,
    e_waste=True,
    commercial_warranty=True,
)

APPAREL = ConditionScheme(
    code="apparel",
    label=_("Clothing, shoes and bags"),
    grades=(
        ConditionGrade(
            "new_with_tags", _("New with tags"), _("Never worn, with its original tags attached.")
        ),
        ConditionGrade("like_new", _("Like new"), _("Worn once or twice; no sign of wear, no defect.")),
        ConditionGrade(
            "very_good",
            _("Very good"),
            _("Lightly worn; slight signs of wear, every one disclosed with a photo."),
        ),
        ConditionGrade(
            "good",
            _("Good"),
            _(
                "Worn with visible signs of wear (pilling, fading, a repair), every one disclosed with a photo."
            ),
        ),
    ),
    has_battery=False,
    functional_claim=False,
    e_waste=False,
    commercial_warranty=False,
    size_guides=True,
    textile_facts=True,
    identified_units=False,
    defects=(
        DefectKind("stain", _("Stain")),
        DefectKind("pilling", _("Pilling")),
        DefectKind("repair", _("Repair")),
        DefectKind("hole", _("Hole or tear")),
        DefectKind("fading", _("Fading")),
        DefectKind("other", _("Other defect")),
    ),
)

# Straps, cases and chargers: sold new, in their packaging, as well as used (docs/fashion.md "Customisation").
ACCESSORY = ConditionScheme(
    code="accessory",
    label=_("Accessories"),
    grades=(
        ConditionGrade("new", _("New"), _("Never used, in its original packaging.")),
        ConditionGrade("excellent", _("Excellent"), _("Used; micro-scratches invisible at 20 cm.")),
        ConditionGrade("good", _("Good"), _("Used; light marks invisible at 50 cm.")),
        ConditionGrade("fair", _("Fair"), _("Used; visible scratches or wear.")),
    ),
    has_battery=False,
    functional_claim=True,
    e_waste=False,
    commercial_warranty=True,
)

SCHEMES: dict[str, ConditionScheme] = {s.code: s for s in (DEVICE, APPAREL, ACCESSORY)}
DEFAULT_SCHEME = DEVICE.code

# Every grade code of every scheme, each once, in scheme order (a code may serve two schemes: "good").
ALL_GRADES: list[str] = list(dict.fromkeys(code for s in SCHEMES.values() for code in s.codes))
# One best-to-least order for lists that mix schemes (search facets, cards, a variant's best offers), true
# within each scheme: new, premium, excellent, new with tags, like new, very good, good, fair.
DISPLAY_ORDER: list[str] = [
    "new",
    "premium",
    "excellent",
    "new_with_tags",
    "like_new",
    "very_good",
    "good",
    "fair",
]
assert sorted(DISPLAY_ORDER) == sorted(ALL_GRADES), "every grade has its place in DISPLAY_ORDER"
assert all([c for c in DISPLAY_ORDER if c in s.codes] == s.codes for s in SCHEMES.values()), (
    "DISPLAY_ORDER keeps each scheme's own order"
)

DEFECT_CHOICES: list[tuple[str, str]] = list(
    {d.code: (d.code, d.label) for s in SCHEMES.values() for d in s.defects}.values()
)
DEFECT_KINDS: list[str] = [code for code, _label in DEFECT_CHOICES]


def scheme(code: str | None) -> ConditionScheme:
    """The scheme of that code; an unknown or empty code reads as the default (devices)."""
    return SCHEMES.get(code or DEFAULT_SCHEME, DEVICE)


def of_category(category) -> ConditionScheme:
    return scheme(getattr(category, "condition_scheme", None))


def grade_label(code: str) -> str:
    """A grade's name in the active language, whatever its scheme (the first scheme that has it)."""
    for s in SCHEMES.values():
        g = s.grade(str(code))
        if g is not None:
            return str(g.label)
    return str(code).replace("_", " ").title()


def grade_description(code: str, scheme_code: str | None = None) -> str:
    s = scheme(scheme_code) if scheme_code else None
    for candidate in [s] if s else SCHEMES.values():
        g = candidate.grade(str(code))
        if g is not None:
            return str(g.description)
    return ""


def defect_label(code: str) -> str:
    for s in SCHEMES.values():
        for d in s.defects:
            if d.code == code:
                return str(d.label)
    return str(code)
