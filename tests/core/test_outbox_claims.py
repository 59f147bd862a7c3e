"""Outbox delivery across workers (core/outbox.py): claims, backoff, dead letters, replay."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from comeback.core import clock, outbox
from comeback.core.models import OutboxEvent
from comeback.core.worker import Worker

from ..concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

_seen: Counter = Counter()
_lock = threading.Lock()
_failing: set[str] = set()


@outbox.handles("test.claims")
def _record(event_id: int, payload: dict) -> None:
    if payload.get("kind") in _failing:
        raise ConnectionError("receiver down")
    with _lock:
        _seen[event_id] += 1


@pytest.fixture(autouse=True)
def _reset():
    _seen.clear()
    _failing.clear()
    yield
    _failing.clear()


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


def _emit(n: int, kind: str = "ok") -> list[int]:
    with transaction.atomic():
        outbox.emit_many([("test.claims", {"n": i, "kind": kind}) for i in range(n)])
    return list(OutboxEvent.objects.filter(topic="test.claims").values_list("pk", flat=True))


def test_given_300_events_when_two_drains_race_then_each_event_is_handled_once(database_tasks):
    ids = _emit(300)

    results = race([lambda: outbox.drain(limit=20), lambda: outbox.drain(limit=20)])

    assert sum(results) == 300, results
    assert set(_seen) == set(ids) and max(_seen.values()) == 1  # 0 missing, 0 duplicates
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def test_given_two_workers_when_300_transactions_emit_then_every_event_is_handled_once_by_few_drains(
    database_tasks,
):
    workers = [
        Worker(
            queue_names=["outbox", "default"],
            interval=0.05,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"test-worker-{i}",
            excluded_queue_names=[],
        )
        for i in range(2)
    ]

    def serve(worker):
        try:
            worker.run()
        finally:
            connection.close()

    threads = [threading.Thread(target=serve, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    try:
        for i in range(300):
            with transaction.atomic():
                outbox.emit("test.claims", n=i)
        deadline = time.monotonic() + 120
        while OutboxEvent.objects.filter(processed_at__isnull=True).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        for w in workers:
            w.running = False
        for t in threads:
            t.join(timeout=30)

    ids = set(OutboxEvent.objects.values_list("pk", flat=True))
    assert len(ids) == 300
    assert set(_seen) == ids, f"missing: {len(ids - set(_seen))}"
    assert max(_seen.values()) == 1, "an event was handled twice"
    drains = DBTaskResult.objects.filter(task_path="comeback.core.tasks.drain_outbox").count()
    assert drains <= 300  # a commit that finds a drain waiting queues none


def test_given_a_drain_that_died_holding_a_claim_when_its_claim_lapses_then_another_drain_delivers(settings):
    settings.OUTBOX_CLAIM_SECONDS = 30
    _seen.clear()
    with transaction.atomic():
        OutboxEvent.objects.create(topic="test.claims", payload={"n": 1})  # no drain queued
    now = clock.now()
    assert len(outbox.claim(token="died", limit=10, now=now)) == 1

    assert outbox.drain(at=now + timedelta(seconds=10)) == 0  # still claimed by the dead drain
    assert outbox.drain(at=now + timedelta(seconds=31)) == 1
    assert sum(_seen.values()) == 1


def test_given_a_failing_handler_when_drained_again_then_each_retry_waits_twice_as_long(settings):
    settings.OUTBOX_RETRY_SECONDS = 5
    _failing.add("bad")
    with transaction.atomic():
        OutboxEvent.objects.create(topic="test.claims", payload={"kind": "bad"})
    start = clock.now()

    outbox.drain(at=start)
    event = OutboxEvent.objects.get()
    assert event.attempts == 1 and event.available_at == start + timedelta(seconds=5)
    assert "receiver down" in event.last_error

    outbox.drain(at=start + timedelta(seconds=4))
    assert OutboxEvent.objects.get().attempts == 1  # not due yet

    outbox.drain(at=start + timedelta(seconds=5))
    event = OutboxEvent.objects.get()
    assert event.attempts == 2 and event.available_at == start + timedelta(seconds=15)


def test_given_the_last_attempt_fails_when_drained_then_the_event_is_dead_until_staff_replay_it(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    settings.OUTBOX_RETRY_SECONDS = 1
    _failing.add("bad")
    with transaction.atomic():
        OutboxEvent.objects.create(topic="test.claims", payload={"kind": "bad"})
    at = clock.now()
    for _ in range(3):
        outbox.drain(at=at)
        at += timedelta(hours=1)
    event = OutboxEvent.objects.get()
    assert event.attempts == 3 and event.dead_at is not None and event.processed_at is None
    assert outbox.drain(at=at + timedelta(days=1)) == 0  # dead events wait for a person

    _failing.clear()  # the receiver is fixed
    with time_machine.travel(at, tick=False):
        assert outbox.replay(event_id=event.pk) is True
        assert outbox.replay(event_id=event.pk) is False  # once
    event.refresh_from_db()
    assert event.processed_at is not None and event.dead_at is None  # the immediate backend drained it
    assert sum(_seen.values()) == 1
