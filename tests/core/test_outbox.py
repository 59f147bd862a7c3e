import pytest
from django.db import transaction

from comeback.core import outbox
from comeback.core.models import OutboxEvent


@pytest.mark.django_db(transaction=True)
def test_given_an_emitted_event_when_the_transaction_commits_then_its_handler_runs_once():
    seen: list[int] = []

    @outbox.handles("test.ping")
    def on_ping(event_id, payload):
        seen.append(payload["n"])

    with transaction.atomic():
        outbox.emit("test.ping", n=1)
    assert seen == [1]  # immediate task backend drains after commit
    assert OutboxEvent.objects.get().processed_at is not None
    assert outbox.drain() == 0  # already processed: never delivered twice
    assert seen == [1]


@pytest.mark.django_db(transaction=True)
def test_given_a_rolled_back_transaction_when_draining_then_nothing_is_delivered():
    seen: list[int] = []
    outbox.handles("test.rollback")(lambda eid, p: seen.append(1))
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.emit("test.rollback")
        raise RuntimeError("boom")
    assert OutboxEvent.objects.count() == 0 and seen == []


@pytest.mark.django_db(transaction=True)
def test_given_a_failing_handler_when_draining_then_the_event_stays_pending_with_the_error():
    def boom(eid, p):
        raise ValueError("receiver down")

    outbox.handles("test.fail")(boom)
    with transaction.atomic():
        outbox.emit("test.fail")
    event = OutboxEvent.objects.get()
    assert event.processed_at is None and event.attempts == 1 and "receiver down" in event.last_error
