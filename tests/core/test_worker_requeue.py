"""A task RUNNING in a live worker's name that the worker is not running (the database forgot its outcome)
goes back to READY; the task it runs now, and another live worker's, stay (core/worker.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from comeback.core import clock, worker

ME, PEER = "node-a:1:aaaa", "node-b:2:bbbb"


def _running(*, by: str, ago: timedelta) -> DBTaskResult:
    now = clock.now()
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=now - ago,
        args_kwargs={"args": ["/dev/null", 1], "kwargs": {}},
        task_path="tests.core.tasks_for_tests.record",
        worker_ids=[by],
        backend_name="default",
        run_after=now - ago,
    )


@pytest.fixture
def beats(db):
    now = clock.now()
    for name in (ME, PEER):
        worker.beat(worker=name, queues="default", started_at=now, now=now)


def test_given_a_task_in_my_name_that_i_do_not_run_when_i_check_then_it_runs_again(beats):
    forgotten = _running(by=ME, ago=timedelta(minutes=1))
    mine_now = _running(by=ME, ago=timedelta(minutes=1))
    peers = _running(by=PEER, ago=timedelta(minutes=1))

    assert worker.requeue_abandoned(worker=ME, running=str(mine_now.pk)) == 1

    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses[forgotten.pk] == TaskResultStatus.READY
    assert statuses[mine_now.pk] == TaskResultStatus.RUNNING  # the one I run
    assert statuses[peers.pk] == TaskResultStatus.RUNNING  # a live peer's


def test_given_a_task_i_just_claimed_when_i_check_before_it_starts_then_it_stays_running(beats):
    just_claimed = _running(by=ME, ago=timedelta(seconds=1))

    assert worker.requeue_abandoned(worker=ME, running=None) == 0
    assert DBTaskResult.objects.get(pk=just_claimed.pk).status == TaskResultStatus.RUNNING
