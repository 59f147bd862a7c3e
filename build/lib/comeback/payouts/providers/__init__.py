"""Payout providers: how a transfer in a currency outside SEPA reaches the seller's bank account.

`get_provider()` returns the configured one (`COMEBACK_PAYOUT_PROVIDER`: `test`, the built-in default, or
`stripe`, Stripe Connect); `use_provider()` installs an instance (tests pass a Stripe client that replays
recorded responses).
"""

from __future__ import annotations

from .base import FAILED, PAID, PENDING, PayoutProvider, ProviderError, ProviderTransfer

__all__ = [
    "FAILED",
    "PAID",
    "PENDING",
    "PayoutProvider",
    "ProviderError",
    "ProviderTransfer",
    "get_provider",
    "reset_providers",
    "use_provider",
]

_instances: dict[str, PayoutProvider] = {}


def get_provider(name: str | None = None) -> PayoutProvider:
    from comeback.payouts import conf

    name = name or conf.provider()
    if name not in _instances:
        if name == "test":
            from .testing import TestPayoutProvider

            _instances[name] = TestPayoutProvider()
        elif name == "stripe":
            from .stripe_connect import StripeConnectProvider

            _instances[name] = StripeConnectProvider()
        else:
            raise ValueError(f"unknown payout provider {name!r}")
    return _instances[name]


def use_provider(provider: PayoutProvider) -> None:
    _instances[provider.name] = provider


def reset_providers() -> None:
    _instances.clear()
