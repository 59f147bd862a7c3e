"""Returns: 30 days from delivery, free, for any reason; transit damage within 3 business days
(DESIGN.md §2 Returns). The seller receives the unit and refunds to the original payment; a defect or
wrong-grade return feeds the seller's defect rate (metrics.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid, NotFound

from ..calendar import business_deadline
from ..events import emit_all
from ..models import LineStatus, OrderLine, Return, ReturnReason, ReturnStatus
from ..processes import Actor, move_line, move_return
from .checkout import buyer_order
from .fulfilment import catch_up_lines
from .refunds import record_refund

TRANSIT_DAMAGE_BUSINESS_DAYS = 3  # DESIGN.md §2 Returns: transit damage reported within 3 business days
RETURNABLE = (LineStatus.DELIVERED, LineStatus.COMPLETED)
MAX_COMMENT = 2000


def return_payload(ret: Return, **extra) -> dict:
    return {"return_id": ret.pk, "order_id": ret.order_id, "line_id": ret.line_id, "seller_id": ret.seller_id,
            "reason": ret.reason, "status": ret.status, **extra}


def windows(line: OrderLine, market) -> dict[str, datetime]:
    """When the return windows of a delivered line close (exclusive)."""
    return {
        "return": line.delivered_at + timedelta(days=market.return_window_days),
        "transit_damage": business_deadline(line.delivered_at, TRANSIT_DAMAGE_BUSINESS_DAYS, tz=market.timezone,
                                            country=market.code),
    }


def request_return(
    *, buyer, order_id: int, reason: str, line_ids: list[int] | None = None, comment: str = "",
    at: datetime | None = None,
) -> list[Return]:
    """Ask to return delivered lines of one's order (all returnable lines when `line_ids` is empty)."""
    at = at or clock.now()
    if reason not in ReturnReason.values:
        raise Invalid.field("reason", "invalid_reason",
                            _("Reason must be one of %s.") % ", ".join(ReturnReason.values))
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
            raise Conflict(_("Nothing in this order can be returned: it has not been delivered."),
                           code="line_not_delivered")
    for line in chosen:
        if line.status not in RETURNABLE:
            raise Conflict(_("Only a delivered item can be returned."), code="line_not_delivered", line_id=line.pk)
        closes = windows(line, market)
        if at >= closes["return"]:
            raise Conflict(_("The %(days)s-day return window closed on %(date)s.")
                           % {"days": market.return_window_days, "date": closes["return"].date().isoformat()},
                           code="return_window_closed", line_id=line.pk, closed_at=closes["return"].isoformat())
        if reason == ReturnReason.TRANSIT_DAMAGE and at >= closes["transit_damage"]:
            raise Conflict(_("Transit damage must be reported within %(n)s business days of delivery.")
                           % {"n": TRANSIT_DAMAGE_BUSINESS_DAYS}, code="transit_damage_window_closed",
                           line_id=line.pk, closed_at=closes["transit_damage"].isoformat())
    try:
        with transaction.atomic():
            created = [
                Return.objects.create(line=line, order=order, seller_id=line.seller_id, reason=reason,
                                      comment=(comment or "").strip(), requested_at=at)
                for line in chosen
            ]
            emit_all([("return.requested", return_payload(r)) for r in created])
    except IntegrityError:
        raise Conflict(_("A return is already open for this item."), code="return_exists") from None
    return created


def seller_return(*, seller, return_id: int) -> Return:
    ret = Return.objects.select_related("line", "order").filter(pk=return_id, seller=seller).first()
    if ret is None:
        raise NotFound(_("You have no return %s.") % return_id, code="return_not_found")
    return ret


def receive_return(*, seller, return_id: int, at: datetime | None = None, actor: Actor = Actor.SELLER) -> Return:
    at = at or clock.now()
    ret = seller_return(seller=seller, return_id=return_id)
    with transaction.atomic():
        move_return(ret, ReturnStatus.RECEIVED, actor=actor, at=at)
        emit_all([("return.received", return_payload(ret))])
    return ret


def refund_return(*, seller, return_id: int, at: datetime | None = None, actor: Actor = Actor.SELLER) -> Return:
    """Refund a received return to the original payment; the line becomes `refunded`."""
    at = at or clock.now()
    ret = seller_return(seller=seller, return_id=return_id)
    with transaction.atomic():
        move_return(ret, ReturnStatus.REFUNDED, actor=actor, at=at)
        move_line(ret.line, LineStatus.REFUNDED, actor=actor, at=at)
        refund = record_refund(ret.line, reason=f"return_{ret.reason}", at=at)
        emit_all([("return.refunded", return_payload(ret, refund_id=refund.pk, amount=refund.amount,
                                                     currency=refund.currency))])
    return ret
