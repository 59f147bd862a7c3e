"""Background work of buying (django-tasks). None of it is needed for correctness — every time-based
rule is derived from timestamps when read — but running it keeps lists, emails and money moving.
`comeback orders-sweep` runs them all once; `comeback scheduler` runs them on schedule."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import scheduler

SWEEP_EVERY = timedelta(seconds=30)  # a lapsed reservation goes back on sale within a minute


@scheduler.every(SWEEP_EVERY, "orders-sweep")
@task()
def sweep() -> dict:
    """Release lapsed reservations, finish stalled checkouts, auto-deliver and complete lines, resend refunds,
    tell staff of returns past their deadlines."""
    from .services import fulfilment, refunds, return_escalation
    from .services.checkout import resume_stalled

    done = dict(fulfilment.catch_up())
    done["resumed"] = resume_stalled()
    done["refunds"] = refunds.retry_refunds()
    done["returns_escalated"] = return_escalation.notify_escalations()
    return done
