"""Buying settings, read at call time so tests can override them with the `settings` fixture.

Each has a default that matches docs/design.md §2; set `COMEBACK_<NAME>` in Django settings or the environment.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.conf import settings


def _get(name: str, default):
    value = getattr(settings, f"COMEBACK_{name}", None)
    if value is None:
        raw = os.environ.get(f"COMEBACK_{name}")
        if raw is not None:
            return (
                type(default)(raw)
                if not isinstance(default, tuple)
                else tuple(int(x) for x in raw.split(","))
            )
        return default
    return value


def commission_bps() -> int:
    """Seller commission in basis points; docs/design.md §2: 10% by default."""
    return int(_get("SELLER_COMMISSION_BPS", 1000))


def reservation() -> timedelta:
    """How long checkout holds stock while the buyer pays."""
    return timedelta(minutes=int(_get("RESERVATION_MINUTES", 15)))


def auto_delivery() -> timedelta:
    """A shipped line with no carrier or buyer confirmation counts as delivered after this long."""
    return timedelta(days=int(_get("AUTO_DELIVERY_DAYS", 7)))


def payout_delay() -> timedelta:
    """Lines delivered at least this long ago (and not in dispute) are paid out."""
    return timedelta(days=int(_get("PAYOUT_DELAY_DAYS", 10)))


def carrier_webhook_secret() -> str:
    return str(_get("CARRIER_WEBHOOK_SECRET", "dev-carrier-secret-change-me"))


def carrier_webhook_tolerance() -> timedelta:
    return timedelta(seconds=int(_get("CARRIER_WEBHOOK_TOLERANCE_SECONDS", 300)))


def payment_provider() -> str:
    """`test` (built-in, documented card numbers) or `stripe`."""
    return str(_get("PAYMENT_PROVIDER", "test"))


def stripe_secret_key() -> str:
    return str(_get("STRIPE_SECRET_KEY", ""))


def return_carrier() -> str:
    """The carrier of the prepaid return labels."""
    return str(_get("RETURN_CARRIER", "Colissimo"))
