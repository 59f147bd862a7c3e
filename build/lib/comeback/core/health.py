"""Readiness: may this node take traffic, and is the fleet's background work keeping up?
(docs/deploy.md "Health, metrics, logs"). Reads only: nothing here writes to the database or the cache.

Checks, each named in `/readyz`'s body:
- database  the default database answers `SELECT 1`;
- cache     the shared cache (Redis when REDIS_URL is set) answers a read;
- storage   the media storage answers (a local folder that exists and is writable, or the S3 bucket);
- outbox    the oldest due outbox event has waited less than READYZ_OUTBOX_LAG_SECONDS (300);
- tasks     the oldest due task of any queue has waited less than READYZ_TASK_WAIT_SECONDS (300).

The first three are about this node; the last two about the fleet's workers. A load balancer should ask for
the node's own (`/readyz?checks=database,cache,storage`): taking every node out because a worker is slow
would turn a late email into an outage.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from . import clock

NODE_CHECKS = ("database", "cache", "storage")
FLEET_CHECKS = ("outbox", "tasks")
ALL_CHECKS = NODE_CHECKS + FLEET_CHECKS


class Failing(Exception):
    """A check's failure, with what an operator should read."""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float

    def as_dict(self) -> dict:
        return {"ok": self.ok, "detail": self.detail, "ms": round(self.ms, 1)}


def _database(at: datetime) -> str:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return connection.vendor


def _cache(at: datetime) -> str:
    from django.core.cache import caches

    cache = caches["default"]
    cache.get("readyz:probe")
    return type(cache).__name__


def _storage(at: datetime) -> str:
    from django.core.files.storage import FileSystemStorage, storages

    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        if not os.path.isdir(location):
            # The demo's media folder is made by the first upload; a missing parent is a broken volume.
            parent = os.path.dirname(location.rstrip(os.sep))
            if not (os.path.isdir(parent) and os.access(parent, os.W_OK)):
                raise Failing(f"media folder {location} is missing")
        elif not os.access(location, os.W_OK):
            raise Failing(f"media folder {location} is not writable")
        return "file system"
    storage.exists("readyz-probe")
    return type(storage).__name__


def outbox_lag(*, at: datetime) -> timedelta:
    """How long the oldest due, live outbox event has waited (zero when none waits)."""
    from django.db.models import Min

    from .models import OutboxEvent

    oldest = OutboxEvent.objects.filter(
        processed_at__isnull=True, dead_at__isnull=True, available_at__lte=at
    ).aggregate(oldest=Min("available_at"))["oldest"]
    return max(at - oldest, timedelta(0)) if oldest else timedelta(0)


def oldest_task_waits(*, at: datetime) -> dict[str, timedelta]:
    """Per queue, how long its oldest due task has waited: since it was enqueued, or since its run_after."""
    from django.db.models import Min
    from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

    waits: dict[str, timedelta] = {}
    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    for row in ready.filter(run_after=get_date_max()).values("queue_name").annotate(since=Min("enqueued_at")):
        waits[row["queue_name"]] = at - row["since"]
    for row in (
        ready.exclude(run_after=get_date_max())
        .filter(run_after__lte=at)
        .values("queue_name")
        .annotate(since=Min("run_after"))
    ):
        waits[row["queue_name"]] = max(waits.get(row["queue_name"], timedelta(0)), at - row["since"])
    return {q: max(w, timedelta(0)) for q, w in waits.items()}


def _outbox(at: datetime) -> str:
    limit = settings.READYZ_OUTBOX_LAG_SECONDS
    lag = outbox_lag(at=at).total_seconds()
    if lag > limit:
        raise Failing(f"the oldest due outbox event has waited {lag:.0f} s (limit {limit} s)")
    return f"lag {lag:.1f} s"


def _tasks(at: datetime) -> str:
    limit = settings.READYZ_TASK_WAIT_SECONDS
    waits = oldest_task_waits(at=at)
    late = {q: w.total_seconds() for q, w in waits.items() if w.total_seconds() > limit}
    if late:
        raise Failing(
            "; ".join(f"queue {q}: the oldest due task has waited {s:.0f} s" for q, s in sorted(late.items()))
            + f" (limit {limit} s)"
        )
    worst = max((w.total_seconds() for w in waits.values()), default=0.0)
    return f"oldest due task {worst:.1f} s"


CHECKS: dict[str, Callable[[datetime], str]] = {
    "database": _database,
    "cache": _cache,
    "storage": _storage,
    "outbox": _outbox,
    "tasks": _tasks,
}


def readiness(*, names: tuple[str, ...] = ALL_CHECKS, at: datetime | None = None) -> list[Check]:
    """Run the named checks, each on its own: a database that is down fails `database`, `outbox` and
    `tasks`, never the others."""
    at = at or clock.now()
    results = []
    for name in names:
        start = time.perf_counter()
        try:
            detail, ok = CHECKS[name](at), True
        except Failing as failure:
            detail, ok = str(failure), False
        except Exception as error:  # unreachable server, refused login, timeout: named, never a 500
            first_line = (str(error).strip().splitlines() or [""])[0]
            detail, ok = f"{type(error).__name__}: {first_line}".rstrip(": "), False
        results.append(Check(name, ok, detail, (time.perf_counter() - start) * 1000))
    return results
