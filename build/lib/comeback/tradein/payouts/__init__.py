"""Payout providers: how the customer's money reaches their bank account (docs/trade-in.md "Payouts").

`get_provider()` returns the configured provider (`COMEBACK_TRADEIN_PAYOUT_PROVIDER`, setting or
environment: a dotted path; the built-in test provider by default).
"""

from __future__ import annotations

import os
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import PayoutDestination, PayoutError, PayoutProvider, PayoutResult

__all__ = ["PayoutDestination", "PayoutError", "PayoutProvider", "PayoutResult", "get_provider"]

DEFAULT_PROVIDER = "comeback.tradein.payouts.testing.TestPayoutProvider"


@lru_cache(maxsize=4)
def _provider(path: str) -> PayoutProvider:
    return import_string(path)()


def get_provider() -> PayoutProvider:
    path = getattr(settings, "COMEBACK_TRADEIN_PAYOUT_PROVIDER", None) or os.environ.get(
        "COMEBACK_TRADEIN_PAYOUT_PROVIDER", DEFAULT_PROVIDER
    )
    return _provider(path)
