"""Stripe behind the provider interface (PaymentIntents with manual capture; Refunds).

Amounts are already in Stripe's unit (the currency's minor unit; JPY has none). The client is
injectable: tests pass a `stripe.StripeClient` whose HTTP client replays recorded responses.
"""

from __future__ import annotations

import stripe

from comeback.core.money import Money
from comeback.core.stripe_api import StripeAccess, plain

from .base import (
    AUTHORIZED,
    CAPTURED,
    DECLINED,
    FAILED,
    REQUIRES_ACTION,
    PaymentError,
    PaymentProvider,
    PaymentResult,
    RefundResult,
)

# PaymentIntent.status -> ours
_STATUS = {
    "requires_capture": AUTHORIZED,
    "succeeded": CAPTURED,
    "requires_action": REQUIRES_ACTION,
    "requires_confirmation": REQUIRES_ACTION,
    "requires_payment_method": DECLINED,
    "canceled": FAILED,
}


class StripeProvider(StripeAccess, PaymentProvider):
    name = "stripe"

    missing_key = PaymentError

    def secret_key(self) -> str:
        from comeback.orders import conf

        return conf.stripe_secret_key()

    @staticmethod
    def _result(obj) -> PaymentResult:
        intent = plain(obj)
        status = _STATUS.get(intent.get("status"), FAILED)
        last4 = ""
        charge = intent.get("latest_charge")
        if isinstance(charge, dict):
            last4 = ((charge.get("payment_method_details") or {}).get("card") or {}).get("last4", "") or ""
        action_url = ""
        if status == REQUIRES_ACTION:
            redirect = (intent.get("next_action") or {}).get("redirect_to_url") or {}
            action_url = redirect.get("url", "") or ""
        decline_code, message = "", ""
        if status == DECLINED:
            error = intent.get("last_payment_error") or {}
            decline_code = error.get("decline_code") or error.get("code") or "card_declined"
            message = error.get("message", "") or ""
        return PaymentResult(
            status,
            intent["id"],
            action_url=action_url,
            decline_code=decline_code,
            message=message,
            card_last4=last4,
        )

    def authorize(
        self,
        *,
        amount: Money,
        payment_method: str,
        idempotency_key: str,
        description: str = "",
        return_url: str = "",
    ) -> PaymentResult:
        params = {
            "amount": amount.amount,
            "currency": amount.currency.lower(),
            "payment_method": payment_method,
            "confirm": True,
            "capture_method": "manual",
            "description": description[:1000],
        }
        if return_url:
            params["return_url"] = return_url
        try:
            intent = self.client.v1.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key}
            )
        except stripe.CardError as exc:
            error = exc.error
            code = (
                (getattr(error, "decline_code", None) or exc.code or "card_declined")
                if error
                else (exc.code or "")
            )
            return PaymentResult(DECLINED, decline_code=code, message=exc.user_message or "")
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc
        return self._result(intent)

    def confirm(self, *, payment_id: str, idempotency_key: str) -> PaymentResult:
        try:
            intent = self.client.v1.payment_intents.retrieve(payment_id)
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc
        return self._result(intent)

    def capture(self, *, payment_id: str, amount: Money, idempotency_key: str) -> PaymentResult:
        try:
            intent = self.client.v1.payment_intents.capture(
                payment_id,
                params={"amount_to_capture": amount.amount},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.InvalidRequestError as exc:
            return PaymentResult(FAILED, payment_id, message=exc.user_message or str(exc))
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc
        return self._result(intent)

    def refund(self, *, payment_id: str, amount: Money, idempotency_key: str) -> RefundResult:
        try:
            refund = self.client.v1.refunds.create(
                params={"payment_intent": payment_id, "amount": amount.amount},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.InvalidRequestError as exc:
            return RefundResult(False, message=exc.user_message or str(exc))
        except stripe.StripeError as exc:
            raise PaymentError(str(exc)) from exc
        refund = plain(refund)
        return RefundResult(
            refund.get("status") in ("succeeded", "pending"), refund["id"], refund.get("status", "")
        )
