"""`comeback worker`: django-tasks' database worker, made to outlive its database and its peers.

- The database goes away (a restart, a failover): the loop waits, reconnects and goes on, where the stock
  `db_worker` exits for good. A task that finished while the database was away has its outcome written
  once it is back.
- A task left RUNNING by a worker that died (kill -9, a lost node) runs again: every worker beats
  (`core.WorkerBeat`) every HEARTBEAT_SECONDS from a thread of its own, and RUNNING tasks whose worker has
  been silent for WORKER_DEAD_AFTER_SECONDS go back to READY. Tasks of workers that never beat (a plain
  `db_worker`) go back after TASK_RUNNING_TIMEOUT_SECONDS. Every task is idempotent, so a second run is safe.
- A worker only judges others after its own database access has worked for that long, so coming back
  from an outage it does not mistake the others' missed beats for deaths.
- A database can come back without its last commits (a crash under asynchronous commit, a failover to a
  replica that lagged): a task this worker finished may be RUNNING again in its name. Its beats say it is
  alive, so no one else would ever take the task back; the worker itself puts back to READY every task
  RUNNING in its name that it is not running (claimed more than FORGOTTEN_AFTER_SECONDS ago).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from . import clock, logs

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
RECOVERY_EVERY_SECONDS = 10.0
OUTAGE = (OperationalError, InterfaceError)


RETRY_AFTER_OUTAGE_SECONDS = 5
# A task claimed by this worker and not running here this long after its claim was forgotten by the
# database (its outcome lost). Far longer than the instant between a claim and the task's start.
FORGOTTEN_AFTER_SECONDS = 10


def _outages() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (*OUTAGE, RedisConnectionError, RedisTimeoutError)


def worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "WORKER_DEAD_AFTER_SECONDS", 20))


def beat(*, worker: str, queues: str, started_at: datetime, now: datetime | None = None) -> None:
    from .models import WorkerBeat

    now = now or clock.now()
    if not WorkerBeat.objects.filter(worker_id=worker).update(seen_at=now):
        WorkerBeat.objects.update_or_create(
            worker_id=worker,
            defaults={
                "queues": queues[:200],
                "host": socket.gethostname()[:120],
                "pid": os.getpid(),
                "started_at": started_at,
                "seen_at": now,
            },
        )


def requeue_abandoned(
    *, now: datetime | None = None, worker: str | None = None, running: str | None = None
) -> int:
    """Put back to READY every RUNNING task whose worker is gone; returns how many. Guarded per task.

    Called by `worker`, which is running the task `running` (or none): a task RUNNING in that worker's name
    that it is not running was forgotten by the database, and is put back too."""
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    from .models import WorkerBeat

    now = now or clock.now()
    beats = dict(WorkerBeat.objects.values_list("worker_id", "seen_at"))
    silent_since = now - _dead_after()
    timeout = now - timedelta(seconds=getattr(settings, "TASK_RUNNING_TIMEOUT_SECONDS", 900))
    requeued = 0
    for pk, worker_ids, started_at in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING
    ).values_list("id", "worker_ids", "started_at"):
        last = worker_ids[-1] if worker_ids else None
        seen = beats.get(last)
        if worker is not None and last == worker:
            forgotten = now - timedelta(seconds=FORGOTTEN_AFTER_SECONDS)
            abandoned = str(pk) != running and (started_at is None or started_at < forgotten)
        elif seen is not None:
            abandoned = seen < silent_since
        else:
            abandoned = started_at is None or started_at < timeout
        if abandoned:
            requeued += DBTaskResult.objects.filter(
                pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at
            ).update(status=TaskResultStatus.READY, started_at=None)
            log.warning("task %s of worker %s runs again: its worker stopped", pk, last)
    WorkerBeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return requeued


class Worker(DatabaseWorker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = clock.now()
        self._db_ok_since: float | None = None  # monotonic time since which the database has answered
        self._stop = threading.Event()
        self._running: str | None = None  # the id of the task this worker runs now

    def run(self) -> None:
        threading.Thread(target=self._heartbeat, name="worker-heartbeat", daemon=True).start()
        pause = 0.5
        try:
            while self.running:
                try:
                    super().run()
                    return  # batch or max-tasks reached
                except OUTAGE:
                    self._db_ok_since = None
                    log.warning("database unreachable; the worker retries in %.1f s", pause, exc_info=True)
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 5.0)
        finally:
            self._stop.set()

    def run_task(self, db_task_result) -> None:
        """As django-tasks runs it, except that recording the outcome waits for the database to come back."""
        save = db_task_result.save

        def save_until_stored(*args, **kwargs):
            pause = 0.5
            while True:
                try:
                    return save(*args, **kwargs)
                except OUTAGE:
                    log.warning(
                        "database unreachable; task %s outcome kept until it is back", db_task_result.id
                    )
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 5.0)

        db_task_result.save = save_until_stored
        set_failed = db_task_result.set_failed

        def set_failed_unless_outage(exc: BaseException) -> None:
            if not isinstance(exc, _outages()):
                set_failed(exc)
                return
            # The database or Redis went away under the task, not the task's own fault: run it again soon.
            from django_tasks_db.models import TaskResultStatus

            log.warning("task %s met an outage (%s); it runs again", db_task_result.id, type(exc).__name__)
            db_task_result.status = TaskResultStatus.READY
            db_task_result.started_at = None
            db_task_result.run_after = clock.now() + timedelta(seconds=RETRY_AFTER_OUTAGE_SECONDS)
            db_task_result.save(update_fields=["status", "started_at", "run_after"])

        db_task_result.set_failed = set_failed_unless_outage
        self._running = str(db_task_result.id)
        try:
            with logs.bound(logs.task_request_id(db_task_result)):  # the id of the request that enqueued it
                super().run_task(db_task_result)
        finally:
            self._running = None

    def _heartbeat(self) -> None:
        queues = ",".join(self.queue_names)
        next_recovery = 0.0
        while not self._stop.wait(0 if self._db_ok_since is None else HEARTBEAT_SECONDS):
            try:
                beat(worker=self.worker_id, queues=queues, started_at=self.started_at)
                if self._db_ok_since is None:
                    self._db_ok_since = time.monotonic()
                trusted = time.monotonic() - self._db_ok_since >= _dead_after().total_seconds()
                if trusted and time.monotonic() >= next_recovery:
                    requeue_abandoned(worker=self.worker_id, running=self._running)
                    next_recovery = time.monotonic() + RECOVERY_EVERY_SECONDS
            except Exception:
                self._db_ok_since = None
                log.warning("worker heartbeat failed; retrying", exc_info=True)
                connections.close_all()
                self._stop.wait(1)
        connections.close_all()
