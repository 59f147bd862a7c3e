"""Identifiers: opaque public references and GTIN check digits."""

from __future__ import annotations

import secrets

from stdnum import ean
from stdnum.exceptions import ValidationError

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U


def public_ref(prefix: str, length: int = 10) -> str:
    """A short, unguessable, human-friendly reference such as `ORD-7K2M9Q4XHC`."""
    return f"{prefix}-" + "".join(secrets.choice(_ALPHABET) for _ in range(length))


def normalise_gtin(value: str) -> str:
    """Validate a GTIN-8/12/13/14 (check digit included) and return it as GTIN-14.

    Raises ValueError with a human reason.
    """
    raw = (value or "").strip().replace(" ", "").replace("-", "")
    if not raw.isdigit() or len(raw) not in (8, 12, 13, 14):
        raise ValueError("a GTIN has 8, 12, 13 or 14 digits")
    try:
        ean.validate(raw)
    except ValidationError as exc:
        raise ValueError("the GTIN check digit is wrong") from exc
    return raw.zfill(14)


def gtin_check_digit(body: str) -> str:
    return ean.calc_check_digit(body)


# GTIN allocation under a GS1 company prefix (GS1 General Specifications §1.4: a GTIN-13 is the company
# prefix, an item reference and a check digit; GTINs are written as 14 digits with leading zeros).
def check_company_prefix(prefix: str) -> str:
    prefix = (prefix or "").strip()
    if not prefix.isdigit() or not 6 <= len(prefix) <= 11:
        raise ValueError("COMEBACK_GS1_COMPANY_PREFIX must be 6 to 11 digits")
    return prefix


def prefix_capacity(prefix: str) -> int:
    """How many item references a company prefix holds (10^(12 - its length))."""
    return 10 ** (12 - len(check_company_prefix(prefix)))


def gtin_for_reference(prefix: str, reference: int) -> str:
    """The GTIN-14 for item `reference` under a GS1 company prefix: prefix + item reference make the 12
    digits of a GTIN-13 before its check digit; padded with a leading 0 to 14 digits."""
    prefix = check_company_prefix(prefix)
    if not 0 <= reference < prefix_capacity(prefix):
        raise ValueError("item reference out of the prefix's range")
    body = prefix + str(reference).zfill(12 - len(prefix))
    return "0" + body + gtin_check_digit(body)


def gtin_reference(gtin: str, prefix: str) -> int | None:
    """The item reference of a GTIN-14 allocated under `prefix`, or None if it is not one of them."""
    if len(gtin) != 14 or not gtin.startswith("0" + prefix):
        return None
    return int(gtin[1 + len(prefix) : 13])
