"""`comeback scheduler` (core/scheduler.py): one runner across nodes, takeover, recorded runs."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command

from comeback.core import clock, scheduler
from comeback.core.models import Lease, ScheduledJob

from ..concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)

runs: Counter = Counter()


def _count():
    runs["count"] += 1


def _fail():
    raise RuntimeError("the payout provider is down")


COUNT = scheduler.Job("test-count", timedelta(seconds=30), _count)
FAIL = scheduler.Job("test-fail", timedelta(seconds=30), _fail)


@pytest.fixture(autouse=True)
def _reset():
    runs.clear()


def test_given_two_schedulers_when_they_tick_together_for_ten_minutes_then_each_due_run_happens_once():
    a = scheduler.Scheduler(holder="node-a", jobs=[COUNT])
    b = scheduler.Scheduler(holder="node-b", jobs=[COUNT])
    start = clock.now()
    for second in range(0, 600, 5):
        at = start + timedelta(seconds=second)
        race([lambda at=at: a.tick(now=at, wait=True), lambda at=at: b.tick(now=at, wait=True)])

    assert runs["count"] == 20  # every 30 s over 600 s, by one of them only
    assert Lease.objects.get(name=scheduler.LEASE).holder in ("node-a", "node-b")
    assert ScheduledJob.objects.get(name="test-count").runs == 20


def test_given_the_holder_stops_when_its_lease_lapses_then_the_other_takes_over():
    a = scheduler.Scheduler(holder="node-a", jobs=[COUNT])
    b = scheduler.Scheduler(holder="node-b", jobs=[COUNT])
    start = clock.now()
    assert a.tick(now=start, wait=True) == ["test-count"]

    # node-a is killed: it never renews
    assert b.tick(now=start + timedelta(seconds=scheduler.LEASE_SECONDS - 1), wait=True) == []
    assert b.tick(now=start + timedelta(seconds=scheduler.LEASE_SECONDS + 16), wait=True) == ["test-count"]
    assert Lease.objects.get().holder == "node-b"
    assert runs["count"] == 2


def test_given_a_job_that_fails_when_it_runs_then_the_failure_and_the_last_success_are_recorded():
    s = scheduler.Scheduler(holder="node-a", jobs=[COUNT, FAIL])
    s.tick(wait=True)

    ok, failed = ScheduledJob.objects.get(name="test-count"), ScheduledJob.objects.get(name="test-fail")
    assert ok.last_succeeded_at is not None and ok.failures == 0
    assert failed.last_succeeded_at is None and failed.failures == 1
    assert "payout provider is down" in failed.last_error


def test_given_the_stopped_scheduler_released_its_lease_when_another_ticks_then_it_runs_at_once():
    a = scheduler.Scheduler(holder="node-a", jobs=[COUNT])
    a.tick(wait=True)
    scheduler.release_lease("node-a")  # a clean stop (SIGTERM)

    b = scheduler.Scheduler(holder="node-b", jobs=[])
    assert b.tick() == [] and Lease.objects.get().holder == "node-b"


def test_every_periodic_job_is_registered_and_runs_on_an_empty_marketplace(capsys):
    names = {job.name for job in scheduler.registered()}
    assert {
        "orders-sweep",
        "payouts-run",
        "invoices-monthly",
        "tradein-sweep",
        "aftersales-sweep",
        "deliver-due-webhooks",
        "seller-jobs",
        "refresh-insights",
        "prune",
        "prune-webhook-deliveries",
        "outbox-drain",
    } <= names
    assert next(j for j in scheduler.registered() if j.name == "orders-sweep").every <= timedelta(minutes=1)

    call_command("scheduler", once=True)

    assert (
        set(ScheduledJob.objects.filter(last_succeeded_at__isnull=False).values_list("name", flat=True))
        == names
    )
    call_command("scheduler", list=True)
    assert "orders-sweep" in capsys.readouterr().out
