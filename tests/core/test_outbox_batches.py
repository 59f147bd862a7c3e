"""A drain hands a batch handler all of a claimed batch's events at once, and costs the same few statements for
a few events or many; a batch handler that fails on one event has only that event retried."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.core import outbox
from comeback.core.models import OutboxEvent

from ..factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_given_events_of_two_topics_when_drained_then_a_batch_handler_gets_them_at_once_oldest_first():
    calls: list[list[tuple[str, int]]] = []
    one_by_one: list[int] = []
    outbox.handles_many("test.batch.a", "test.batch.b")(
        lambda events: calls.append([(topic, payload["n"]) for _id, topic, payload in events])
    )
    outbox.handles("test.batch.a")(lambda event_id, payload: one_by_one.append(payload["n"]))
    outbox.emit_many([("test.batch.a", {"n": 1}), ("test.batch.b", {"n": 2}), ("test.batch.a", {"n": 3})])

    assert outbox.drain() == 3

    assert calls == [[("test.batch.a", 1), ("test.batch.b", 2), ("test.batch.a", 3)]]
    assert one_by_one == [1, 3]
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def test_given_a_batch_handler_failing_on_one_event_when_drained_then_only_that_event_is_retried():
    def refuse_two(events):
        if any(payload["n"] == 2 for _id, _topic, payload in events):
            raise ValueError("receiver refuses two")

    outbox.handles_many("test.batch.fail")(refuse_two)
    outbox.emit_many([("test.batch.fail", {"n": n}) for n in (1, 2, 3)])

    assert outbox.drain() == 2

    pending = OutboxEvent.objects.get(processed_at__isnull=True)
    assert pending.payload == {"n": 2} and pending.attempts == 1
    assert "receiver refuses two" in pending.last_error and pending.claimed_by == ""


def _drain_statements(n: int) -> int:
    offers = OfferFactory.create_batch(n)
    for offer in offers:  # as a reprice emits it
        outbox.emit("offer.updated", offer_id=offer.pk, seller_id=offer.seller_id, fields=["price"])
    with CaptureQueriesContext(connection) as captured:
        assert outbox.drain() == n
    return len(captured)


def test_given_more_reprices_when_the_worker_drains_them_then_its_statements_do_not_grow():
    few = _drain_statements(2)
    many = _drain_statements(12)

    # a claim, one read of the offers' pages and one of their sellers' webhooks, one update marking them
    assert few == many, f"{few} statements for 2 events, {many} for 12"
    assert many <= 8, many
