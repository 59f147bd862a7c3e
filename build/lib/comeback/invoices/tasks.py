"""Background work of invoicing: the monthly commission invoices (idempotent; run it daily, it issues on
the first run of each month and finds nothing to do afterwards)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import scheduler


@scheduler.every(timedelta(hours=6), "invoices-monthly")
@task()
def issue_monthly() -> int:
    from . import services

    return len(services.issue_monthly())
