"""Returns the seller let slip: escalation to staff and what staff may do in the seller's stead
(docs/design.md §2 Returns; docs/buying.md "Returns").

Escalation is derived from the deadlines stored on the return (`Return.objects.escalated(at)`); the sweep
only notifies, once per missed deadline, guarded on the notice's timestamp. Staff record the parcel's
delivery, confirm receipt or refund (to the original payment, charged to the seller's balance like any
refund), each with a reason kept on the return.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound

from ..events import emit_all
from ..models import Return, ReturnStatus
from ..processes import Actor
from . import returns

MAX_REASON = 2000
NOTICE_FIELD = {"receipt": "receipt_escalation_notified_at", "refund": "refund_escalation_notified_at"}


def staff_queue(*, at: datetime | None = None, escalated_only: bool = False):
    """Open returns, the escalated ones first (oldest deadline first), then the rest by request date."""
    at = at or clock.now()
    qs = Return.objects.open().select_related("order", "line", "seller")
    if escalated_only:
        qs = qs.filter(pk__in=Return.objects.escalated(at).values("pk"))
    return qs.order_by("requested_at", "id")


def sort_for_staff(rows: list[Return], *, at: datetime) -> list[Return]:
    def due(r: Return) -> datetime:
        return (r.receive_due_at if r.status == ReturnStatus.REQUESTED else r.refund_due_at) or r.requested_at

    return sorted(rows, key=lambda r: (not r.escalation(at), due(r), r.pk))


def staff_return(*, user, return_id: int) -> Return:
    if not getattr(user, "is_staff", False):
        raise Forbidden(_("Only staff act on returns in the seller's stead."), code="staff_only")
    ret = Return.objects.select_related("order", "line", "seller").filter(pk=return_id).first()
    if ret is None:
        raise NotFound(_("No return %s.") % return_id, code="return_not_found")
    return ret


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise Invalid.field("reason", "reason_required", _("Say why, in at least 5 characters."))
    if len(reason) > MAX_REASON:
        raise Invalid.field("reason", "too_long", _("At most %s characters.") % MAX_REASON)
    return reason


def _audit(ret: Return, *, user, reason: str, at: datetime) -> None:
    Return.objects.filter(pk=ret.pk).update(staff_user=user, staff_reason=reason, staff_acted_at=at)
    ret.staff_user, ret.staff_reason, ret.staff_acted_at = user, reason, at


def staff_parcel_delivered(*, user, return_id: int, reason: str, at: datetime | None = None) -> Return:
    """Record the parcel's delivery on the carrier's proof (its webhook never came)."""
    at = at or clock.now()
    reason = _reason(reason)
    ret = staff_return(user=user, return_id=return_id)
    if ret.status != ReturnStatus.REQUESTED or ret.parcel_delivered_at is not None:
        raise Conflict(
            _("This return's parcel delivery is already recorded."), code="parcel_already_delivered"
        )
    with transaction.atomic():
        if not returns.record_parcel_delivery(ret, when=at):
            raise Conflict(
                _("This return changed meanwhile; reload and try again."), code="return_state_changed"
            )
        _audit(ret, user=user, reason=reason, at=at)
    return ret


def staff_receive(*, user, return_id: int, reason: str, at: datetime | None = None) -> Return:
    at = at or clock.now()
    reason = _reason(reason)
    ret = staff_return(user=user, return_id=return_id)
    with transaction.atomic():
        returns.receive(ret, actor=Actor.STAFF, at=at)
        _audit(ret, user=user, reason=reason, at=at)
    return ret


def staff_refund(*, user, return_id: int, reason: str, at: datetime | None = None) -> Return:
    """Refund the buyer in the seller's stead (received, or on the buyer's proof of a parcel lost on its way)."""
    at = at or clock.now()
    reason = _reason(reason)
    ret = staff_return(user=user, return_id=return_id)
    with transaction.atomic():
        returns.refund(ret, actor=Actor.STAFF, at=at)
        _audit(ret, user=user, reason=reason, at=at)
    return ret


def notify_escalations(*, at: datetime | None = None) -> int:
    """Tell staff, the seller and the buyer once per missed deadline (escalation itself is derived)."""
    at = at or clock.now()
    sent = 0
    due = Return.objects.escalated(at).filter(
        Q(status=ReturnStatus.REQUESTED, receipt_escalation_notified_at__isnull=True)
        | Q(status=ReturnStatus.RECEIVED, refund_escalation_notified_at__isnull=True)
    )
    for ret in due.order_by("id")[:500]:
        stage = ret.escalation(at)
        if not stage:
            continue
        field = NOTICE_FIELD[stage]
        with transaction.atomic():
            if Return.objects.filter(pk=ret.pk, status=ret.status, **{f"{field}__isnull": True}).update(
                **{field: at}
            ):
                emit_all([("return.escalated", returns.return_payload(ret, stage=stage))])
                sent += 1
    return sent
