"""Workers heal without hands (core/worker.py): real worker processes against a PostgreSQL cluster of their own,
restarted and killed for real. The same on both suites: the cluster is the test's own."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import psycopg
import pytest

from ..servers import background, comeback, private_postgres, wait_until

TASKS = "tests.core.tasks_for_tests"


@pytest.fixture(scope="module")
def pg():
    with private_postgres() as cluster:
        yield cluster


def _enqueue(pg, code: str) -> None:
    comeback(["shell", "-c", f"from {TASKS} import record, wait_for; {code}"], database=pg.url)


def _rows(pg, sql: str, params=()) -> list[tuple]:
    with psycopg.connect(pg.url.replace("postgres://", "postgresql://"), connect_timeout=5) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def _lines(path: Path) -> list[int]:
    return [int(x) for x in path.read_text().split()] if path.exists() else []


def test_given_a_worker_when_postgresql_restarts_then_it_reconnects_and_runs_every_task_once(pg, tmp_path):
    runs = tmp_path / "runs.txt"
    log = tmp_path / "worker.log"
    with background(["worker", "--queue", "outbox", "--interval", "0.2"], database=pg.url, log=log) as worker:
        _enqueue(pg, f"[record.enqueue({str(runs)!r}, n) for n in range(20)]")
        wait_until(lambda: len(_lines(runs)) == 20, what="the first 20 tasks", seconds=240)

        pg.stop()  # a crash: -m immediate
        wait_until(lambda: "database unreachable" in log.read_text(), what="the worker noticing the outage")
        pg.start()
        _enqueue(pg, f"[record.enqueue({str(runs)!r}, n) for n in range(20, 40)]")
        wait_until(lambda: len(_lines(runs)) == 40, what="the 20 tasks queued after the restart", seconds=240)

        assert worker.poll() is None, "the worker exited"
    assert sorted(_lines(runs)) == list(range(40))  # none lost, none run twice


def test_given_a_worker_killed_in_a_task_when_another_worker_runs_then_the_task_runs_again(pg, tmp_path):
    release, marker = tmp_path / "release", tmp_path / "started"
    env = {"WORKER_DEAD_AFTER_SECONDS": "2"}
    _rows(pg, "DELETE FROM django_tasks_database_dbtaskresult")
    with background(["worker", "--queue", "outbox"], database=pg.url, log=tmp_path / "a.log", **env) as a:
        _enqueue(pg, f"wait_for.enqueue({str(release)!r}, {str(marker)!r})")
        wait_until(marker.exists, what="the task starting")
        a.send_signal(signal.SIGKILL)
        a.wait()
    [(status, worker_ids)] = _rows(pg, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert status == "RUNNING"  # left behind by the killed worker
    release.touch()

    with background(["worker", "--queue", "outbox"], database=pg.url, log=tmp_path / "b.log", **env):
        wait_until(
            lambda: _rows(pg, "SELECT status FROM django_tasks_database_dbtaskresult")[0][0] == "SUCCESSFUL",
            what="the task running again",
        )
    [(ids,)] = _rows(pg, "SELECT worker_ids FROM django_tasks_database_dbtaskresult")
    first, ids = _ids(worker_ids), _ids(ids)
    assert len(ids) == 2 and ids[0] == first[0]  # the killed worker's run, then another worker's


def _ids(value) -> list[str]:
    return json.loads(value) if isinstance(value, str) else value
