"""The built-in test payout provider: no network, deterministic, idempotent by key.

A transfer to an account held by "Payout Failure" fails as if the bank were unreachable (PayoutError), so
the retry path can be tried in the demo. Every other transfer succeeds; its id is derived from the
idempotency key, and `transfers` remembers each key once (what a real bank would have executed).
"""

from __future__ import annotations

import hashlib
import threading

from comeback.core.money import Money

from .base import PayoutDestination, PayoutError, PayoutProvider, PayoutResult

FAILING_HOLDER = "Payout Failure"


class TestPayoutProvider(PayoutProvider):
    __test__ = False  # not a pytest class
    name = "test"
    _lock = threading.Lock()
    transfers: dict[str, tuple[int, str, str]] = {}  # key -> (amount, currency, destination)
    calls = 0

    def send(
        self, *, amount: Money, destination: PayoutDestination, idempotency_key: str, reference: str
    ) -> PayoutResult:
        if destination.holder.strip().lower() == FAILING_HOLDER.lower():
            raise PayoutError("test bank unreachable")
        account = (
            destination.iban
            or f"{destination.routing_number}{destination.bank_code}{destination.account_number}"
        )
        with self._lock:
            type(self).calls += 1
            type(self).transfers.setdefault(idempotency_key, (amount.amount, amount.currency, account))
        return PayoutResult(transfer_id="tpo_" + hashlib.sha256(idempotency_key.encode()).hexdigest()[:24])

    @classmethod
    def reset(cls) -> None:
        with cls._lock:
            cls.transfers = {}
            cls.calls = 0
