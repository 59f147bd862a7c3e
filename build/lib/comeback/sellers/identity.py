"""Checks of a company's identifiers (docs/design.md §2: "VAT number (validated)"), with python-stdnum.

Each function returns the normalised value or raises ValueError with a sentence for the applicant.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.eu import vat as eu_vat
from stdnum.fr import siren, siret
from stdnum.gb import vat as gb_vat
from stdnum.us import ein

from comeback.core import locales

try:  # Japan's corporate number (法人番号): in python-stdnum since 1.19
    from stdnum.jp import cn as jp_cn
except ImportError:  # pragma: no cover - depends on the installed stdnum
    jp_cn = None

EU_COUNTRIES = frozenset(
    {
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    }
)
_GENERIC = re.compile(r"^[A-Z0-9][A-Z0-9 .\-/]{2,38}[A-Z0-9]$")


def country_names(locale: str = "en") -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes of real countries → names in the language (core/locales.py)."""
    return {c: locales.country_name(c, locale.split("_")[0]) for c in locales.COUNTRY_CODES}


def tax_id_label(country: str) -> str:
    if country == "US":
        return _("EIN (Employer Identification Number)")
    if country == "JP":
        return _("Corporate number (法人番号)")
    return _("VAT number")


def normalise_tax_id(country: str, value: str) -> str:
    """The VAT number (EU, GB), EIN (US), corporate number (JP) or a plausible tax id elsewhere."""
    raw = (value or "").strip().upper()
    if not raw:
        raise ValueError(_("Enter your %s.") % tax_id_label(country))
    try:
        if country in EU_COUNTRIES:
            prefix = "EL" if country == "GR" else country
            compact = re.sub(r"[\s.\-/]", "", raw)
            if compact[:2].isalpha():
                if compact[:2] != prefix and compact[:2].lower() in eu_vat.MEMBER_STATES | {"el"}:
                    raise ValueError(
                        _("This VAT number belongs to %(other)s, not %(country)s.")
                        % {"other": compact[:2], "country": country}
                    )
            else:
                compact = prefix + compact
            return eu_vat.validate(compact)
        if country == "GB":
            return "GB" + gb_vat.validate(raw)
        if country == "US":
            return ein.format(ein.validate(raw))
        if country == "JP":
            # the qualified-invoice registration number is "T" + the corporate number
            number = raw[1:] if raw.startswith("T") else raw
            if jp_cn is not None:
                return jp_cn.validate(number)
            if not re.fullmatch(r"\d{13}", number.replace("-", "")):
                raise ValueError(_("A corporate number has 13 digits."))
            return number.replace("-", "")
    except stdnum_errors.InvalidChecksum as exc:
        raise ValueError(
            _("The check digits of this %s do not match; please check for typos.") % tax_id_label(country)
        ) from exc
    except stdnum_errors.InvalidLength as exc:
        raise ValueError(_("This %s has the wrong number of characters.") % tax_id_label(country)) from exc
    except stdnum_errors.ValidationError as exc:
        raise ValueError(
            _("This is not a valid %(label)s for %(country)s.")
            % {"label": tax_id_label(country), "country": country}
        ) from exc
    if not _GENERIC.match(raw):
        raise ValueError(_("A tax number has 4 to 40 letters, digits, spaces, dots, dashes or slashes."))
    return raw


def normalise_registration(country: str, value: str) -> str:
    """The company registration number: SIREN/SIRET checked in France, a plausible format elsewhere."""
    raw = (value or "").strip().upper()
    if not raw:
        raise ValueError(_("Enter your company registration number."))
    if country == "FR":
        digits = re.sub(r"[\s.]", "", raw)
        try:
            return siret.validate(digits) if len(digits) == 14 else siren.validate(digits)
        except stdnum_errors.ValidationError as exc:
            raise ValueError(_("This is not a valid SIREN (9 digits) or SIRET (14 digits).")) from exc
    if not _GENERIC.match(raw):
        raise ValueError(
            _("A registration number has 4 to 40 letters, digits, spaces, dots, dashes or slashes.")
        )
    return raw


_PHONE = re.compile(r"^\+?[0-9 ().\-]{6,25}$")


def normalise_phone(value: str) -> str:
    raw = (value or "").strip()
    if not raw:
        raise ValueError(_("Enter a phone number."))
    if not _PHONE.match(raw) or sum(c.isdigit() for c in raw) < 6:
        raise ValueError(_("Enter a phone number with at least 6 digits, e.g. +33 1 23 45 67 89."))
    return raw


def vat_registration_mismatch(country: str, registration: str, vat: str) -> str | None:
    """Where a rule links the VAT number to the company registration, a sentence when they disagree.

    France: the VAT number is FR + a 2-digit key + the SIREN, the key being (12 + 3 × (SIREN mod 97)) mod 97.
    Belgium: the VAT number is BE + the 10-digit enterprise number. Elsewhere nothing links them (None).
    """
    reg = re.sub(r"\D", "", registration or "")
    vat = (vat or "").upper().replace(" ", "")
    if country == "FR" and len(reg) in (9, 14) and vat.startswith("FR") and len(vat) == 13:
        siren, key, vat_siren = reg[:9], vat[2:4], vat[4:]
        expected = (12 + 3 * (int(siren) % 97)) % 97
        if vat_siren != siren or (key.isdigit() and int(key) != expected):
            return _(
                "This VAT number belongs to SIREN %(vat_siren)s, not to the company registration %(siren)s "
                "(its VAT number would be FR%(key)02d%(siren)s)."
            ) % {"vat_siren": vat_siren, "siren": siren, "key": expected}
    if country == "BE" and len(reg) == 10 and vat.startswith("BE") and vat[2:] != reg:
        return _("A Belgian VAT number is BE followed by the enterprise number %(reg)s.") % {"reg": reg}
    return None
