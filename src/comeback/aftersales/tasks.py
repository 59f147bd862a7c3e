"""Background work of after-sales (django-tasks). Escalation is derived from time when read; this task only
notifies, once per missed deadline. `comeback aftersales-sweep` runs it once (cron it every few minutes)."""

from __future__ import annotations

from django_tasks import task


@task()
def notify_escalations() -> int:
    from . import services

    return services.notify_escalations()
