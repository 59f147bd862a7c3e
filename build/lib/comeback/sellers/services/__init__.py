"""Seller onboarding and staff decisions: every write of the seller-trust rules (docs/design.md §2).

Quality recomputation lives in monitoring.py; the publishing gate in processes.py.

The parts:

- onboarding.py  a shop applies: the application checked, the seller and its account created
- decisions.py   staff decisions: verify, approve, extend, remove, suspend, reinstate; alerts acknowledged
"""

from __future__ import annotations

from .decisions import (
    DECISIONS,
    MAX_EXTENSION_DAYS,
    MAX_ID,
    acknowledge_alert,
    decide,
    get_seller,
    suspend,
    verify,
)
from .onboarding import MAX_PROCESS_DESCRIPTION, MIN_PROCESS_DESCRIPTION, ApplicationData, apply

__all__ = [
    "ApplicationData",
    "DECISIONS",
    "MAX_EXTENSION_DAYS",
    "MAX_ID",
    "MAX_PROCESS_DESCRIPTION",
    "MIN_PROCESS_DESCRIPTION",
    "acknowledge_alert",
    "apply",
    "decide",
    "get_seller",
    "suspend",
    "verify",
]
