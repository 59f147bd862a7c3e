"""Pruning: what the outbox and the task queue have finished with is deleted after a retention period set in
settings (docs/deploy.md "Freshness and healing"); so are rate-limit windows that are over and Idempotency-Key
answers past their period. Dead outbox events are kept until staff replay them.

Rows go in chunks, each its own short transaction, so pruning never holds locks for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from . import clock, scheduler

CHUNK = 5_000


def delete_in_chunks(queryset, *, chunk: int = CHUNK) -> int:
    """Delete what `queryset` selects, a chunk of primary keys at a time; returns how many rows went."""
    deleted = 0
    while True:
        ids = list(queryset.order_by().values_list("pk", flat=True)[:chunk])
        if not ids:
            return deleted
        deleted += queryset.model.objects.filter(pk__in=ids).delete()[1].get(queryset.model._meta.label, 0)


def prune(*, at: datetime | None = None) -> dict[str, int]:
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    from . import idempotency, ratelimit
    from .models import OutboxEvent

    at = at or clock.now()
    outbox_before = at - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    tasks_before = at - timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    return {
        "outbox_events": delete_in_chunks(OutboxEvent.objects.filter(processed_at__lt=outbox_before)),
        "task_results": delete_in_chunks(
            DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
                finished_at__lt=tasks_before,
            )
        ),
        "rate_counters": ratelimit.prune(at=at),
        "idempotency_keys": idempotency.prune(at=at),
    }


@scheduler.every(timedelta(hours=1), "prune")
def prune_job() -> dict[str, int]:
    return prune()
