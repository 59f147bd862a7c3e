"""Payment providers behind one interface: the built-in test provider's documented cards, and the Stripe
adapter replaying recorded Stripe responses through an injected HTTP client (no network)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from comeback.core.money import Money
from comeback.orders import payments
from comeback.orders.models import OrderStatus, PaymentStatus, Refund, RefundStatus
from comeback.orders.payments.base import AUTHORIZED, CAPTURED, DECLINED, REQUIRES_ACTION, PaymentError
from comeback.orders.payments.stripe_adapter import StripeProvider
from comeback.orders.payments.testing import (
    CARD_DECLINED,
    CARD_INSUFFICIENT_FUNDS,
    CARD_NEEDS_CONFIRMATION,
    CARD_SUCCEEDS,
    TestProvider,
)
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment
from tests.stripe_replay import RecordedStripe
from tests.stripe_replay import client as replayed_client

from .helpers import ADDRESS

RECORDINGS = Path(__file__).parent / "stripe_recordings"
EUR = Money(30450, "EUR")


# The test provider ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("card", "status", "code"),
    [
        (CARD_SUCCEEDS, AUTHORIZED, ""),
        ("4242 4242 4242 4242", AUTHORIZED, ""),
        (CARD_DECLINED, DECLINED, "card_declined"),
        (CARD_INSUFFICIENT_FUNDS, DECLINED, "insufficient_funds"),
        (CARD_NEEDS_CONFIRMATION, REQUIRES_ACTION, ""),
        ("5555555555554444", DECLINED, "unknown_test_card"),
    ],
)
def test_given_a_documented_test_card_when_authorizing_then_the_documented_outcome_follows(
    card, status, code
):
    result = TestProvider().authorize(
        amount=EUR, payment_method=card, idempotency_key="k1", return_url="/pay/"
    )
    assert (result.status, result.decline_code) == (status, code)
    assert result.card_last4 == card.replace(" ", "")[-4:]


def test_given_the_same_idempotency_key_when_authorizing_twice_then_the_same_payment_id_comes_back():
    provider = TestProvider()
    first = provider.authorize(amount=EUR, payment_method=CARD_SUCCEEDS, idempotency_key="same")
    again = provider.authorize(amount=EUR, payment_method=CARD_SUCCEEDS, idempotency_key="same")
    assert first.payment_id == again.payment_id
    assert provider.capture(payment_id=first.payment_id, amount=EUR, idempotency_key="c").status == CAPTURED
    assert provider.refund(payment_id=first.payment_id, amount=EUR, idempotency_key="r").succeeded


# Stripe, replayed -------------------------------------------------------------------------------
def stripe_provider(script) -> tuple[StripeProvider, RecordedStripe]:
    http = RecordedStripe(script, RECORDINGS)
    return StripeProvider(client=replayed_client(http)), http


def test_given_a_card_stripe_accepts_when_authorizing_and_capturing_then_the_intent_is_manual_capture():
    provider, http = stripe_provider(
        {
            ("POST", "/v1/payment_intents"): [("pi_requires_capture.json", 200)],
            ("POST", "/v1/payment_intents/pi_3QxRec0001/capture"): [("pi_captured.json", 200)],
        }
    )

    authorized = provider.authorize(
        amount=EUR,
        payment_method="pm_card_visa",
        idempotency_key="ORD-1:authorize",
        return_url="https://shop.example/orders/ORD-1/pay/",
    )
    captured = provider.capture(payment_id=authorized.payment_id, amount=EUR, idempotency_key="ORD-1:capture")

    assert (authorized.status, authorized.payment_id, authorized.card_last4) == (
        AUTHORIZED,
        "pi_3QxRec0001",
        "4242",
    )
    assert captured.status == CAPTURED
    create = http.requests[0]
    assert create["params"]["amount"] == "30450" and create["params"]["currency"] == "eur"
    assert create["params"]["capture_method"] == "manual" and create["params"]["confirm"] == "true"
    assert create["headers"]["Idempotency-Key"] == "ORD-1:authorize"
    assert http.requests[1]["headers"]["Idempotency-Key"] == "ORD-1:capture"


def test_given_a_card_stripe_declines_when_authorizing_then_the_decline_code_is_kept():
    provider, _ = stripe_provider({("POST", "/v1/payment_intents"): [("card_declined.json", 402)]})
    result = provider.authorize(amount=EUR, payment_method="pm_card_chargeDeclined", idempotency_key="k")
    assert (result.status, result.decline_code) == (DECLINED, "generic_decline")
    assert result.message == "Your card was declined."


def test_given_3d_secure_when_authorizing_then_the_redirect_url_is_the_next_action():
    provider, _ = stripe_provider(
        {
            ("POST", "/v1/payment_intents"): [("pi_requires_action.json", 200)],
            ("GET", "/v1/payment_intents/pi_3QxRec0003"): [("pi_requires_capture.json", 200)],
        }
    )
    result = provider.authorize(
        amount=EUR, payment_method="pm_card_threeDSecure2Required", idempotency_key="k"
    )
    assert result.status == REQUIRES_ACTION
    assert result.action_url.startswith("https://hooks.stripe.com/3d_secure_2/")
    assert provider.confirm(payment_id=result.payment_id, idempotency_key="k2").status == AUTHORIZED


def test_given_a_refund_when_sent_to_stripe_then_it_targets_the_original_payment_intent():
    provider, http = stripe_provider({("POST", "/v1/refunds"): [("refund_succeeded.json", 200)]})
    result = provider.refund(
        payment_id="pi_3QxRec0001", amount=Money(12000, "EUR"), idempotency_key="refund:1:2"
    )
    assert (result.succeeded, result.refund_id) == (True, "re_3QxRec0001")
    assert http.requests[0]["params"] == {"payment_intent": "pi_3QxRec0001", "amount": "12000"}
    assert http.requests[0]["headers"]["Idempotency-Key"] == "refund:1:2"


def test_given_stripe_failing_when_authorizing_then_a_retryable_payment_error_is_raised():
    provider, _ = stripe_provider({("POST", "/v1/payment_intents"): [("server_error.json", 500)]})
    with pytest.raises(PaymentError):
        provider.authorize(amount=EUR, payment_method="pm_card_visa", idempotency_key="k")


def test_given_the_stripe_provider_when_a_buyer_checks_out_and_cancels_then_the_refund_goes_to_the_same_intent(
    buyer, offer, settings, django_capture_on_commit_callbacks
):
    settings.COMEBACK_PAYMENT_PROVIDER = "stripe"
    provider, http = stripe_provider(
        {
            ("POST", "/v1/payment_intents"): [("pi_requires_capture.json", 200)],
            ("POST", "/v1/payment_intents/pi_3QxRec0001/capture"): [("pi_captured.json", 200)],
            ("POST", "/v1/refunds"): [("refund_succeeded.json", 200)],
        }
    )
    payments.use_provider(provider)
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk)

    order = checkout_service.checkout(
        buyer=buyer,
        market_code="FR",
        idempotency_key=uuid.uuid4().hex,
        shipping_address=ADDRESS,
        payment_method="pm_card_visa",
    ).order
    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.buyer_cancel_line(buyer=buyer, line_id=order.lines.get().pk)

    assert order.status == OrderStatus.PAID
    assert order.payment.provider == "stripe" and order.payment.status == PaymentStatus.CAPTURED
    assert order.payment.provider_ref == "pi_3QxRec0001"
    refund = Refund.objects.get(payment=order.payment)
    assert (refund.status, refund.provider_ref) == (RefundStatus.SUCCEEDED, "re_3QxRec0001")
    assert http.requests[-1]["params"]["payment_intent"] == "pi_3QxRec0001"
    assert json.loads((RECORDINGS / "refund_succeeded.json").read_text())["payment_intent"] == "pi_3QxRec0001"
