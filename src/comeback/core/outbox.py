"""Transactional outbox: `emit` inside the writing transaction, delivery after commit.

Handlers register per topic with `@handles("offer.published")`; each must be idempotent because
a crash between handling and marking processed replays the event.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from comeback.core import clock

log = logging.getLogger(__name__)
_handlers: dict[str, list[Callable[[int, dict], None]]] = defaultdict(list)


def handles(topic: str):
    def register(fn: Callable[[int, dict], None]):
        _handlers[topic].append(fn)
        return fn

    return register


def emit(topic: str, **payload) -> None:
    emit_many([(topic, payload)])


def emit_many(events: list[tuple[str, dict]]) -> None:
    """Record several events with one INSERT (hot paths such as checkout)."""
    if not events:
        return
    from comeback.core.models import OutboxEvent

    if len(events) == 1:
        OutboxEvent.objects.create(topic=events[0][0], payload=events[0][1])
    else:
        OutboxEvent.objects.bulk_create([OutboxEvent(topic=topic, payload=payload) for topic, payload in events])
    # One drain per transaction is enough, however many events it emits.
    conn = transaction.get_connection()
    if not conn.in_atomic_block or not any(entry[1] is _schedule_drain for entry in conn.run_on_commit):
        transaction.on_commit(_schedule_drain)


def _schedule_drain() -> None:
    from comeback.core.tasks import drain_outbox

    try:
        drain_outbox.enqueue()
    except Exception:  # the event is safe in the table; the next drain delivers it
        log.exception("could not enqueue outbox drain")


def drain(limit: int = 500) -> int:
    """Deliver pending events in order. Returns how many were processed."""
    from comeback.core.models import OutboxEvent

    done = 0
    for event in OutboxEvent.objects.filter(processed_at__isnull=True).order_by("id")[:limit]:
        try:
            for handler in _handlers.get(event.topic, []):
                handler(event.pk, event.payload)
        except Exception as exc:
            log.exception("outbox handler failed for %s", event)
            OutboxEvent.objects.filter(pk=event.pk).update(attempts=event.attempts + 1, last_error=str(exc)[:2000])
            continue
        # guarded: a concurrent drainer that already marked it wins, we do not double-count
        done += OutboxEvent.objects.filter(pk=event.pk, processed_at__isnull=True).update(processed_at=clock.now())
    return done
