"""Background work of buying (django-tasks). None of it is needed for correctness — every time-based
rule is derived from timestamps when read — but running it keeps lists, emails and money moving.
`comeback orders-sweep` runs them all once (cron it every few minutes in production)."""

from __future__ import annotations

from django_tasks import task


@task()
def sweep() -> dict:
    """Release lapsed reservations, auto-deliver and complete lines, resend unconfirmed refunds."""
    from .services import fulfilment, refunds

    done = dict(fulfilment.catch_up())
    done["refunds"] = refunds.retry_refunds()
    return done


@task()
def payouts() -> int:
    """Pay sellers on payout days (idempotent: run it as often as you like)."""
    from .services import payouts as payout_service

    return len(payout_service.run_payouts())
