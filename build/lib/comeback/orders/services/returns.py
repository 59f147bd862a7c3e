"""Returns: 30 days from delivery, free, for any reason; transit damage within 3 business days
(docs/design.md §2 Returns). Opening a return issues a prepaid label (return_labels.py); the seller confirms
receipt within 3 business days of the parcel's delivery and refunds to the original payment within 2
business days of receipt, or the return escalates to staff (return_escalation.py). A defect or wrong-grade
return feeds the seller's defect rate (metrics.py).

One remedy, not two: an app that gives another remedy on a line (after-sales' warranty claims) registers a
check with `register_remedy_check`; it runs inside the return's transaction, after the line is locked, and
either refuses the return or settles its own remedy in favour of the return.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid, NotFound
from comeback.devices import services as devices

from ..calendar import business_deadline
from ..events import emit_all
from ..models import LineStatus, OrderLine, Return, ReturnReason, ReturnStatus
from ..processes import Actor, move_line, move_return
from . import return_labels
from .checkout import buyer_order
from .fulfilment import catch_up_lines
from .refunds import record_refund

TRANSIT_DAMAGE_BUSINESS_DAYS = 3  # docs/design.md §2 Returns: transit damage reported within 3 business days
RECEIVE_BUSINESS_DAYS = 3  # docs/design.md §2 Returns: receipt confirmed within 3 business days of delivery
REFUND_BUSINESS_DAYS = 2  # docs/design.md §2 Returns: refund within 2 business days of receipt
RETURNABLE = (LineStatus.DELIVERED, LineStatus.COMPLETED)
MAX_COMMENT = 2000


# One remedy per line: `fn(*, line, at) -> str` raises a Conflict to refuse the return, or settles its own
# remedy and returns its reference ("" when it had none). Registered in AppConfig.ready().
_remedy_checks: list[Callable[..., str]] = []


def register_remedy_check(fn: Callable[..., str]) -> None:
    if fn not in _remedy_checks:
        _remedy_checks.append(fn)


def _settle_other_remedies(line: OrderLine, *, at: datetime) -> str:
    refs = [ref for check in _remedy_checks if (ref := check(line=line, at=at))]
    return ", ".join(refs)[:20]


def deadline(start: datetime, days: int, market) -> datetime:
    return business_deadline(start, days, tz=market.timezone, country=market.code)


def return_payload(ret: Return, **extra) -> dict:
    return {
        "return_id": ret.pk,
        "order_id": ret.order_id,
        "line_id": ret.line_id,
        "seller_id": ret.seller_id,
        "reason": ret.reason,
        "status": ret.status,
        **extra,
    }


def windows(line: OrderLine, market) -> dict[str, datetime]:
    """When the return windows of a delivered line close (exclusive)."""
    return {
        "return": line.delivered_at + timedelta(days=market.return_window_days),
        "transit_damage": business_deadline(
            line.delivered_at, TRANSIT_DAMAGE_BUSINESS_DAYS, tz=market.timezone, country=market.code
        ),
    }


def request_return(
    *,
    buyer,
    order_id: int,
    reason: str,
    line_ids: list[int] | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> list[Return]:
    """Ask to return delivered lines of one's order (all returnable lines when `line_ids` is empty)."""
    at = at or clock.now()
    if reason not in ReturnReason.values:
        raise Invalid.field(
            "reason", "invalid_reason", _("Reason must be one of %s.") % ", ".join(ReturnReason.values)
        )
    if len(comment or "") > MAX_COMMENT:
        raise Invalid.field("comment", "too_long", _("At most %s characters.") % MAX_COMMENT)
    order = buyer_order(buyer=buyer, order_id=order_id)
    market = markets.get(order.market_id)
    lines = list(order.lines.select_related("order").all())
    catch_up_lines(lines, at=at)
    if line_ids:
        by_id = {ln.pk: ln for ln in lines}
        unknown = [i for i in line_ids if i not in by_id]
        if unknown:
            raise Invalid.field("line_ids", "unknown_line", _("Line %s is not in this order.") % unknown[0])
        chosen = [by_id[i] for i in dict.fromkeys(line_ids)]
    else:
        taken = set(Return.objects.filter(order=order).values_list("line_id", flat=True))
        chosen = [ln for ln in lines if ln.status in RETURNABLE and ln.pk not in taken]
        if not chosen:
            raise Conflict(
                _("Nothing in this order can be returned: it has not been delivered."),
                code="line_not_delivered",
            )
    for line in chosen:
        if line.status not in RETURNABLE:
            raise Conflict(
                _("Only a delivered item can be returned."), code="line_not_delivered", line_id=line.pk
            )
        closes = windows(line, market)
        if at >= closes["return"]:
            raise Conflict(
                _("The %(days)s-day return window closed on %(date)s.")
                % {"days": market.return_window_days, "date": closes["return"].date().isoformat()},
                code="return_window_closed",
                line_id=line.pk,
                closed_at=closes["return"].isoformat(),
            )
        if reason == ReturnReason.TRANSIT_DAMAGE and at >= closes["transit_damage"]:
            raise Conflict(
                ngettext(
                    "Transit damage must be reported within %(n)s business day of delivery.",
                    "Transit damage must be reported within %(n)s business days of delivery.",
                    TRANSIT_DAMAGE_BUSINESS_DAYS,
                )
                % {"n": TRANSIT_DAMAGE_BUSINESS_DAYS},
                code="transit_damage_window_closed",
                line_id=line.pk,
                closed_at=closes["transit_damage"].isoformat(),
            )
    try:
        with transaction.atomic():
            # Lock the lines first: a claim opened or answered at the same instant waits for this decision.
            locked = (
                OrderLine.objects.select_for_update().filter(pk__in=[ln.pk for ln in chosen]).order_by("pk")
            )
            moved = [ln.pk for ln in locked if ln.status not in RETURNABLE]
            if moved:  # refunded or changed since it was read: a claim's refund won the race
                raise Conflict(
                    _("This item changed meanwhile (it may have been refunded); reload and try again."),
                    code="line_state_changed",
                    line_id=moved[0],
                )
            created = []
            for line in chosen:
                settled = _settle_other_remedies(line, at=at)
                label = return_labels.issue()
                created.append(
                    Return.objects.create(
                        line=line,
                        order=order,
                        seller_id=line.seller_id,
                        reason=reason,
                        comment=(comment or "").strip(),
                        requested_at=at,
                        label_carrier=label.carrier,
                        label_tracking=label.tracking_number,
                        settled_claim_ref=settled,
                    )
                )
            emit_all([("return.requested", return_payload(r)) for r in created])
    except IntegrityError:
        raise Conflict(_("A return is already open for this item."), code="return_exists") from None
    return created


def seller_return(*, seller, return_id: int) -> Return:
    ret = Return.objects.select_related("line", "order").filter(pk=return_id, seller=seller).first()
    if ret is None:
        raise NotFound(_("You have no return %s.") % return_id, code="return_not_found")
    return ret


def receive_return(
    *, seller, return_id: int, at: datetime | None = None, actor: Actor = Actor.SELLER
) -> Return:
    at = at or clock.now()
    return receive(seller_return(seller=seller, return_id=return_id), actor=actor, at=at)


def receive(ret: Return, *, actor: Actor, at: datetime) -> Return:
    """The unit is back with the seller: the 2-business-day refund deadline starts now."""
    market = markets.get(ret.order.market_id)
    with transaction.atomic():
        move_return(
            ret,
            ReturnStatus.RECEIVED,
            actor=actor,
            at=at,
            refund_due_at=deadline(at, REFUND_BUSINESS_DAYS, market),
            parcel_delivered_at=ret.parcel_delivered_at or at,
        )
        devices.record_return(
            identifier=ret.line.imei or ret.line.serial, seller=ret.seller_id, ref=f"return:{ret.pk}", at=at
        )
        emit_all([("return.received", return_payload(ret, by=actor.label))])
    return ret


def refund_return(
    *, seller, return_id: int, at: datetime | None = None, actor: Actor = Actor.SELLER
) -> Return:
    """Refund a received return to the original payment; the line becomes `refunded`."""
    at = at or clock.now()
    return refund(seller_return(seller=seller, return_id=return_id), actor=actor, at=at)


def refund(ret: Return, *, actor: Actor, at: datetime) -> Return:
    with transaction.atomic():
        move_return(ret, ReturnStatus.REFUNDED, actor=actor, at=at, refunded_by=actor.label)
        move_line(ret.line, LineStatus.REFUNDED, actor=actor, at=at)
        money = record_refund(ret.line, reason=f"return_{ret.reason}", at=at)
        emit_all(
            [
                (
                    "return.refunded",
                    return_payload(
                        ret, refund_id=money.pk, amount=money.amount, currency=money.currency, by=actor.label
                    ),
                )
            ]
        )
    return ret


def parcel_delivered(
    *, carrier: str, tracking_number: str, occurred_at: datetime | None = None, at: datetime | None = None
) -> int:
    """The carrier delivered a return parcel to its seller: the 3-business-day receipt deadline starts.
    Guarded on the delivery not being recorded yet, so a replayed event changes nothing."""
    at = at or clock.now()
    count = 0
    found = Return.objects.select_related("order").filter(
        status=ReturnStatus.REQUESTED,
        parcel_delivered_at__isnull=True,
        label_tracking=(tracking_number or "").strip(),
        label_carrier__iexact=(carrier or "").strip(),
    )
    for ret in found:
        count += record_parcel_delivery(ret, when=min(max(occurred_at or at, ret.requested_at), at))
    return count


def record_parcel_delivery(ret: Return, *, when: datetime) -> int:
    market = markets.get(ret.order.market_id)
    due = deadline(when, RECEIVE_BUSINESS_DAYS, market)
    with transaction.atomic():
        moved = Return.objects.filter(
            pk=ret.pk, status=ReturnStatus.REQUESTED, parcel_delivered_at__isnull=True
        ).update(parcel_delivered_at=when, receive_due_at=due)
        if moved:
            ret.parcel_delivered_at, ret.receive_due_at = when, due
            emit_all([("return.parcel_delivered", return_payload(ret, receive_due_at=due.isoformat()))])
    return moved
