"""A garment's textile facts, kept per product model (`ProductModel.textile`): what it is made of, where
each manufacturing stage happened and how to care for it (docs/passports.md "The garment passport").

They are the same for every unit of a model, so the catalogue holds them and every unit's passport shows
them. Only a category whose condition scheme says so (`ConditionScheme.textile_facts`: clothing, shoes and
bags) carries them; nothing here asks "is it a jacket".

The vocabularies are closed sets, laid out so that the EU textile rules can map onto them (the mapping
table is in docs/passports.md): fibre names from Regulation (EU) No 1007/2011 Annex I (plus leather for
shoes and bags), the four manufacturing stages a future ESPR textile act is expected to ask the country of,
and the ISO 3758:2023 care symbols as codes with their meaning in words.

Shape, as stored and as the API takes it:

    {"composition": [{"part": "main", "fibres": [{"fibre": "cotton", "percent": 98},
                                                 {"fibre": "elastane", "percent": 2}]}],
     "stages": {"spinning": "IN", "weaving_knitting": "TR", "dyeing_finishing": "TR", "making_up": "PT"},
     "care": {"washing": "wash_30_mild", "bleaching": "no_bleach", "drying": "no_tumble",
              "ironing": "iron_low", "professional": "dry_clean_p"}}
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import locales

# Fibre names (Regulation (EU) No 1007/2011, Annex I), and leather, which shoes and bags are made of.
FIBRES = {
    "cotton": gettext_lazy("Cotton"),
    "linen": gettext_lazy("Linen"),
    "hemp": gettext_lazy("Hemp"),
    "wool": gettext_lazy("Wool"),
    "cashmere": gettext_lazy("Cashmere"),
    "alpaca": gettext_lazy("Alpaca"),
    "mohair": gettext_lazy("Mohair"),
    "silk": gettext_lazy("Silk"),
    "viscose": gettext_lazy("Viscose"),
    "modal": gettext_lazy("Modal"),
    "lyocell": gettext_lazy("Lyocell"),
    "acetate": gettext_lazy("Acetate"),
    "polyester": gettext_lazy("Polyester"),
    "polyamide": gettext_lazy("Polyamide"),
    "acrylic": gettext_lazy("Acrylic"),
    "polypropylene": gettext_lazy("Polypropylene"),
    "elastane": gettext_lazy("Elastane"),
    "leather": gettext_lazy("Leather"),
    "other": gettext_lazy("Other fibres"),
}
# The components a composition is given for (Regulation (EU) No 1007/2011 Art. 11; Directive 94/11/EC for
# the upper and sole of shoes).
PARTS = {
    "main": gettext_lazy("Main fabric"),
    "lining": gettext_lazy("Lining"),
    "padding": gettext_lazy("Padding"),
    "upper": gettext_lazy("Upper"),
    "sole": gettext_lazy("Sole"),
}
STAGES = {
    "spinning": gettext_lazy("Spinning"),
    "weaving_knitting": gettext_lazy("Weaving or knitting"),
    "dyeing_finishing": gettext_lazy("Dyeing and finishing"),
    "making_up": gettext_lazy("Making-up"),
}
# ISO 3758:2023 care symbols, in the standard's order of groups; each code with what the symbol says.
CARE = {
    "washing": {
        "wash_95": gettext_lazy("Wash at 95 °C, normal process"),
        "wash_60": gettext_lazy("Wash at 60 °C, normal process"),
        "wash_60_mild": gettext_lazy("Wash at 60 °C, mild process"),
        "wash_40": gettext_lazy("Wash at 40 °C, normal process"),
        "wash_40_mild": gettext_lazy("Wash at 40 °C, mild process"),
        "wash_40_very_mild": gettext_lazy("Wash at 40 °C, very mild process"),
        "wash_30": gettext_lazy("Wash at 30 °C, normal process"),
        "wash_30_mild": gettext_lazy("Wash at 30 °C, mild process"),
        "wash_30_very_mild": gettext_lazy("Wash at 30 °C, very mild process"),
        "hand_wash": gettext_lazy("Hand wash, at most 40 °C"),
        "no_wash": gettext_lazy("Do not wash"),
    },
    "bleaching": {
        "any_bleach": gettext_lazy("Any bleaching agent allowed"),
        "oxygen_bleach": gettext_lazy("Only oxygen or non-chlorine bleach"),
        "no_bleach": gettext_lazy("Do not bleach"),
    },
    "drying": {
        "tumble_normal": gettext_lazy("Tumble dry, normal temperature"),
        "tumble_low": gettext_lazy("Tumble dry, low temperature"),
        "no_tumble": gettext_lazy("Do not tumble dry"),
        "line_dry": gettext_lazy("Line dry"),
        "dry_flat": gettext_lazy("Dry flat"),
    },
    "ironing": {
        "iron_high": gettext_lazy("Iron at most 200 °C"),
        "iron_medium": gettext_lazy("Iron at most 150 °C"),
        "iron_low": gettext_lazy("Iron at most 110 °C, without steam"),
        "no_iron": gettext_lazy("Do not iron"),
    },
    "professional": {
        "dry_clean_p": gettext_lazy("Professional dry cleaning (P), normal process"),
        "dry_clean_p_mild": gettext_lazy("Professional dry cleaning (P), mild process"),
        "dry_clean_f": gettext_lazy("Professional dry cleaning in hydrocarbons (F), normal process"),
        "dry_clean_f_mild": gettext_lazy("Professional dry cleaning in hydrocarbons (F), mild process"),
        "wet_clean": gettext_lazy("Professional wet cleaning (W)"),
        "no_dry_clean": gettext_lazy("Do not dry clean"),
    },
}
CARE_GROUPS = {
    "washing": gettext_lazy("Washing"),
    "bleaching": gettext_lazy("Bleaching"),
    "drying": gettext_lazy("Drying"),
    "ironing": gettext_lazy("Ironing"),
    "professional": gettext_lazy("Professional care"),
}
CARE_CODES = [code for group in CARE.values() for code in group]
HUNDRED = Decimal(100)


def applies_to(category) -> bool:
    """Whether the category's items carry textile facts: its condition scheme says (clothing, shoes, bags)."""
    return bool(category is not None and category.conditions.textile_facts)


def check(textile, *, field: str = "textile") -> tuple[dict, list[dict]]:
    """The facts cleaned, and one error per failing field naming it and the rule ({} and []: none given)."""
    if not textile:
        return {}, []
    if not isinstance(textile, dict):
        return {}, [_error(field, "textile_invalid", _("Textile facts are an object."))]
    errors: list[dict] = []
    for key in sorted(set(textile) - {"composition", "stages", "care"}):
        errors.append(_error(f"{field}.{key}", "unknown_field", _("“%s” is not a textile fact.") % key))
    out: dict = {}
    composition = _composition(textile.get("composition"), f"{field}.composition", errors)
    if composition:
        out["composition"] = composition
    stages = _coded(textile.get("stages"), f"{field}.stages", STAGES, errors, _stage_value)
    if stages:
        out["stages"] = stages
    care = _coded(textile.get("care"), f"{field}.care", CARE, errors, _care_value)
    if care:
        out["care"] = care
    return out, errors


def _composition(value, field: str, errors: list[dict]) -> list[dict]:
    if value in (None, []):
        return []
    if not isinstance(value, list):
        errors.append(_error(field, "composition_invalid", _("A composition is a list of parts.")))
        return []
    out, seen = [], set()
    for i, part in enumerate(value):
        where = f"{field}.{i}"
        if not isinstance(part, dict):
            errors.append(_error(where, "composition_invalid", _("A part is an object of part and fibres.")))
            continue
        name = part.get("part", "main")
        if name not in PARTS:
            errors.append(
                _error(f"{where}.part", "unknown_part", _("A part is one of: %s.") % ", ".join(PARTS))
            )
            continue
        if name in seen:
            errors.append(_error(f"{where}.part", "part_repeated", _("Each part is given once.")))
            continue
        seen.add(name)
        fibres = _fibres(part.get("fibres"), f"{where}.fibres", errors)
        if fibres:
            out.append({"part": name, "fibres": fibres})
    return out


def _fibres(value, field: str, errors: list[dict]) -> list[dict]:
    if not isinstance(value, list) or not value:
        errors.append(_error(field, "fibres_required", _("Name at least one fibre and its percentage.")))
        return []
    out, total, seen, failed = [], Decimal(0), set(), False
    for i, row in enumerate(value):
        where = f"{field}.{i}"
        fibre = row.get("fibre") if isinstance(row, dict) else None
        if fibre not in FIBRES:
            errors.append(
                _error(f"{where}.fibre", "unknown_fibre", _("A fibre is one of: %s.") % ", ".join(FIBRES))
            )
            failed = True
            continue
        if fibre in seen:
            errors.append(_error(f"{where}.fibre", "fibre_repeated", _("Each fibre is given once per part.")))
            failed = True
            continue
        seen.add(fibre)
        percent = _percent(row.get("percent"))
        if percent is None:
            errors.append(
                _error(f"{where}.percent", "percent_range", _("A percentage is above 0 and at most 100."))
            )
            failed = True
            continue
        total += percent
        number = int(percent) if percent == percent.to_integral_value() else float(percent)
        out.append({"fibre": fibre, "percent": number})
    if not failed and total != HUNDRED:
        errors.append(
            _error(
                field,
                "composition_not_100",
                _("The fibres of a part add up to 100%%, not %s%%.") % total.normalize(),
            )
        )
    return sorted(out, key=lambda f: -f["percent"])  # the label's order: largest share first


def _percent(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        pct = Decimal(str(value))
    except InvalidOperation:
        return None
    if not pct.is_finite() or not 0 < pct <= HUNDRED or pct != pct.quantize(Decimal("0.1")):
        return None
    return pct


def _coded(value, field: str, allowed: dict, errors: list[dict], clean) -> dict:
    if value in (None, {}):
        return {}
    if not isinstance(value, dict):
        errors.append(_error(field, f"{field.rsplit('.', 1)[-1]}_invalid", _("An object of name → value.")))
        return {}
    out = {}
    for key in allowed:  # the vocabulary's order
        if value.get(key) in (None, ""):
            continue
        cleaned = clean(key, value[key], f"{field}.{key}", errors)
        if cleaned is not None:
            out[key] = cleaned
    for key in sorted(set(value) - set(allowed)):
        errors.append(
            _error(
                f"{field}.{key}", "unknown_field", _("“%s” is not one of: %s.") % (key, ", ".join(allowed))
            )
        )
    return out


def _stage_value(stage: str, value, field: str, errors: list[dict]) -> str | None:
    code = str(value).strip().upper()
    if code not in locales.COUNTRY_CODES:
        errors.append(_error(field, "invalid_country", _("A country is an ISO 3166-1 alpha-2 code.")))
        return None
    return code


def _care_value(group: str, value, field: str, errors: list[dict]) -> str | None:
    if value not in CARE[group]:
        errors.append(
            _error(field, "unknown_care_symbol", _("A symbol is one of: %s.") % ", ".join(CARE[group]))
        )
        return None
    return value


# Reading ---------------------------------------------------------------------------------------------------
def present(textile: dict | None, lang: str | None = None) -> dict | None:
    """The facts with their words in the page's language, for pages and JSON: codes kept, labels added."""
    if not textile:
        return None
    return {
        "composition": [
            {
                "part": c["part"],
                "part_label": str(PARTS.get(c["part"], c["part"])),
                "fibres": [
                    {**f, "fibre_label": str(FIBRES.get(f["fibre"], f["fibre"]))} for f in c["fibres"]
                ],
            }
            for c in textile.get("composition", [])
        ],
        "stages": [
            {
                "stage": stage,
                "stage_label": str(STAGES[stage]),
                "country": code,
                "country_name": locales.country_name(code, lang),
            }
            for stage in STAGES  # the vocabulary's order: a stored object's keys have none (jsonb)
            if (code := textile.get("stages", {}).get(stage))
        ],
        "care": [
            {
                "group": group,
                "group_label": str(CARE_GROUPS[group]),
                "symbol": code,
                "text": str(CARE[group].get(code, code)),
            }
            for group in CARE
            if (code := textile.get("care", {}).get(group))
        ],
    }


def _error(field: str, code: str, message: str) -> dict:
    return {"field": field, "code": code, "message": str(message)}
