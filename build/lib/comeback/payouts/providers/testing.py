"""The built-in payout provider: no network, deterministic, idempotent by key.

An account held by "Payout Failure" fails at the bank (`status` says failed, code `AC04`, account closed),
so the return path can be tried in the demo; every other transfer is paid when its status is asked. The
outcome is written into the account's id, so every process agrees on it.
"""

from __future__ import annotations

import hashlib
import threading

from .base import FAILED, PAID, PENDING, PayoutProvider, ProviderTransfer

FAILING_HOLDER = "Payout Failure"
FAILING_PREFIX = "tacct_fail_"


def _ref(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode()).hexdigest()[:24]


class TestPayoutProvider(PayoutProvider):
    __test__ = False  # not a pytest class
    name = "test"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.transfers: dict[str, tuple[str, int, str]] = {}  # key -> (destination, amount, currency)

    def connect(self, *, account, email: str, idempotency_key: str) -> str:
        failing = account.holder.strip().lower() == FAILING_HOLDER.lower()
        return _ref(FAILING_PREFIX if failing else "tacct_", idempotency_key)

    def send(self, *, destination, amount, currency, idempotency_key, reference) -> ProviderTransfer:
        with self._lock:
            self.transfers.setdefault(idempotency_key, (destination, amount, currency))
        return ProviderTransfer(_ref("tpo_", idempotency_key), PENDING)

    def status(self, *, destination: str, ref: str) -> ProviderTransfer:
        if destination.startswith(FAILING_PREFIX):
            return ProviderTransfer(ref, FAILED, "AC04", "account closed")
        return ProviderTransfer(ref, PAID)
