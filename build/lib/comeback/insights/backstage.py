"""What staff see of the machinery (docs/deploy.md "Freshness and healing"): dead outbox events to replay, the
scheduler's jobs with their last runs, and the task queues. Reads only; replaying goes through core.outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min
from django.utils.translation import gettext as _

from comeback.core import clock, outbox, queues, scheduler
from comeback.core.models import ScheduledJob, WorkerBeat
from comeback.core.problems import Conflict, NotFound

PAGE = 50


@dataclass(frozen=True)
class JobRow:
    name: str
    every_seconds: int
    last_started_at: datetime | None
    last_succeeded_at: datetime | None
    last_failed_at: datetime | None
    last_error: str
    failing: bool  # the last run failed


@dataclass(frozen=True)
class QueueRow:
    name: str
    ready: int
    oldest: datetime | None
    workers: int


def dead_letters(*, offset: int = 0, limit: int = PAGE) -> tuple[list, int]:
    found = outbox.dead_letters()
    return list(found[offset : offset + limit]), found.count()


def jobs() -> list[JobRow]:
    known = {j.name: j for j in ScheduledJob.objects.all()}
    rows = []
    for job in scheduler.registered():
        rec = known.get(job.name) or ScheduledJob(name=job.name)
        rows.append(
            JobRow(
                job.name,
                int(job.every.total_seconds()),
                rec.last_started_at,
                rec.last_succeeded_at,
                rec.last_failed_at,
                rec.last_error,
                bool(
                    rec.last_failed_at
                    and (not rec.last_succeeded_at or rec.last_failed_at > rec.last_succeeded_at)
                ),
            )
        )
    return rows


def task_queues(*, at: datetime | None = None) -> list[QueueRow]:
    from django_tasks_db.models import DBTaskResult, TaskResultStatus

    at = at or clock.now()
    ready = {
        row["queue_name"]: row
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values("queue_name")
        .annotate(n=Count("id"), oldest=Min("enqueued_at"))
    }
    alive = at - timedelta(seconds=60)
    served = [q for beat in WorkerBeat.objects.filter(seen_at__gte=alive) for q in beat.queues.split(",")]
    return [
        QueueRow(name, ready.get(name, {}).get("n", 0), ready.get(name, {}).get("oldest"), served.count(name))
        for name in queues.ALL
    ]


def replay(*, event_id: int, staff) -> None:
    """Replay one dead event for a staff member: 404 when there is no such event, 409 when it is not dead."""
    from comeback.core.models import OutboxEvent

    if not outbox.replay(event_id=event_id, by=staff.email):
        if not OutboxEvent.objects.filter(pk=event_id).exists():
            raise NotFound(_("No such outbox event."), code="event_not_found")
        raise Conflict(_("This event is not waiting in the dead letters."), code="event_not_dead")
