"""The EU energy label of smartphones and tablets (Commission Delegated Regulation (EU) 2023/1669, applying
from 20 June 2025): the facts printed on it that a buyer of a used device still cares about, kept per
product model (`ProductModel.energy_label`) and shown on the product page and in the unit's passport.

A model placed on the EU market before 20 June 2025 has no label; values we could not take from the
label or its EPREL registration are marked `estimated` and shown as estimates.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

REGULATION = "Commission Delegated Regulation (EU) 2023/1669"
APPLIES_FROM = "2025-06-20"
CATEGORIES = ("smartphones", "tablets")  # the label's scope, by our category slugs (and their children)
CLASSES = ("A", "B", "C", "D", "E")  # repairability and repeated-free-fall reliability classes
ENERGY_CLASSES = ("A", "B", "C", "D", "E", "F", "G")
IP_RATING = re.compile(r"^IP[0-6X][0-9X]$")
EPREL = re.compile(r"^[0-9]{4,10}$")
MAX_CYCLES = 10_000

FIELDS = {
    "energy_class": gettext_lazy("Energy efficiency class"),
    "repairability_class": gettext_lazy("Repairability class"),
    "battery_cycles": gettext_lazy("Battery endurance in cycles"),
    "battery_hours_per_cycle": gettext_lazy("Battery endurance per cycle (hours)"),
    "drop_class": gettext_lazy("Repeated free-fall reliability class"),
    "ip_rating": gettext_lazy("Protection against dust and water"),
    "eprel_registration": gettext_lazy("EPREL registration number"),
}


def applies_to(category) -> bool:
    seen = 0
    while category is not None and seen < 10:
        if category.slug in CATEGORIES:
            return True
        category, seen = category.parent, seen + 1
    return False


def check(label: dict | None, *, field: str = "energy_label") -> tuple[dict, list[dict]]:
    """The label cleaned, and the errors naming each field and rule (empty dict: no label)."""
    if not label:
        return {}, []
    if not isinstance(label, dict):
        return {}, [_error(field, "invalid_energy_label", _("The energy label is an object of its fields."))]
    errors: list[dict] = []
    out: dict = {}
    unknown = sorted(set(label) - set(FIELDS) - {"estimated"})
    for key in unknown:
        errors.append(_error(f"{field}.{key}", "unknown_field", _("“%s” is not a field of the label.") % key))
    for key, allowed in (
        ("repairability_class", CLASSES),
        ("drop_class", CLASSES),
        ("energy_class", ENERGY_CLASSES),
    ):
        value = label.get(key)
        if value in (None, ""):
            continue
        if value not in allowed:
            errors.append(
                _error(f"{field}.{key}", "invalid_class", _("A class is one of %s.") % ", ".join(allowed))
            )
        else:
            out[key] = value
    cycles = label.get("battery_cycles")
    if cycles not in (None, ""):
        if isinstance(cycles, bool) or not isinstance(cycles, int) or not 0 < cycles <= MAX_CYCLES:
            errors.append(
                _error(
                    f"{field}.battery_cycles",
                    "invalid_cycles",
                    _("Battery endurance is a whole number of cycles, 1 to %d.") % MAX_CYCLES,
                )
            )
        else:
            out["battery_cycles"] = cycles
    hours = label.get("battery_hours_per_cycle")
    if hours not in (None, ""):
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not 0 < hours < 1000:
            errors.append(
                _error(
                    f"{field}.battery_hours_per_cycle", "invalid_hours", _("Hours per cycle are positive.")
                )
            )
        else:
            out["battery_hours_per_cycle"] = hours
    for key, pattern, message in (
        ("ip_rating", IP_RATING, _("An IP rating reads like IP68 (IEC 60529).")),
        ("eprel_registration", EPREL, _("An EPREL registration number is 4 to 10 digits.")),
    ):
        value = label.get(key)
        if value in (None, ""):
            continue
        if not isinstance(value, str) or not pattern.match(value):
            errors.append(_error(f"{field}.{key}", f"invalid_{key}", message))
        else:
            out[key] = value
    if out:
        out["estimated"] = bool(label.get("estimated", False))
    return out, errors


def rows(label: dict | None) -> list[tuple[str, object]]:
    """(translated name, value) pairs to show, in the label's order."""
    return [(str(name), label[key]) for key, name in FIELDS.items() if label and key in label]


def _error(field: str, code: str, message: str) -> dict:
    return {"field": field, "code": code, "message": message}
