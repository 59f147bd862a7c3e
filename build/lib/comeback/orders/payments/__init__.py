"""Payment providers behind one interface (base.PaymentProvider): the built-in test provider and Stripe.

`get_provider()` returns the configured one (`COMEBACK_PAYMENT_PROVIDER`, default `test`);
`get_provider(name)` the one that took a given payment, so refunds go back through it.
"""

from __future__ import annotations

from .base import PaymentError, PaymentProvider, PaymentResult, RefundResult

__all__ = [
    "PaymentError",
    "PaymentProvider",
    "PaymentResult",
    "RefundResult",
    "get_provider",
    "reset_providers",
    "use_provider",
]

_instances: dict[str, PaymentProvider] = {}


def get_provider(name: str | None = None) -> PaymentProvider:
    from comeback.orders import conf

    name = name or conf.payment_provider()
    if name not in _instances:
        if name == "test":
            from .testing import TestProvider

            _instances[name] = TestProvider()
        elif name == "stripe":
            from .stripe_adapter import StripeProvider

            _instances[name] = StripeProvider()
        else:
            raise ValueError(f"unknown payment provider {name!r}")
    return _instances[name]


def use_provider(provider: PaymentProvider) -> None:
    """Install a provider instance under its name (tests, or a Stripe client configured elsewhere)."""
    _instances[provider.name] = provider


def reset_providers() -> None:
    _instances.clear()
