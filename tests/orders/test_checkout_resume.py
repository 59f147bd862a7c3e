"""Checkout resumes (docs/buying.md "When a checkout is interrupted"): a process that dies between the payment's
authorization and its capture leaves the order awaiting payment; replaying the same Idempotency-Key finishes the
capture, or releases the stock and the authorization, and answers the real state. The crash is real code: a
payment provider scripted to die at that point, as a killed process would, then the replay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.offers.models import Offer
from comeback.orders import payments
from comeback.orders.models import Order, OrderStatus, PaymentStatus
from comeback.orders.payments.testing import TestProvider
from comeback.orders.services.checkout import RESUME_AFTER, resume_stalled
from comeback.orders.tasks import sweep

from .helpers import checkout_body


class ProcessDied(BaseException):
    """What a kill -9 looks like from inside: nothing after this point runs, no handler catches it."""


class DyingProvider(TestProvider):
    """The test provider, except that the process dies once: after authorizing, or after capturing."""

    def __init__(self, *, dies_after: str):
        self.dies_after = dies_after
        self.captures: list[str] = []  # idempotency keys the provider captured money under
        self.refunds: list[str] = []

    def authorize(self, **kwargs):
        result = super().authorize(**kwargs)
        self._maybe_die("authorize")
        return result

    def capture(self, *, payment_id, amount, idempotency_key):
        result = super().capture(payment_id=payment_id, amount=amount, idempotency_key=idempotency_key)
        if idempotency_key not in self.captures:
            self.captures.append(idempotency_key)
        self._maybe_die("capture")
        return result

    def refund(self, *, payment_id, amount, idempotency_key):
        self.refunds.append(idempotency_key)
        return super().refund(payment_id=payment_id, amount=amount, idempotency_key=idempotency_key)

    def _maybe_die(self, step: str) -> None:
        if self.dies_after == step:
            self.dies_after = ""  # once: the process that replays is a new one
            raise ProcessDied(step)


KEY = {"Idempotency-Key": "resume-1"}


@pytest.fixture
def checkout_dies(api, buyer, offer, frozen):
    """Check out, and die at the scripted step: returns the buyer's client and the provider."""

    def run(dies_after: str):
        provider = DyingProvider(dies_after=dies_after)
        payments.use_provider(provider)
        client = api.as_(buyer)
        client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 2}).expect(201)
        with pytest.raises(ProcessDied):
            client.post("/api/v1/checkout", checkout_body(), headers=KEY)
        order = Order.objects.select_related("payment").get(buyer=buyer)
        assert order.status == OrderStatus.AWAITING_PAYMENT  # what the crash leaves behind
        return client, provider, order

    return run


def test_given_a_crash_between_authorize_and_capture_when_the_key_is_replayed_then_the_order_is_paid_once(
    checkout_dies, offer
):
    client, provider, order = checkout_dies("authorize")
    assert order.payment.status == PaymentStatus.PENDING  # the authorization's answer never arrived

    replay = client.post("/api/v1/checkout", checkout_body(), headers=KEY).expect(200)

    assert replay["id"] == order.pk and replay["status"] == "paid"
    assert provider.captures == [f"{order.ref}:capture"]
    assert Offer.objects.get(pk=offer.pk).quantity == 3  # taken once
    assert client.post("/api/v1/checkout", checkout_body(), headers=KEY).expect(200)["status"] == "paid"


def test_given_a_crash_after_the_provider_captured_when_the_key_is_replayed_then_nothing_is_captured_twice(
    checkout_dies,
):
    client, provider, order = checkout_dies("capture")
    assert (
        order.payment.status == PaymentStatus.AUTHORIZED
    )  # money taken at the provider, not yet confirmed here

    replay = client.post("/api/v1/checkout", checkout_body(), headers=KEY).expect(200)

    assert replay["status"] == "paid"
    assert provider.captures == [
        f"{order.ref}:capture"
    ]  # the same key: the provider answered, took nothing more
    order.refresh_from_db()
    assert order.payment.status == PaymentStatus.CAPTURED


def test_given_a_crash_and_a_replay_after_the_reservation_lapsed_then_the_authorization_is_released(
    checkout_dies, frozen, offer
):
    client, provider, order = checkout_dies("capture")

    frozen.shift(timedelta(minutes=20))  # past the 15-minute reservation
    replay = client.post("/api/v1/checkout", checkout_body(), headers=KEY).expect(200)

    assert replay["status"] == "expired"
    assert provider.refunds == [f"{order.ref}:unwind"]  # the money goes back, once
    assert Offer.objects.get(pk=offer.pk).quantity == 5  # the stock is on sale again
    order.refresh_from_db()
    assert (
        order.payment.status == PaymentStatus.FAILED and order.payment.refunded_amount == order.total_amount
    )


def test_given_a_crashed_checkout_nobody_replays_when_the_sweep_runs_then_it_is_finished_without_the_buyer(
    checkout_dies, frozen
):
    client, provider, order = checkout_dies("capture")
    assert resume_stalled() == 0  # a checkout may still be running: it is left alone for a minute

    frozen.shift(RESUME_AFTER + timedelta(seconds=1))
    done = sweep.call()

    assert done["resumed"] == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and provider.captures == [f"{order.ref}:capture"]


def test_given_a_crash_when_another_buyer_replays_the_key_then_it_is_not_their_order(
    checkout_dies, api, other_buyer
):
    checkout_dies("authorize")
    other = api.as_(other_buyer)
    other.post("/api/v1/checkout", checkout_body(), headers=KEY).expect(409)  # their cart is empty
    assert Order.objects.filter(buyer=other_buyer).count() == 0
