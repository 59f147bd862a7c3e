"""Postal codes per country: the format each market's postal service uses, checked where an address is
taken (checkout, saved addresses), with a message naming the rule (docs/storefront.md "Addresses").

The patterns follow the postal services' published formats (the same ones django-localflavor encodes):
France and Germany five digits, the United States ZIP or ZIP+4, Japan seven digits written NNN-NNNN,
the United Kingdom outward and inward codes (Royal Mail's format, plus GIR 0AA). Codes are returned
normalised: upper case, the GB space restored, the JP hyphen added.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

_GB = re.compile(
    r"^(GIR ?0AA|(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2})$"
)
_RULES = {
    "FR": re.compile(r"^(?!00)\d{5}$"),
    "DE": re.compile(r"^(?!00)\d{5}$"),
    "US": re.compile(r"^\d{5}(?:-\d{4})?$"),
    "JP": re.compile(r"^\d{3}-?\d{4}$"),
    "GB": _GB,
}


def _examples() -> dict[str, str]:
    return {
        "FR": _("A French postal code has 5 digits, like 75001."),
        "DE": _("A German postal code has 5 digits, like 10115."),
        "US": _("A US ZIP code has 5 digits, or 5+4 like 94103-1234."),
        "JP": _("A Japanese postal code has 7 digits, like 100-0001."),
        "GB": _("A UK postcode looks like SW1A 1AA."),
    }


def rule_for(country: str) -> str | None:
    """The human rule for a country's codes (None where no rule is known)."""
    return _examples().get((country or "").upper())


def normalise(country: str, code: str) -> str | None:
    """The code in its canonical form, or None when it does not follow the country's format.

    Countries without a known format accept any non-empty code as typed.
    """
    country = (country or "").upper()
    value = " ".join((code or "").split()).upper()
    rule = _RULES.get(country)
    if rule is None:
        return value or None
    if not rule.match(value):
        return None
    if country == "GB":
        compact = value.replace(" ", "")
        return f"{compact[:-3]} {compact[-3:]}"
    if country == "JP":
        digits = value.replace("-", "")
        return f"{digits[:3]}-{digits[3:]}"
    return value


def checked(country: str, code: str, *, field: str) -> tuple[str, dict | None]:
    """The code normalised with no refusal, or the code as typed with the refusal naming `field` and the rule:
    one answer for every place an address is taken."""
    normalised = normalise(country, code)
    if normalised is not None:
        return normalised, None
    return code, {"field": field, "code": "invalid_postal_code", "message": rule_for(country)}
