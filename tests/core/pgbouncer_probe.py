"""Run inside `comeback shell` through a PgBouncer in transaction mode (tests/core/test_postgres_at_scale.py):
threads that each take many short transactions — so PgBouncer hands every one a different server connection
— with server-side binding (the checkout's hot path) and `.iterator()` (a server-side cursor unless
DISABLE_SERVER_SIDE_CURSORS). Prints what it saw as JSON."""

from __future__ import annotations

import json
import threading

from django.conf import settings
from django.db import connection, connections, transaction
from django.db.backends.postgresql.base import ServerBindingCursor

from comeback.core.models import OutboxEvent

ROWS = 400
THREADS = 4
ROUNDS = 25


def _bound_select(n: int) -> int:
    connection.ensure_connection()
    cur = ServerBindingCursor(connection.connection)
    try:
        cur.execute("SELECT count(*) + %s FROM core_outboxevent WHERE topic = %s", [n, "probe"])
        return cur.fetchone()[0] - n
    finally:
        cur.close()


def _work(results: list, errors: list) -> None:
    try:
        for n in range(ROUNDS):
            with transaction.atomic():
                results.append(("bound", _bound_select(n)))
            results.append(
                ("iterated", sum(1 for _ in OutboxEvent.objects.filter(topic="probe").iterator(50)))
            )
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()


def main() -> None:
    OutboxEvent.objects.filter(topic="probe").delete()
    OutboxEvent.objects.bulk_create(OutboxEvent(topic="probe", payload={"n": i}) for i in range(ROWS))
    results: list = []
    errors: list = []
    threads = [threading.Thread(target=_work, args=(results, errors)) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        json.dumps(
            {
                "server_side_cursors_disabled": settings.DATABASES["default"].get(
                    "DISABLE_SERVER_SIDE_CURSORS"
                ),
                "prepare_threshold": settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold"),
                "bound": sorted({v for k, v in results if k == "bound"}),
                "iterated": sorted({v for k, v in results if k == "iterated"}),
                "runs": len(results),
                "errors": errors[:3],
            }
        )
    )
