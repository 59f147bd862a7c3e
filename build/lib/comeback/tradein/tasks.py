"""Background work of trade-in (django-tasks). Nothing here is needed for correctness — deadlines act when a
trade-in is next touched — but the sweep keeps lists current and pays on time. `comeback tradein-sweep`
runs it once; `comeback scheduler` runs it every minute."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from comeback.core import scheduler


@scheduler.every(timedelta(minutes=1), "tradein-sweep")
@task()
def sweep() -> dict:
    """Apply missed deadlines (lapse, auto-validation, counter-offer lapse) and pay what is due."""
    from .services import deadlines

    return deadlines.sweep()


@task()
def pay_tradein(ref: str) -> str:
    """Pay one trade-in as soon as its last precondition lands (idempotent: retries never pay twice)."""
    from comeback.core.problems import Conflict

    from .services import payouts

    try:
        payout = payouts.pay(ref=ref)
    except Conflict as exc:
        return exc.code
    return payout.status if payout is not None else "blocked"
