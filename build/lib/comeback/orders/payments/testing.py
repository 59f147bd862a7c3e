"""The built-in test provider: no network, deterministic, documented card numbers (docs/buying.md).

| card number        | outcome                                              |
|--------------------|------------------------------------------------------|
| 4242 4242 4242 4242 | succeeds                                            |
| 4000 0000 0000 0002 | declined (`card_declined`)                          |
| 4000 0000 0000 9995 | declined (`insufficient_funds`)                     |
| 4000 0000 0000 3220 | needs a confirmation step (a 3-D Secure-like page)  |

Any other number is declined as `unknown_test_card`. The provider keeps no state: payment ids are
derived from the idempotency key, so a retried call returns the same id, and the id itself says
whether the confirmation step is pending.
"""

from __future__ import annotations

import hashlib

from comeback.core.money import Money

from .base import (
    AUTHORIZED,
    CAPTURED,
    DECLINED,
    FAILED,
    REQUIRES_ACTION,
    PaymentProvider,
    PaymentResult,
    RefundResult,
)

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CARD_INSUFFICIENT_FUNDS = "4000000000009995"
CARD_NEEDS_CONFIRMATION = "4000000000003220"

_OUTCOMES = {
    CARD_SUCCEEDS: (AUTHORIZED, ""),
    CARD_DECLINED: (DECLINED, "card_declined"),
    CARD_INSUFFICIENT_FUNDS: (DECLINED, "insufficient_funds"),
    CARD_NEEDS_CONFIRMATION: (REQUIRES_ACTION, ""),
}
_CONFIRM_SUFFIX = "_3ds"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def normalise_card(number: str) -> str:
    return "".join(ch for ch in (number or "") if ch.isdigit())


class TestProvider(PaymentProvider):
    __test__ = False  # not a pytest class
    name = "test"

    def authorize(
        self,
        *,
        amount: Money,
        payment_method: str,
        idempotency_key: str,
        description: str = "",
        return_url: str = "",
    ) -> PaymentResult:
        card = normalise_card(payment_method)
        status, code = _OUTCOMES.get(card, (DECLINED, "unknown_test_card"))
        last4 = card[-4:]
        if status == DECLINED:
            return PaymentResult(
                DECLINED, decline_code=code, message=code.replace("_", " "), card_last4=last4
            )
        payment_id = f"tp_{_digest(idempotency_key)}"
        if status == REQUIRES_ACTION:
            return PaymentResult(
                REQUIRES_ACTION, payment_id + _CONFIRM_SUFFIX, action_url=return_url, card_last4=last4
            )
        return PaymentResult(AUTHORIZED, payment_id, card_last4=last4)

    def confirm(self, *, payment_id: str, idempotency_key: str) -> PaymentResult:
        if not payment_id.startswith("tp_"):
            return PaymentResult(FAILED, payment_id, message="unknown payment")
        return PaymentResult(AUTHORIZED, payment_id)

    def capture(self, *, payment_id: str, amount: Money, idempotency_key: str) -> PaymentResult:
        if not payment_id.startswith("tp_"):
            return PaymentResult(FAILED, payment_id, message="unknown payment")
        return PaymentResult(CAPTURED, payment_id)

    def refund(self, *, payment_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        if not payment_id.startswith("tp_") or amount.amount <= 0:
            return RefundResult(False, message="unknown payment")
        return RefundResult(True, f"tpr_{_digest(idempotency_key)}")
