"""What a customer types when accepting a quote: identity, the device's identifier, a bank account.

Each check returns the normalised value or raises a 422 naming the field (docs/design.md §2: IMEI valid
(Luhn), identity verified (18+), IBAN validated; §4: every bad input is problem+json naming the field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from stdnum import imei as stdnum_imei
from stdnum.exceptions import ValidationError as StdnumError

from comeback.core import clock
from comeback.core.problems import Invalid
from comeback.payouts import accounts as bank_checks

from .models import PayoutMethod

ADULT_AGE = 18  # docs/design.md §2: "customer identity verified (18+)"
_SERIAL = re.compile(r"^[A-Z0-9][A-Z0-9-]{3,39}$")
_US_ACCOUNT = re.compile(r"^\d{4,17}$")


def _error(field: str, code: str, message: str) -> dict:
    return {"field": field, "code": code, "message": str(message)}


class Errors:
    """Collects every field error of one form so the customer sees them all at once."""

    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.items.append(_error(field, code, message))

    def raise_if_any(self, code: str = "validation_error") -> None:
        if self.items:
            raise Invalid(
                self.items[0]["message"],
                code=code if len(self.items) > 1 else self.items[0]["code"],
                errors=self.items,
            )


def imei(value: str, errors: Errors, field: str = "device.imei") -> str:
    raw = (value or "").strip()
    digits = re.sub(r"[\s.-]", "", raw)
    if not digits.isdigit() or len(digits) != 15:
        errors.add(field, "imei_format", _("An IMEI has 15 digits (dial *#06# to see it)."))
        return ""
    try:
        stdnum_imei.validate(digits)
    except StdnumError:
        errors.add(field, "imei_checksum", _("This IMEI's check digit is wrong; check for a typo."))
        return ""
    return digits


def serial(value: str, errors: Errors, field: str = "device.serial") -> str:
    normalised = re.sub(r"\s", "", (value or "")).upper()
    if not _SERIAL.match(normalised):
        errors.add(
            field,
            "serial_format",
            _("Enter the serial number printed on the device (4 to 40 letters and digits)."),
        )
        return ""
    return normalised


def age_on(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def date_of_birth(
    value: date | str | None,
    errors: Errors,
    *,
    tz: str,
    at: datetime | None = None,
    field: str = "identity.date_of_birth",
) -> date | None:
    """An adult's date of birth; 'today' is the market's calendar date (a birthday starts at local midnight)."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            errors.add(field, "invalid_date", _("Enter the date as YYYY-MM-DD."))
            return None
    if not isinstance(value, date):
        errors.add(field, "required", _("Enter your date of birth."))
        return None
    today = clock.local_date(at or clock.now(), tz)
    if value > today or value.year < 1900:
        errors.add(field, "invalid_date", _("Enter your real date of birth."))
        return None
    if age_on(value, today) < ADULT_AGE:
        errors.add(
            field, "underage", _("You must be at least %(age)d to sell a device.") % {"age": ADULT_AGE}
        )
        return None
    return value


def name(value: str, errors: Errors, field: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned or len(cleaned) > 80:
        errors.add(field, "required", _("Enter a name (at most 80 characters)."))
    return cleaned


@dataclass(frozen=True)
class BankAccount:
    method: str
    holder: str
    iban: str = ""
    account_number: str = ""
    routing_number: str = ""
    bank_code: str = ""
    branch_code: str = ""

    @property
    def masked(self) -> str:
        tail = (self.iban or self.account_number)[-4:]
        return f"•••• {tail}"


# Which account a market pays into: SEPA and the UK by IBAN, the US by ABA routing + account, Japan by Zengin.
METHOD_FOR_MARKET = {"US": PayoutMethod.US_ACCOUNT, "JP": PayoutMethod.JP_ACCOUNT}


def method_for(market_code: str) -> str:
    return METHOD_FOR_MARKET.get(market_code, PayoutMethod.IBAN).value


def bank_account(
    data: dict, errors: Errors, *, market_code: str, prefix: str = "payout"
) -> BankAccount | None:
    expected = method_for(market_code)
    method = data.get("method") or expected
    if method != expected:
        errors.add(
            f"{prefix}.method",
            "payout_method_not_for_market",
            _("In this market payouts go to a bank account of type %(m)s.") % {"m": expected},
        )
        return None
    holder = name(data.get("account_holder", ""), errors, f"{prefix}.account_holder")
    if method == PayoutMethod.IBAN:
        iban = bank_checks.check_iban(data.get("iban") or "", errors, f"{prefix}.iban")
        if iban is None:
            return None
        return BankAccount(method, holder, iban=iban.compact)
    if method == PayoutMethod.US_ACCOUNT:
        routing = bank_checks.check_routing_number(
            data.get("routing_number") or "", errors, f"{prefix}.routing_number"
        )
        account = re.sub(r"[\s-]", "", data.get("account_number") or "")
        if not _US_ACCOUNT.match(account):
            errors.add(
                f"{prefix}.account_number",
                "account_number_invalid",
                _("A US account number has 4 to 17 digits."),
            )
        return BankAccount(method, holder, account_number=account, routing_number=routing)
    bank = re.sub(r"\D", "", data.get("bank_code") or "")
    branch = re.sub(r"\D", "", data.get("branch_code") or "")
    account = re.sub(r"\D", "", data.get("account_number") or "")
    if len(bank) != 4:
        errors.add(f"{prefix}.bank_code", "bank_code_invalid", _("A Zengin bank code has 4 digits."))
    if len(branch) != 3:
        errors.add(f"{prefix}.branch_code", "branch_code_invalid", _("A branch code has 3 digits."))
    if len(account) != 7:
        errors.add(
            f"{prefix}.account_number", "account_number_invalid", _("A Japanese account number has 7 digits.")
        )
    return BankAccount(method, holder, account_number=account, bank_code=bank, branch_code=branch)
