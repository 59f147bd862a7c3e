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
