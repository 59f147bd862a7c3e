"""Stripe Connect behind the payout-provider interface (docs/payouts.md "Other currencies").

Each seller is a Custom connected account holding its bank account as the external account (`connect`).
A payout moves the money from the platform's balance to the connected account (`POST /v1/transfers`) and
from there to the bank (`POST /v1/payouts` on behalf of the account); `status` reads the payout back. Every
call carries an idempotency key derived from the transfer's, so a retry never pays twice. The client is
injectable: tests pass a `stripe.StripeClient` whose HTTP client replays recorded responses.
"""

from __future__ import annotations

import stripe

from comeback.core.stripe_api import StripeAccess, plain

from .base import FAILED, PAID, PENDING, PayoutProvider, ProviderError, ProviderTransfer

# Payout.status -> ours ("in_transit" is still on its way)
_STATUS = {"paid": PAID, "failed": FAILED, "canceled": FAILED, "pending": PENDING, "in_transit": PENDING}


def external_account(account) -> dict:
    """The bank account as Stripe's `external_account` parameters."""
    params = {
        "object": "bank_account",
        "currency": account.currency.lower(),
        "account_holder_name": account.holder_kana or account.holder,
        "account_number": account.account_number or account.iban,
    }
    if account.scheme == "us":
        params.update(country="US", routing_number=account.routing_number)
    elif account.scheme == "gb":
        params.update(country="GB", routing_number=account.sort_code)
    elif account.scheme == "jp":
        params.update(country="JP", routing_number=account.bank_code + account.branch_code)
    else:
        params.update(country=account.iban[:2])
    return params


class StripeConnectProvider(StripeAccess, PayoutProvider):
    name = "stripe"

    missing_key = ProviderError

    def secret_key(self) -> str:
        from comeback.payouts import conf

        return conf.stripe_secret_key()

    def connect(self, *, account, email: str, idempotency_key: str) -> str:
        bank = external_account(account)
        try:
            created = self.client.v1.accounts.create(
                params={
                    "type": "custom",
                    "country": bank["country"],
                    "email": email,
                    "business_type": "company",
                    "capabilities": {"transfers": {"requested": True}},
                    "external_account": bank,
                    "settings": {"payouts": {"schedule": {"interval": "manual"}}},
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise ProviderError(str(exc)) from exc
        return plain(created)["id"]

    def send(self, *, destination, amount, currency, idempotency_key, reference) -> ProviderTransfer:
        try:
            self.client.v1.transfers.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "destination": destination,
                    "transfer_group": reference,
                },
                options={"idempotency_key": f"{idempotency_key}:transfer"},
            )
            payout = self.client.v1.payouts.create(
                params={
                    "amount": amount,
                    "currency": currency.lower(),
                    "statement_descriptor": reference[:22],
                },
                options={"idempotency_key": f"{idempotency_key}:payout", "stripe_account": destination},
            )
        except stripe.StripeError as exc:
            raise ProviderError(str(exc)) from exc
        return self._result(payout)

    def status(self, *, destination: str, ref: str) -> ProviderTransfer:
        try:
            payout = self.client.v1.payouts.retrieve(ref, options={"stripe_account": destination})
        except stripe.StripeError as exc:
            raise ProviderError(str(exc)) from exc
        return self._result(payout)

    @staticmethod
    def _result(obj) -> ProviderTransfer:
        payout = plain(obj)
        return ProviderTransfer(
            payout["id"],
            _STATUS.get(payout.get("status"), PENDING),
            payout.get("failure_code") or "",
            payout.get("failure_message") or "",
        )
