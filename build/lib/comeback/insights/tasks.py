"""Background work of insights (django-tasks): keep the rollups current. `comeback scheduler` runs `refresh_recent`
every five minutes (or run `comeback refresh-insights`); the dashboard says how current its figures are."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import queues, scheduler

RECENT_DAYS = 7  # late facts (a back-dated delivery scan) land within days, not weeks


@scheduler.every(timedelta(minutes=5), "refresh-insights")
@task(queue_name=queues.REPORTS)
def refresh_recent(days: int = RECENT_DAYS) -> int:
    """Rebuild the last `days` days of every market's rollups; returns the rows written."""
    from comeback.core import clock

    from . import services

    since = (clock.now() - timedelta(days=days + 1)).date()  # +1: the furthest-behind timezone's yesterday
    return services.refresh(since=since).rows


@task(queue_name=queues.REPORTS)
def refresh_all() -> int:
    from . import services

    return services.refresh().rows
