"""`comeback scheduler`: every periodic job, on exactly one node at a time, with no cron (docs/deploy.md).

- Jobs register where they are defined: `@scheduler.every(timedelta(seconds=30), "orders-sweep")` over a
  function or a django-tasks task (its function runs). Any app may add one; `comeback scheduler --list`
  shows them with their last runs.
- One runner: the scheduler holds a lease row (`core.Lease` "scheduler"), taken with a guarded UPDATE and
  renewed every tick. Another scheduler takes over once it lapses (LEASE_SECONDS without renewal: a killed
  or frozen node). The same on PostgreSQL and SQLite, so many schedulers may be started safely.
- A job is due `every` after its last start, recorded in `core.ScheduledJob` (a scheduler taking over does
  not run everything again at once); each run happens in its own thread, so a slow job never delays the
  others, and a job never overlaps itself within the scheduler. Starts, successes (with their time) and
  failures (with the error) are recorded; every job is idempotent, so a run repeated after a takeover is
  harmless.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, close_old_connections, connections, transaction
from django.db.models import F, Q

from . import clock

log = logging.getLogger(__name__)

LEASE = "scheduler"
LEASE_SECONDS = 15  # a stopped scheduler is replaced within this (the fleet's healing target is 30 s)
TICK_SECONDS = 1.0


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], object]


_jobs: dict[str, Job] = {}


def every(interval: timedelta, name: str):
    """Register the decorated function (or task) as the periodic job `name`."""

    def register(fn):
        _jobs[name] = Job(name, interval, getattr(fn, "call", fn))
        return fn

    return register


def registered() -> list[Job]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# The lease ----------------------------------------------------------------------------------------------
def take_lease(holder: str, *, now: datetime | None = None, seconds: float = LEASE_SECONDS) -> bool:
    """Hold (or keep holding) the scheduler's lease; False while another holder's lease runs."""
    from .models import Lease

    now = now or clock.now()
    until = now + timedelta(seconds=seconds)
    if (
        Lease.objects.filter(name=LEASE)
        .filter(Q(holder=holder) | Q(expires_at__lt=now))
        .update(holder=holder, expires_at=until)
    ):
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=LEASE, holder=holder, expires_at=until)
    except IntegrityError:
        return False  # someone holds it
    return True


def release_lease(holder: str) -> None:
    from .models import Lease

    Lease.objects.filter(name=LEASE, holder=holder).delete()


# Runs ---------------------------------------------------------------------------------------------------
def due(*, now: datetime | None = None, jobs: list[Job] | None = None) -> list[Job]:
    from .models import ScheduledJob

    now = now or clock.now()
    started = dict(ScheduledJob.objects.values_list("name", "last_started_at"))
    return [
        job
        for job in (registered() if jobs is None else jobs)
        if started.get(job.name) is None or started[job.name] + job.every <= now
    ]


def run_job(job: Job, *, at: datetime | None = None) -> bool:
    """Run one job now, recording its start (at `at`, the tick's time), then its success or its failure."""
    from .models import ScheduledJob

    started = at or clock.now()
    ScheduledJob.objects.get_or_create(name=job.name)
    ScheduledJob.objects.filter(name=job.name).update(last_started_at=started, runs=F("runs") + 1)
    began = time.monotonic()
    try:
        job.run()
    except Exception as exc:
        log.exception("scheduled job %s failed", job.name)
        _record(job, ok=False, error=f"{type(exc).__name__}: {exc}"[:2000], began=began)
        return False
    _record(job, ok=True, error="", began=began)
    return True


def _record(job: Job, *, ok: bool, error: str, began: float) -> None:
    from .models import ScheduledJob

    fields = {"last_duration_ms": int((time.monotonic() - began) * 1000)}
    if ok:
        fields["last_succeeded_at"] = clock.now()
    else:
        fields.update(last_failed_at=clock.now(), last_error=error, failures=F("failures") + 1)
    for _attempt in range(30):  # the database may be down just now: the outcome is worth waiting for
        try:
            ScheduledJob.objects.filter(name=job.name).update(**fields)
            return
        except Exception:
            close_old_connections()
            time.sleep(1)


class Scheduler:
    def __init__(self, *, holder: str | None = None, jobs: list[Job] | None = None):
        self.holder = holder or holder_name()
        self.jobs = jobs  # None: every registered job, as registered when each tick runs
        self._threads: dict[str, threading.Thread] = {}
        self.stopping = threading.Event()

    def tick(self, *, now: datetime | None = None, wait: bool = False) -> list[str]:
        """Take or renew the lease, then start every due job that is not running. Returns the started names."""
        if not take_lease(self.holder, now=now):
            return []
        started = []
        for job in due(now=now, jobs=self.jobs):
            running = self._threads.get(job.name)
            if running is not None and running.is_alive():
                continue
            thread = threading.Thread(target=self._run, args=(job, now), name=f"job-{job.name}", daemon=True)
            self._threads[job.name] = thread
            thread.start()
            started.append(job.name)
        if wait:
            self.join()
        return started

    @staticmethod
    def _run(job: Job, now: datetime | None = None) -> None:
        try:
            run_job(job, at=now)
        finally:
            connections.close_all()  # this thread's own connections

    def join(self, timeout: float | None = None) -> None:
        for thread in list(self._threads.values()):
            thread.join(timeout)

    def run_forever(self, *, tick: float = TICK_SECONDS) -> None:
        """Tick until stopped; a database that goes away is waited for, never a reason to exit."""
        pause = tick
        while not self.stopping.is_set():
            try:
                close_old_connections()
                self.tick()
                pause = tick
            except Exception:
                log.warning("scheduler tick failed; retrying in %.0f s", pause, exc_info=True)
                connections.close_all()
                pause = min(pause * 2, 10.0)
            self.stopping.wait(pause)
        self.join(timeout=30)
        try:
            release_lease(self.holder)  # the next scheduler need not wait for the lease to lapse
        except Exception:
            log.warning("could not release the scheduler lease", exc_info=True)
