"""Real-thread races for concurrency tests (docs/design.md §5): every callable starts at the same instant."""

from __future__ import annotations

import threading

from django.db import connection


def race(fns):
    """Run each callable in its own thread, all released at once; returns their results or exceptions."""
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(i, fn):
        try:
            barrier.wait(timeout=10)
            results[i] = fn()
        except Exception as exc:  # collected and asserted on by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results
