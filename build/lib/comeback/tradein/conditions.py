"""The questionnaire and its mapping to a condition tier (docs/trade-in.md "Condition tiers").

| answers                                                          | tier      |
|------------------------------------------------------------------|-----------|
| does not power on, or screen cracked, or a function not working  | broken    |
| otherwise, body dented                                           | used      |
| otherwise, screen or body scratched                              | good      |
| otherwise (powers on, flawless screen and body, all working)     | flawless  |

Accounts (iCloud / Google) removed is asked but does not change the tier: a device must have them
removed before it ships, and a locked device is a ground for a counter-offer (`account_locked`).

Nothing assumes a phone: a model without a screen (a home console) is not asked about one, and only a
model with a cellular `network` attribute has an IMEI; the others are identified by serial number. Which
questionnaire a model gets is data: its category's `tradein_questionnaire` (`device`, or `garment`, whose
questions and tiers are in garments.py; a garment has no identifier to give).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from comeback.catalog.models import TradeInQuestionnaire
from comeback.core.problems import Invalid

from . import garments
from .models import TIER_ORDER, Body, Screen, Tier

SCREEN_ATTRIBUTES = ("screen_inches", "display", "screen")
CELLULAR_ATTRIBUTES = ("network",)


@dataclass(frozen=True)
class Answers:
    powers_on: bool
    screen: str | None  # a Screen value; None for a model without a screen
    body: str
    functional: bool
    accounts_removed: bool

    def as_dict(self) -> dict:
        return {
            "powers_on": self.powers_on,
            "screen": self.screen,
            "body": self.body,
            "functional": self.functional,
            "accounts_removed": self.accounts_removed,
        }


def questionnaire(product) -> str:
    """`device` or `garment`: the questions the model's category asks (catalog data, not code)."""
    return product.category.tradein_questionnaire


def is_garment(product) -> bool:
    return questionnaire(product) == TradeInQuestionnaire.GARMENT


def identifier(product) -> str:
    """What identifies the item at acceptance: `imei`, `serial`, or `none` for a garment."""
    if is_garment(product):
        return "none"
    return "imei" if has_imei(product) else "serial"


def size_options(product) -> list[str]:
    """The sizes a garment model comes in (its variants' `size`), in catalogue order; empty when unknown."""
    found: list[str] = []
    for variant in product.variants.all():
        size = (variant.attributes or {}).get("size")
        if isinstance(size, str) and size and size not in found:
            found.append(size)
    return found


def tier_label(product, tier: str) -> str:
    """How a tier reads to the customer: a garment is never "broken", it is "damaged"."""
    if is_garment(product):
        return str(garments.TIER_LABELS[Tier(tier)])
    return str(Tier(tier).label)


def has_screen(product) -> bool:
    if is_garment(product):
        return False
    attrs = product.attributes or {}
    return any(attrs.get(key) not in (None, "", 0, False) for key in SCREEN_ATTRIBUTES)


def has_imei(product) -> bool:
    """A model that connects to a mobile network has an IMEI (docs/design.md §2: 'IMEI valid (Luhn)')."""
    if is_garment(product):
        return False
    attrs = product.attributes or {}
    return any(attrs.get(key) not in (None, "") for key in CELLULAR_ATTRIBUTES)


def tier_for(answers) -> str:
    if isinstance(answers, garments.GarmentAnswers):
        return garments.tier_for(answers)
    if not answers.powers_on or answers.screen == Screen.CRACKED or not answers.functional:
        return Tier.BROKEN.value
    if answers.body == Body.DENTS:
        return Tier.USED.value
    if answers.screen == Screen.SCRATCHES or answers.body == Body.SCRATCHES:
        return Tier.GOOD.value
    return Tier.FLAWLESS.value


def tier_rank(tier: str) -> int:
    """0 for the best tier; a larger number is a worse condition."""
    return TIER_ORDER.index(Tier(tier))


def parse(raw: dict | None, *, product, prefix: str = "answers") -> Answers | garments.GarmentAnswers:
    """Validate the questionnaire for `product`: every missing or wrong answer is a 422 naming its field."""
    raw = raw or {}
    if is_garment(product):
        return garments.parse(raw, size_options=size_options(product), prefix=prefix)
    errors = []

    def boolean(name: str) -> bool:
        value = raw.get(name)
        if not isinstance(value, bool):
            errors.append(
                {"field": f"{prefix}.{name}", "code": "required_yes_no", "message": _("Answer yes or no.")}
            )
            return False
        return value

    powers_on = boolean("powers_on")
    functional = boolean("functional")
    accounts_removed = boolean("accounts_removed")
    screen = raw.get("screen")
    if has_screen(product):
        if screen not in Screen.values:
            errors.append(
                {
                    "field": f"{prefix}.screen",
                    "code": "invalid_choice",
                    "message": _("Choose one of: %s.") % ", ".join(Screen.values),
                }
            )
    elif screen not in (None, ""):
        errors.append(
            {
                "field": f"{prefix}.screen",
                "code": "no_screen",
                "message": _("This model has no screen; leave the screen question out."),
            }
        )
    body = raw.get("body")
    if body not in Body.values:
        errors.append(
            {
                "field": f"{prefix}.body",
                "code": "invalid_choice",
                "message": _("Choose one of: %s.") % ", ".join(Body.values),
            }
        )
    for name in garments.FIELDS:
        if raw.get(name) is not None:
            errors.append(
                {
                    "field": f"{prefix}.{name}",
                    "code": "not_asked_for_devices",
                    "message": _("A device is not asked this question; leave it out."),
                }
            )
    if errors:
        raise Invalid(
            errors[0]["message"],
            code=errors[0]["code"] if len(errors) == 1 else "invalid_answers",
            errors=errors,
        )
    return Answers(
        powers_on=powers_on,
        screen=screen if has_screen(product) else None,
        body=body,
        functional=functional,
        accounts_removed=accounts_removed,
    )


# The declared answer each counter-offer reason contradicts: a reason is only admissible when the customer
# declared better than what it says (docs/design.md §2: "only for defects the customer could have detected").
def reason_contradicts(reason: str, answers: dict) -> bool:
    from .models import CounterReason as R

    if "condition" in answers:  # a garment's answers
        return garments.reason_contradicts(reason, answers)

    if reason == R.DOES_NOT_POWER_ON:
        return answers.get("powers_on") is True
    if reason == R.SCREEN_UNDECLARED:
        return answers.get("screen") in (Screen.FLAWLESS, Screen.SCRATCHES)
    if reason == R.BODY_UNDECLARED:
        return answers.get("body") in (Body.FLAWLESS, Body.SCRATCHES)
    if reason == R.FUNCTION_FAULTY:
        return answers.get("functional") is True
    return reason in (R.ACCOUNT_LOCKED, R.DIFFERENT_MODEL)
