"""Tasks the worker tests queue in a real worker process (imported there by their path)."""

from __future__ import annotations

import time
from pathlib import Path

from django_tasks import task


@task(queue_name="default")
def record(path: str, n: int) -> int:
    """Append `n` to the file: a second run of the same task shows as a repeated line."""
    with open(path, "a") as f:
        f.write(f"{n}\n")
    return n


@task(queue_name="default")
def wait_for(path: str, marker: str) -> str:
    """Say it started (the marker file), then wait until `path` exists: a task a test can kill a worker in."""
    Path(marker).write_text("started")
    while not Path(path).exists():
        time.sleep(0.05)
    return "done"


@task(queue_name="default")
def note_request_id(path: str) -> str:
    """Write the request id this task runs under (core/logs.py): the one of the request that enqueued it."""
    from comeback.core import logs

    Path(path).write_text(logs.request_id())
    return logs.request_id()
