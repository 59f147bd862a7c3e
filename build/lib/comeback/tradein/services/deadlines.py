"""What the clock does when a deadline passes: applied by the next POST that acts on a trade-in (`catch_up`,
through `access` loaders called with `acting=True`) and by the idempotent `sweep` for every trade-in at once
(tasks.sweep, `comeback tradein-sweep`). Pages never write: they show `processes.as_of`, the same moves in
memory.

- not shipped within 14 days → lapsed;
- not inspected within 2 business days of receipt → validated at the quoted price (the customer's favour);
- a counter-offer unanswered within 7 days → the device goes back to the customer, free.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from comeback.core import clock
from comeback.core.problems import Conflict

from .. import processes
from ..models import CounterDecision, CounterOffer, TradeIn
from ..models import TradeInStatus as S
from ..processes import Actor


def _apply(tradein: TradeIn, move: processes.ClockMove) -> None:
    from .inspection import mark_validated

    fields = processes.clock_fields(tradein, move)
    with transaction.atomic():
        if move.to == S.LAPSED:
            processes.move(tradein, S.LAPSED, actor=Actor.CLOCK, at=move.at)
        elif move.to == S.VALIDATED:
            mark_validated(
                tradein, final_amount=fields["final_amount"], actor=Actor.CLOCK, at=move.at, auto=True
            )
        elif move.to == S.RETURNING:
            processes.move(tradein, S.RETURNING, actor=Actor.CLOCK, at=move.at, **fields)
            CounterOffer.objects.filter(tradein=tradein, decision=CounterDecision.PENDING).update(
                decision=CounterDecision.LAPSED, decided_at=move.at
            )


def catch_up(tradein: TradeIn, *, at: datetime | None = None) -> TradeIn:
    """Apply every missed deadline to `tradein` (in order) and return it, current."""
    at = at or clock.now()
    for _step in range(3):  # at most: lapsed, or validated, or returning; never a chain longer than one
        move = processes.clock_move(tradein, at)
        if move is None:
            break
        try:
            _apply(tradein, move)
        except Conflict:  # another request moved it first: read what it did and look again
            tradein.refresh_from_db()
    return tradein


def sweep(*, at: datetime | None = None, progress: Callable | None = None) -> dict[str, int]:
    """Catch up every trade-in with a missed deadline, pay what is due, alert staff about payments past
    their promise. Safe to run any time, twice."""
    from . import payout_promise, payouts

    at = at or clock.now()
    due = TradeIn.objects.filter(processes.due_q(at)).select_related("market").order_by("pk")
    done: dict[str, int] = {}
    items = list(due)
    for tradein in progress(items, "trade-in deadlines") if progress else items:
        before = tradein.status
        catch_up(tradein, at=at)
        if tradein.status != before:
            done[str(tradein.status)] = done.get(str(tradein.status), 0) + 1
    done["paid"] = len(payouts.run_due(at=at, progress=progress))
    done["payouts_overdue_alerts"] = payout_promise.alert_overdue(at=at)
    return done
