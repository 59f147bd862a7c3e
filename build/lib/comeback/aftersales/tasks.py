"""Background work of after-sales (django-tasks). Escalation is derived from time when read; this task only
notifies, once per missed deadline. `comeback aftersales-sweep` runs it once (`comeback scheduler` runs it every minute)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import scheduler


@scheduler.every(timedelta(minutes=1), "aftersales-sweep")
@task()
def notify_escalations() -> int:
    from . import services

    return services.notify_escalations()
