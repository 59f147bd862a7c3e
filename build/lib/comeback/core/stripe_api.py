"""Stripe's client as every provider of ours holds it: injectable (tests pass a `stripe.StripeClient` whose HTTP
client replays recorded responses), otherwise built on first use from COMEBACK_STRIPE_SECRET_KEY."""

from __future__ import annotations

import stripe


def plain(obj) -> dict:
    """Stripe objects are not dicts (stripe ≥ 13): work on their plain, recursive dict form."""
    return obj.to_dict() if hasattr(obj, "to_dict") else dict(obj)


class StripeAccess:
    """A provider's Stripe client. Subclasses name the setting that holds the key and the error they raise."""

    missing_key: type[Exception] = RuntimeError

    def __init__(self, client: stripe.StripeClient | None = None, api_key: str | None = None) -> None:
        self._client = client
        self._api_key = api_key

    def secret_key(self) -> str:
        raise NotImplementedError

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            key = self._api_key or self.secret_key()
            if not key:
                raise self.missing_key("COMEBACK_STRIPE_SECRET_KEY is not set")
            self._client = stripe.StripeClient(key)
        return self._client
