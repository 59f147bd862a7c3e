"""Delivering to a real HTTP server on 127.0.0.1: signature, envelope, retries, backoff, give-up, SSRF."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction

from comeback.core import outbox
from comeback.webhooks import services, signing
from comeback.webhooks.models import DeliveryStatus, WebhookDelivery

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _pending(subscription, topic="order.line.paid", event_id=41, **payload) -> WebhookDelivery:
    ids = services.fan_out(
        topic=topic, event_id=event_id, payload={"seller_id": subscription.seller_id, **payload}
    )
    return WebhookDelivery.objects.get(pk=ids[0])


@pytest.mark.django_db
def test_given_a_due_delivery_when_attempted_then_the_receiver_gets_a_signed_envelope(subscription, receiver):
    with time_machine.travel(T0, tick=False):
        d = _pending(subscription.subscription, order_id=7, line_id=70)
        done = services.attempt_delivery(delivery_id=d.pk)

    assert done.status == DeliveryStatus.SUCCEEDED and done.attempts == 1 and done.next_attempt_at is None
    assert done.last_status_code == 200 and done.response_excerpt == '{"received":true}'
    [request] = receiver.requests
    assert request.path == "/hooks"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Comeback-Event"] == "order.line.paid"
    assert request.headers["Comeback-Delivery"] == str(d.pk)
    assert request.headers["Comeback-Event-Id"] == "evt_41"
    body = json.loads(request.body)
    assert body == {
        "id": "evt_41",
        "type": "order.line.paid",
        "created_at": "2027-03-01T09:00:00Z",
        "data": {"seller_id": subscription.subscription.seller_id, "order_id": 7, "line_id": 70},
    }
    assert signing.verify(
        subscription.secret, request.body, request.headers["Comeback-Signature"], now=T0.timestamp()
    ) == int(T0.timestamp())


@pytest.mark.django_db
def test_given_an_endpoint_failing_when_retried_then_backoff_follows_the_schedule_and_it_gives_up(
    subscription, receiver
):
    receiver.statuses = [500] * services.MAX_ATTEMPTS
    with time_machine.travel(T0, tick=False) as clock:
        d = _pending(subscription.subscription)
        expected_at = T0
        for attempt in range(1, services.MAX_ATTEMPTS + 1):
            clock.move_to(expected_at)
            assert services.due_delivery_ids() == [d.pk]
            d = services.attempt_delivery(delivery_id=d.pk)
            assert d.attempts == attempt and d.last_status_code == 500
            if attempt < services.MAX_ATTEMPTS:
                assert d.status == DeliveryStatus.FAILED
                expected_at = expected_at + services.BACKOFF[attempt - 1]
                assert d.next_attempt_at == expected_at
                clock.move_to(expected_at - timedelta(seconds=1))
                assert services.due_delivery_ids() == []  # not due a second early
        assert d.status == DeliveryStatus.GAVE_UP and d.next_attempt_at is None
    assert len(receiver.requests) == services.MAX_ATTEMPTS
    assert [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)] == list(
        services.BACKOFF[:4]
    )


@pytest.mark.django_db
def test_given_a_failed_delivery_when_the_endpoint_recovers_then_the_retry_succeeds(subscription, receiver):
    receiver.statuses = [503]
    with time_machine.travel(T0, tick=False) as clock:
        d = _pending(subscription.subscription)
        services.attempt_delivery(delivery_id=d.pk)
        clock.shift(services.BACKOFF[0])
        counts = services.deliver_due()
    d.refresh_from_db()
    assert counts["succeeded"] == 1 and d.status == DeliveryStatus.SUCCEEDED and d.attempts == 2
    assert [r.headers["Comeback-Attempt"] for r in receiver.requests] == ["1", "2"]
    assert receiver.requests[0].body == receiver.requests[1].body  # same bytes on every retry


@pytest.mark.django_db
def test_given_a_delivery_not_yet_due_when_attempted_then_nothing_is_sent(subscription, receiver):
    receiver.statuses = [500]
    with time_machine.travel(T0, tick=False):
        d = _pending(subscription.subscription)
        services.attempt_delivery(delivery_id=d.pk)
        again = services.attempt_delivery(delivery_id=d.pk)
    assert again.attempts == 1 and len(receiver.requests) == 1


@pytest.mark.django_db
def test_given_a_redirect_when_delivered_then_it_is_not_followed_and_counts_as_a_failure(
    subscription, receiver
):
    receiver.statuses = [302]
    d = services.attempt_delivery(delivery_id=_pending(subscription.subscription).pk)
    assert d.status == DeliveryStatus.FAILED and d.last_status_code == 302 and len(receiver.requests) == 1


@pytest.mark.django_db
def test_given_nothing_listening_when_delivered_then_the_error_is_logged_and_a_retry_scheduled(seller):
    created = services.create_subscription(seller=seller, url="http://127.0.0.1:9/hooks", events=["*"])
    d = services.attempt_delivery(delivery_id=_pending(created.subscription).pk)
    assert d.status == DeliveryStatus.FAILED and d.last_status_code is None
    assert "Connection" in d.last_error or "refused" in d.last_error.lower()


@pytest.mark.django_db
def test_given_private_targets_refused_when_delivering_to_loopback_then_nothing_is_sent(
    subscription, receiver, settings
):
    d = _pending(subscription.subscription)
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False
    d = services.attempt_delivery(delivery_id=d.pk)
    assert d.status == DeliveryStatus.FAILED and d.last_error.startswith("url_private_address")
    assert receiver.requests == []


@pytest.mark.django_db
def test_given_an_open_transaction_when_a_delivery_is_attempted_then_it_refuses_and_sends_nothing(
    subscription, receiver
):
    d = _pending(subscription.subscription)
    with transaction.atomic(), pytest.raises(RuntimeError, match="transaction"):
        services.attempt_delivery(delivery_id=d.pk)
    assert receiver.requests == []
    assert WebhookDelivery.objects.get(pk=d.pk).attempts == 0


@pytest.mark.django_db
def test_given_an_event_emitted_in_a_transaction_when_it_commits_then_and_only_then_it_is_delivered(
    subscription, receiver, django_capture_on_commit_callbacks
):
    seller_id = subscription.subscription.seller_id
    with django_capture_on_commit_callbacks(execute=False) as drains:
        with transaction.atomic():
            outbox.emit("return.requested", seller_id=seller_id, order_id=3, return_id=9)
        assert receiver.requests == [] and WebhookDelivery.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=False) as fan_out_commits:
        for callback in drains:
            callback()  # the outbox drain (immediate task backend in tests) fans out
    assert receiver.requests == []  # the delivery itself waits for the fan-out's commit
    for callback in fan_out_commits:
        callback()
    [request] = receiver.requests
    assert json.loads(request.body)["type"] == "return.requested"
    assert json.loads(request.body)["data"]["return_id"] == 9


@pytest.mark.django_db
def test_given_a_paused_subscription_when_its_delivery_is_due_then_it_waits(subscription, receiver):
    d = _pending(subscription.subscription)
    services.update_subscription(
        seller=subscription.subscription.seller,
        subscription_id=subscription.subscription.pk,
        changes={"is_active": False},
    )
    assert services.attempt_delivery(delivery_id=d.pk).status == DeliveryStatus.PENDING
    assert services.due_delivery_ids() == [] and receiver.requests == []


@pytest.mark.django_db
def test_given_a_ping_when_the_endpoint_fails_then_it_is_not_retried(subscription, receiver):
    receiver.statuses = [500]
    ping = services.send_test(
        seller=subscription.subscription.seller, subscription_id=subscription.subscription.pk
    )
    assert ping.status == DeliveryStatus.GAVE_UP and ping.attempts == 1
    assert json.loads(receiver.requests[0].body)["type"] == "ping"


@pytest.mark.django_db
def test_given_due_deliveries_when_the_command_runs_then_it_attempts_them(subscription, receiver, capsys):
    _pending(subscription.subscription, event_id=1)
    _pending(subscription.subscription, event_id=2)
    call_command("deliver_due_webhooks")
    assert "succeeded: 2" in capsys.readouterr().out
    assert len(receiver.requests) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_two_workers_racing_for_one_delivery_when_both_attempt_then_the_receiver_gets_one_request(
    subscription, receiver
):
    d = _pending(subscription.subscription)
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(services.attempt_delivery(delivery_id=d.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(receiver.requests) == 1
    d.refresh_from_db()
    assert d.status == DeliveryStatus.SUCCEEDED and d.attempts == 1
    assert sum(1 for r in results if r is not None and r.attempts == 1) >= 1
