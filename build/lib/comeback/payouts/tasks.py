"""Background work of payouts (django-tasks). `run_due` is idempotent: the scheduler calls it every day
(or more often); on payout days it pays, on other days it does nothing."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import scheduler


@scheduler.every(timedelta(hours=1), "payouts-run")
@task()
def run_due() -> dict:
    """Today's payout run if today is a payout day, then the provider's news about sent transfers."""
    from .services import runs, sending

    run = runs.run_due()
    synced = sending.sync_sent()
    return {"run": run.pk if run else None, **synced}
