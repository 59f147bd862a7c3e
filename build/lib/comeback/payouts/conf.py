"""Payout settings, read at call time so tests can override them with the `settings` fixture.

Each has a default that matches docs/payouts.md; set `COMEBACK_<NAME>` in Django settings or the environment.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.conf import settings


def _get(name: str, default):
    value = getattr(settings, f"COMEBACK_{name}", None)
    if value is not None:
        return value
    raw = os.environ.get(f"COMEBACK_{name}")
    if raw is None:
        return default
    if isinstance(default, tuple):
        return tuple(int(x) for x in raw.split(",") if x.strip())
    return type(default)(raw)


def payout_days() -> tuple[int, ...]:
    """Days of the month a payout run pays sellers: the 6th, 16th and 26th by default (docs/payouts.md)."""
    return tuple(sorted(int(d) for d in _get("PAYOUT_DAYS", (6, 16, 26))))


def payout_timezone() -> str:
    """The calendar the payout days are counted in (the operator's bank's)."""
    return str(_get("PAYOUT_TIMEZONE", "Europe/Paris"))


def change_hold() -> timedelta:
    """A changed bank account holds the seller's next payout this long (docs/payouts.md "Bank accounts")."""
    return timedelta(days=int(_get("BANK_ACCOUNT_CHANGE_HOLD_DAYS", 3)))


def run_lease() -> timedelta:
    """A run claimed by a process that then died may be resumed by another after this long."""
    return timedelta(minutes=int(_get("PAYOUT_RUN_LEASE_MINUTES", 15)))


def debtor() -> dict:
    """The platform's own account the SEPA files debit (name, IBAN, BIC)."""
    return {
        "name": str(_get("PAYOUT_DEBTOR_NAME", "Comeback SAS")),
        "IBAN": str(_get("PAYOUT_DEBTOR_IBAN", "FR7630006000011234567890189")),
        "BIC": str(_get("PAYOUT_DEBTOR_BIC", "AGRIFRPPXXX")),
    }


def provider() -> str:
    """The payout provider for currencies outside SEPA: `test` (built in) or `stripe` (Stripe Connect)."""
    return str(_get("PAYOUT_PROVIDER", "test"))


def stripe_secret_key() -> str:
    return str(_get("STRIPE_SECRET_KEY", ""))


def platform_identity() -> dict:
    """Who the platform is, as its invoices to sellers and its DAC7 reports print it."""
    return {
        "name": str(_get("PLATFORM_LEGAL_NAME", "Comeback SAS")),
        "address": str(_get("PLATFORM_ADDRESS", "10 rue de la Paix\n75002 Paris")),
        "country": str(_get("PLATFORM_COUNTRY", "FR")),
        "vat_number": str(_get("PLATFORM_VAT_NUMBER", "FR44732829320")),
        "registration": str(_get("PLATFORM_REGISTRATION", "RCS Paris 732 829 320")),
        "registration_id": str(_get("PLATFORM_REGISTRATION_ID", "732829320")),  # the TIN DAC7 reports
    }
