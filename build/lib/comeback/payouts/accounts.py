"""What a seller types to be paid: one bank account per currency, checked by its scheme's own rules.

- EUR (SEPA): the IBAN's check digits and national format and the BIC (schwifty); the IBAN must be in the
  SEPA zone, and a BIC, when given, must belong to the IBAN's country. Without one, the BIC schwifty knows
  for the IBAN's bank is used.
- USD: the ABA routing number's check digit (python-stdnum), an account number of 4 to 17 digits.
- GBP: a 6-digit sort code and an 8-digit account number (UK domestic format).
- JPY: the Zengin bank (4 digits) and branch (3 digits) codes, a 7-digit account number, its type, and the
  holder's name in katakana, as Japanese banks and Stripe require it.

Each check adds a field error (`errors`), so the seller sees every mistake at once (docs/design.md §4).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.us import rtn

from comeback.core.problems import Invalid

from .models import SCHEME_FOR_CURRENCY, JapaneseAccountType, Scheme

US_ACCOUNT = re.compile(r"^\d{4,17}$")
KATAKANA = re.compile(r"^[\u30A0-\u30FF\uFF65-\uFF9F\u3000 ()（）.・ー\-]+$")
HOLDER_MAX = 70  # a SEPA creditor name holds 70 characters


@dataclass(frozen=True)
class AccountDetails:
    """A checked, normalised bank account, ready to be stored."""

    currency: str
    scheme: str
    holder: str
    holder_kana: str = ""
    iban: str = ""
    bic: str = ""
    sort_code: str = ""
    routing_number: str = ""
    bank_code: str = ""
    branch_code: str = ""
    account_type: str = ""
    account_number: str = ""


class FieldErrors:
    def __init__(self) -> None:
        self.items: list[dict] = []

    def add(self, field: str, code: str, message: str) -> None:
        self.items.append({"field": field, "code": code, "message": str(message)})

    def raise_if_any(self) -> None:
        if self.items:
            first = self.items[0]
            code = first["code"] if len(self.items) == 1 else "validation_error"
            raise Invalid(first["message"], code=code, errors=self.items)


def _digits(value) -> str:
    return re.sub(r"[\s-]", "", str(value or ""))


def check_iban(raw: str, errors: FieldErrors, field: str = "iban") -> IBAN | None:
    try:
        iban = IBAN(raw or "")
    except (SchwiftyException, ValueError):
        errors.add(field, "iban_invalid", _("This IBAN is not valid; check the country code and digits."))
        return None
    return iban


def check_bic(raw: str, iban: IBAN | None, errors: FieldErrors, field: str = "bic") -> str:
    """The BIC given (checked against the IBAN's country), else the one schwifty knows for the IBAN."""
    raw = (raw or "").strip().upper().replace(" ", "")
    if not raw:
        known = iban.bic if iban is not None else None
        return str(known.compact) if known is not None else ""
    try:
        bic = BIC(raw)
    except (SchwiftyException, ValueError):
        errors.add(field, "bic_invalid", _("This BIC is not valid: 8 or 11 letters and digits."))
        return ""
    if iban is not None and bic.country_code != iban.country_code:
        errors.add(
            field,
            "bic_country_mismatch",
            _("This BIC belongs to a bank in %(bic)s, the IBAN to an account in %(iban)s.")
            % {"bic": bic.country_code, "iban": iban.country_code},
        )
        return ""
    return str(bic.compact)


def check_routing_number(raw: str, errors: FieldErrors, field: str = "routing_number") -> str:
    routing = _digits(raw)
    if not rtn.is_valid(routing):
        errors.add(
            field, "routing_number_invalid", _("An ABA routing number has 9 digits with a valid check digit.")
        )
    return routing


def details(data: dict, *, currency: str) -> AccountDetails:
    """Check one account for `currency`; a 422 names every wrong field."""
    errors = FieldErrors()
    currency = (currency or "").upper()
    scheme = SCHEME_FOR_CURRENCY.get(currency)
    if scheme is None:
        errors.add(
            "currency",
            "currency_not_paid_out",
            _("Payouts are made in %(list)s.") % {"list": ", ".join(SCHEME_FOR_CURRENCY)},
        )
        errors.raise_if_any()
    holder = " ".join(str(data.get("holder") or "").split())
    if not holder or len(holder) > HOLDER_MAX:
        errors.add(
            "holder",
            "holder_required",
            _("Enter the account holder's name (at most %(n)d characters).") % {"n": HOLDER_MAX},
        )
    result: dict = {"currency": currency, "scheme": scheme.value, "holder": holder}
    if scheme == Scheme.SEPA:
        iban = check_iban(data.get("iban"), errors)
        if iban is not None and not iban.in_sepa_zone:
            errors.add("iban", "iban_not_sepa", _("EUR payouts go to an IBAN in the SEPA zone."))
            iban = None
        result["bic"] = check_bic(data.get("bic"), iban, errors)
        result["iban"] = iban.compact if iban is not None else ""
        if iban is not None and not result["bic"] and not errors.items:
            errors.add(
                "bic", "bic_required", _("Enter your bank's BIC; it could not be found from the IBAN.")
            )
    elif scheme == Scheme.US:
        result["routing_number"] = check_routing_number(data.get("routing_number"), errors)
        result["account_number"] = _digits(data.get("account_number"))
        if not US_ACCOUNT.match(result["account_number"]):
            errors.add(
                "account_number", "account_number_invalid", _("A US account number has 4 to 17 digits.")
            )
    elif scheme == Scheme.GB:
        result["sort_code"] = _digits(data.get("sort_code"))
        result["account_number"] = _digits(data.get("account_number"))
        if not re.fullmatch(r"\d{6}", result["sort_code"]):
            errors.add("sort_code", "sort_code_invalid", _("A sort code has 6 digits, such as 20-00-00."))
        if not re.fullmatch(r"\d{8}", result["account_number"]):
            errors.add("account_number", "account_number_invalid", _("A UK account number has 8 digits."))
    else:
        result.update(_japanese(data, errors))
    errors.raise_if_any()
    return AccountDetails(**result)


def _japanese(data: dict, errors: FieldErrors) -> dict:
    bank, branch, account = (_digits(data.get(k)) for k in ("bank_code", "branch_code", "account_number"))
    kana = unicodedata.normalize("NFKC", str(data.get("holder_kana") or "")).strip()
    account_type = str(data.get("account_type") or JapaneseAccountType.ORDINARY)
    if not re.fullmatch(r"\d{4}", bank):
        errors.add("bank_code", "bank_code_invalid", _("A Zengin bank code has 4 digits."))
    if not re.fullmatch(r"\d{3}", branch):
        errors.add("branch_code", "branch_code_invalid", _("A branch code has 3 digits."))
    if not re.fullmatch(r"\d{7}", account):
        errors.add("account_number", "account_number_invalid", _("A Japanese account number has 7 digits."))
    if account_type not in JapaneseAccountType.values:
        errors.add("account_type", "account_type_invalid", _("Choose an ordinary or a current account."))
    if not kana or not KATAKANA.match(kana):
        errors.add(
            "holder_kana",
            "holder_kana_required",
            _("Enter the holder's name in katakana, as the bank has it."),
        )
    return {
        "bank_code": bank,
        "branch_code": branch,
        "account_number": account,
        "account_type": account_type,
        "holder_kana": kana,
    }
