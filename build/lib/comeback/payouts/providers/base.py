"""The payout provider interface. Implementations never touch the database and are called outside any
transaction (docs/design.md §5); each call carries an idempotency key, so a retry never pays twice."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

PENDING, PAID, FAILED = "pending", "paid", "failed"


class ProviderError(Exception):
    """The provider could not be reached or answered unexpectedly: nothing is known to have happened, so
    the caller retries later with the same idempotency key."""


@dataclass(frozen=True)
class ProviderTransfer:
    """What the provider says about one transfer: its id, `pending`, `paid` or `failed`, and why."""

    ref: str
    status: str
    failure_code: str = ""
    failure_message: str = ""


class PayoutProvider(ABC):
    name: str = ""

    @abstractmethod
    def connect(self, *, account, email: str, idempotency_key: str) -> str:
        """Register the seller's bank account with the provider; returns the provider's id for it."""

    @abstractmethod
    def send(
        self, *, destination: str, amount: int, currency: str, idempotency_key: str, reference: str
    ) -> ProviderTransfer:
        """Pay `amount` (minor units) to `destination` (from `connect`). The same key is the same transfer."""

    @abstractmethod
    def status(self, *, destination: str, ref: str) -> ProviderTransfer:
        """Where a transfer sent earlier stands now."""
