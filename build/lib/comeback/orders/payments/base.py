"""The payment provider interface. Implementations never touch the database and are called outside
any transaction (docs/design.md §5); every call carries an idempotency key so a retry never charges twice.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from comeback.core.money import Money

AUTHORIZED = "authorized"
CAPTURED = "captured"
REQUIRES_ACTION = "requires_action"
DECLINED = "declined"
FAILED = "failed"


class PaymentError(Exception):
    """The provider could not be reached or answered unexpectedly: nothing is known to have happened,
    so the caller retries with the same idempotency key."""


@dataclass(frozen=True)
class PaymentResult:
    status: str  # authorized | captured | requires_action | declined | failed
    payment_id: str = ""
    action_url: str = ""  # where the buyer completes a confirmation step (3-D Secure)
    decline_code: str = ""
    message: str = ""
    card_last4: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (AUTHORIZED, CAPTURED)


@dataclass(frozen=True)
class RefundResult:
    succeeded: bool
    refund_id: str = ""
    message: str = ""


class PaymentProvider(ABC):
    name: str = ""

    @abstractmethod
    def authorize(
        self,
        *,
        amount: Money,
        payment_method: str,
        idempotency_key: str,
        description: str = "",
        return_url: str = "",
    ) -> PaymentResult:
        """Reserve `amount` on the buyer's payment method; may ask for a confirmation step."""

    @abstractmethod
    def confirm(self, *, payment_id: str, idempotency_key: str) -> PaymentResult:
        """Re-check a payment after the buyer's confirmation step."""

    @abstractmethod
    def capture(self, *, payment_id: str, amount: Money, idempotency_key: str) -> PaymentResult:
        """Take the authorized money."""

    @abstractmethod
    def refund(self, *, payment_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        """Send `amount` back to the original payment."""
