"""One outbox drain queued at a time (core/outbox.py, changed for checkout's hot path): a commit that finds a
drain waiting in the database task queue relies on it, and a drain claims batch after batch until none is left."""

from __future__ import annotations

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from comeback.core import outbox
from comeback.core.models import OutboxEvent

# Real commits: the drain is queued by an on_commit hook, once per transaction.
pytestmark = pytest.mark.django_db(transaction=True)

DRAIN = "comeback.core.tasks.drain_outbox"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def _emit(n: int = 1) -> None:
    with transaction.atomic():
        outbox.emit_many([("test.event", {"n": i}) for i in range(n)])


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=DRAIN, status=TaskResultStatus.READY).count()


def test_given_no_drain_queued_when_a_transaction_emits_then_one_drain_is_queued(database_tasks):
    _emit(n=2)

    assert _queued() == 1
    assert OutboxEvent.objects.filter(topic="test.event", processed_at__isnull=True).count() == 2


def test_given_a_drain_waiting_when_more_transactions_emit_then_no_second_drain_is_queued(database_tasks):
    for _ in range(3):
        _emit()

    assert _queued() == 1
    assert outbox.drain() == 3  # the one waiting drain delivers all of them


def test_given_the_waiting_drain_was_claimed_when_a_transaction_emits_then_a_new_drain_is_queued(
    database_tasks,
):
    _emit()
    DBTaskResult.objects.filter(task_path=DRAIN).update(status=TaskResultStatus.RUNNING)  # a worker took it

    _emit()

    assert _queued() == 1


def test_given_more_pending_events_than_a_batch_when_draining_then_one_drain_delivers_them_all(
    database_tasks,
):
    _emit(n=5)
    DBTaskResult.objects.filter(task_path=DRAIN).update(status=TaskResultStatus.RUNNING)

    assert outbox.drain(limit=2) == 5  # batch after batch, until a claim comes back short

    assert _queued() == 0  # nothing is left behind for another drain


def test_given_the_immediate_backend_when_events_are_emitted_then_they_are_delivered_at_commit():
    _emit(n=2)

    assert not OutboxEvent.objects.filter(topic="test.event", processed_at__isnull=True).exists()


@pytest.fixture
def heard():
    """An after-commit handler for a test topic: each call's payloads, in order."""
    calls: list[list[dict]] = []

    def handler(payloads):
        calls.append(list(payloads))

    outbox.after_commit("test.event")(handler)
    yield calls
    outbox._after_commit["test.event"].remove(handler)


def test_given_one_delivery_when_two_transactions_emit_then_the_handlers_hear_both_once_at_its_end(
    database_tasks, heard
):
    with outbox.one_delivery():
        _emit()
        _emit()
        assert heard == [] and _queued() == 0  # nothing yet: both commits wait for the block's end

    assert heard == [[{"n": 0}, {"n": 0}]]
    assert _queued() == 1


def test_given_one_delivery_when_a_transaction_rolls_back_then_only_the_committed_events_are_heard(
    database_tasks, heard
):
    with outbox.one_delivery():
        _emit()
        with pytest.raises(RuntimeError), transaction.atomic():
            outbox.emit_many([("test.event", {"n": "rolled back"})])
            raise RuntimeError

    assert heard == [[{"n": 0}]]


def test_given_one_delivery_when_the_block_raises_after_a_commit_then_the_commit_is_still_delivered(
    database_tasks, heard
):
    with pytest.raises(RuntimeError), outbox.one_delivery():
        _emit()
        raise RuntimeError  # the payment service did not answer, say

    assert heard == [[{"n": 0}]]
    assert _queued() == 1
