"""The payout provider interface. Implementations never touch the database and are called outside any
transaction (docs/design.md §5); every call carries an idempotency key, so a retry never pays twice."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from comeback.core.money import Money


class PayoutError(Exception):
    """The provider could not be reached or answered unexpectedly: nothing is known to have happened,
    so the caller retries later with the same idempotency key."""


@dataclass(frozen=True)
class PayoutDestination:
    method: str  # iban | us_account | jp_account
    holder: str
    iban: str = ""
    account_number: str = ""
    routing_number: str = ""
    bank_code: str = ""
    branch_code: str = ""


@dataclass(frozen=True)
class PayoutResult:
    transfer_id: str


class PayoutProvider(ABC):
    name: str = ""

    @abstractmethod
    def send(
        self, *, amount: Money, destination: PayoutDestination, idempotency_key: str, reference: str
    ) -> PayoutResult:
        """Transfer `amount` to `destination`. The same key always means the same single transfer."""
