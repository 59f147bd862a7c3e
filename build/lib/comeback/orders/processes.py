"""The order line's process and the return's process: transition tables and guarded moves.

docs/design.md §2 Orders: paid → accepted → shipped → delivered → completed; or cancelled / refunded.
Before payment a line is `reserved` (its stock held) and becomes `paid` or `released`.

Each move checks the table (from, to) and the actor, then updates with the old status in the WHERE
clause, so two racing requests cannot both win: the loser gets 409 `line_state_changed`.
"""

from __future__ import annotations

import enum
from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core.process import Process

from .models import LineStatus, OrderLine, Return, ReturnStatus


class Actor(enum.Flag):
    SELLER = enum.auto()
    BUYER = enum.auto()
    CARRIER = enum.auto()
    CLOCK = enum.auto()
    STAFF = enum.auto()
    PAYMENT = enum.auto()  # the payment provider's answer (or its absence, for expiry see CLOCK)

    @property
    def label(self) -> str:
        return (self.name or "").lower()


S = LineStatus
LINE_TRANSITIONS: dict[tuple[str, str], Actor] = {
    (S.RESERVED, S.PAID): Actor.PAYMENT,
    (S.RESERVED, S.RELEASED): Actor.PAYMENT | Actor.CLOCK,
    (S.PAID, S.ACCEPTED): Actor.SELLER | Actor.STAFF,
    (S.PAID, S.CANCELLED): Actor.SELLER | Actor.BUYER | Actor.STAFF,
    (S.ACCEPTED, S.SHIPPED): Actor.SELLER,
    (S.ACCEPTED, S.CANCELLED): Actor.SELLER | Actor.BUYER | Actor.STAFF,
    (S.SHIPPED, S.DELIVERED): Actor.CARRIER | Actor.BUYER | Actor.CLOCK | Actor.STAFF,
    # The return window (30 days) closes without a return: the sale is final.
    (S.DELIVERED, S.COMPLETED): Actor.CLOCK | Actor.STAFF,
    # A return the seller received and refunded (a return requested in time may be refunded after the
    # clock completed the line).
    (S.DELIVERED, S.REFUNDED): Actor.SELLER | Actor.STAFF,
    (S.COMPLETED, S.REFUNDED): Actor.SELLER | Actor.STAFF,
}

# The timestamp each status records.
STAMPS = {
    S.PAID: "paid_at",
    S.RELEASED: "released_at",
    S.ACCEPTED: "accepted_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
    S.REFUNDED: "refunded_at",
}

# Statuses in which the unit has not left the seller: the buyer may still cancel.
CANCELLABLE = (S.PAID, S.ACCEPTED)
# Statuses that still need the seller to act.
OPEN_FOR_SELLER = (S.PAID, S.ACCEPTED)


def allowed(frm: str, to: str, actor: Actor) -> bool:
    who = LINE_TRANSITIONS.get((frm, to))
    return who is not None and bool(actor & who)


def _wrong_line(line: OrderLine, to: str, actor: Actor) -> str:
    return _("This line is %(frm)s; it cannot become %(to)s by the %(actor)s.") % {
        "frm": LineStatus(line.status).label,
        "to": LineStatus(to).label,
        "actor": actor.label,
    }


LINE = Process(
    model=OrderLine,
    table=LINE_TRANSITIONS,
    stamps=STAMPS,
    changed_code="line_state_changed",
    changed_message=lambda line: _("This line changed meanwhile; reload and try again."),
    wrong_state=_wrong_line,
    wrong_actor=_wrong_line,
    context=lambda line: {"line_id": line.pk},
)


def move_line(line: OrderLine, to: str, *, actor: Actor, at: datetime, **fields) -> None:
    """Move one line, guarded on its current status; update `line` in memory on success."""
    LINE.move(line, to, actor=actor, at=at, **fields)


def move_order_lines(order_id: int, frm: str, to: str, *, actor: Actor, at: datetime, **fields) -> int:
    """Move every line of an order that is in `frm` (payment confirmation and release). Returns the count."""
    return LINE.move_all(OrderLine.objects.filter(order_id=order_id), frm, to, actor=actor, at=at, **fields)


# Returns ---------------------------------------------------------------------------------------
R = ReturnStatus
RETURN_TRANSITIONS: dict[tuple[str, str], Actor] = {
    (R.REQUESTED, R.RECEIVED): Actor.SELLER | Actor.STAFF,
    (R.RECEIVED, R.REFUNDED): Actor.SELLER | Actor.STAFF,
    # Staff may refund on the buyer's proof without waiting for the parcel (e.g. lost in return transit).
    (R.REQUESTED, R.REFUNDED): Actor.STAFF,
}
RETURN_STAMPS = {R.RECEIVED: "received_at", R.REFUNDED: "refunded_at"}
OPEN_RETURN = (R.REQUESTED, R.RECEIVED)


def _wrong_return(ret: Return, to: str, actor: Actor) -> str:
    return _("This return is %(frm)s; it cannot become %(to)s.") % {
        "frm": ReturnStatus(ret.status).label,
        "to": ReturnStatus(to).label,
    }


RETURN = Process(
    model=Return,
    table=RETURN_TRANSITIONS,
    stamps=RETURN_STAMPS,
    changed_code="return_state_changed",
    changed_message=lambda ret: _("This return changed meanwhile; reload and try again."),
    wrong_state=_wrong_return,
    wrong_actor=_wrong_return,
    context=lambda ret: {"return_id": ret.pk},
)


def move_return(ret: Return, to: str, *, actor: Actor, at: datetime, **fields) -> None:
    RETURN.move(ret, to, actor=actor, at=at, **fields)
