"""Every place a unit identifier is recorded asks here (docs/trust.md "Stolen and blocked units"):

- `screen` — before anything is written: the block list, then who holds the identifier. A refusal records a
  staff alert first, in its own transaction, then raises (a blocked unit never ships, and staff hear of it).
- `record_sale` — inside the shipping transaction: the unit leaves its seller for a buyer.
- `record_take_in` — a trade-in received: the refurbisher holds the unit now (the trade-in is the hand-over).
- `record_return` — a return received: the unit is back with the seller that sold it.
- `hand_over` — staff record a hand-over the platform did not see; the passport chain gets it (outbox).

Rule: an IMEI or serial names one live unit. A seller may ship an identifier nobody holds, or one it holds
itself (its trade-in, its return, a hand-over to it); one held by another seller, or with a buyer after a sale,
is a second live unit and is refused (`unit_identifier_in_use`) until a hand-over is recorded.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Invalid, NotFound, Unavailable

from . import blocklist
from .models import AlertKind, AlertStatus, DeviceAlert, HandOver, Holder, UnitRecord


class Context:
    SHIPMENT = "shipment"
    TRADE_IN = "trade-in"
    HAND_OVER = "hand-over"
    REPLACEMENT = "replacement"  # a warranty replacement: block list only (the register follows sales)


def _field(identifier: str) -> str:
    return "imei" if identifier.isdigit() and len(identifier) == 15 else "serial"


def alert(
    *, identifier: str, kind: str, context: str, ref: str, seller, reason: str, source: str = "", at: datetime
) -> DeviceAlert:
    """Record a staff alert in its own transaction (it survives the refusal that follows) and announce it."""
    with transaction.atomic():
        row = DeviceAlert.objects.create(
            identifier=identifier,
            kind=kind,
            context=context,
            ref=ref[:80],
            seller=seller,
            reason=reason[:300],
            source=source[:80],
            created_at=at,
        )
        outbox.emit("device.alert", alert_id=row.pk, kind=kind, context=context)
    return row


def check_blocklist(identifier: str) -> blocklist.BlockResult:
    """The provider's answer; no answer is a 503 `blocklist_unavailable` (nothing is decided without it)."""
    try:
        return blocklist.check(identifier)
    except blocklist.BlocklistUnavailable as exc:
        raise Unavailable(
            _("The block-list check is unavailable; try again shortly."), code="blocklist_unavailable"
        ) from exc


def holder_of(identifier: str) -> UnitRecord | None:
    return (
        UnitRecord.objects.select_related("seller").filter(identifier=blocklist.normalise(identifier)).first()
    )


def _in_use(record: UnitRecord, identifier: str) -> Invalid:
    where = (
        _("another seller holds it")
        if record.holder == Holder.SELLER
        else _("it was sold and delivered to a buyer on %(date)s") % {"date": record.since.date().isoformat()}
    )
    return Invalid.field(
        _field(identifier),
        "unit_identifier_in_use",
        _(
            "This %(field)s already belongs to a live unit (%(where)s). Ship the unit you hold, or ask staff to "
            "record the hand-over if this unit came to you."
        )
        % {
            "field": _field(identifier).upper() if _field(identifier) == "imei" else _("serial"),
            "where": where,
        },
    )


def screen(*, identifier: str, seller, context: str, ref: str, at: datetime | None = None) -> None:
    """Refuse a unit that is blocked or is another live unit's identifier; staff get an alert either way.

    Call it outside the writing transaction: the alert must outlive the refusal."""
    at = at or clock.now()
    identifier = blocklist.normalise(identifier)
    verdict = check_blocklist(identifier)
    if verdict.blocked:
        alert(
            identifier=identifier,
            kind=AlertKind.BLOCKED,
            context=context,
            ref=ref,
            seller=seller,
            reason=verdict.reason or "on a block list",
            source=verdict.source,
            at=at,
        )
        raise Invalid.field(
            _field(identifier),
            "unit_blocked",
            _(
                "This unit is on a block list (%(reason)s): it cannot be sold. Keep it aside; staff have been "
                "told and will contact you. Ship another unit or cancel the line."
            )
            % {"reason": verdict.reason or _("reported")},
        )
    if context != Context.SHIPMENT:
        return
    record = holder_of(identifier)
    if record is not None and not (record.holder == Holder.SELLER and record.seller_id == seller.pk):
        alert(
            identifier=identifier,
            kind=AlertKind.DUPLICATE,
            context=context,
            ref=ref,
            seller=seller,
            reason=f"held by {record.holder} (seller {record.seller_id}) via {record.via}",
            at=at,
        )
        raise _in_use(record, identifier)


def record_sale(*, identifier: str, seller, ref: str, at: datetime) -> UnitRecord:
    """Inside the shipping transaction: the unit goes to a buyer. Guarded: of two racing shipments of one
    identifier, one wins and the other is refused."""
    identifier = blocklist.normalise(identifier)
    record = holder_of(identifier)
    if record is None:
        try:
            with transaction.atomic():
                return UnitRecord.objects.create(
                    identifier=identifier, holder=Holder.BUYER, seller=seller, via=ref, since=at
                )
        except IntegrityError:
            record = holder_of(identifier)
            if record is None:  # pragma: no cover - the winner's row is there once it committed
                raise
            raise _in_use(record, identifier) from None
    if record.holder != Holder.SELLER or record.seller_id != seller.pk:
        raise _in_use(record, identifier)
    moved = UnitRecord.objects.filter(
        pk=record.pk, holder=Holder.SELLER, seller=seller, via=record.via
    ).update(holder=Holder.BUYER, via=ref, since=at)
    if not moved:
        raise _in_use(holder_of(identifier) or record, identifier)
    record.refresh_from_db()
    return record


def _hold(*, identifier: str, seller, via: str, at: datetime) -> UnitRecord:
    record, created = UnitRecord.objects.get_or_create(
        identifier=identifier, defaults={"holder": Holder.SELLER, "seller": seller, "via": via, "since": at}
    )
    if not created:
        UnitRecord.objects.filter(pk=record.pk).update(holder=Holder.SELLER, seller=seller, via=via, since=at)
        record.refresh_from_db()
    return record


def record_take_in(*, identifier: str, seller, ref: str, at: datetime) -> UnitRecord:
    """A trade-in received: the refurbisher holds the unit. If the register said another seller held it, the
    trade-in still stands (the device is physically here and cleared by the block list) but staff look."""
    identifier = blocklist.normalise(identifier)
    if not identifier:
        raise Invalid.field(
            "imei", "unit_identifier_required", _("Give the unit's IMEI or its serial number.")
        )
    record = holder_of(identifier)
    if record is not None and record.holder == Holder.SELLER and record.seller_id != seller.pk:
        transaction.on_commit(
            lambda: alert(
                identifier=identifier,
                kind=AlertKind.DUPLICATE,
                context=Context.TRADE_IN,
                ref=ref,
                seller=seller,
                reason=f"traded in while held by seller {record.seller_id} via {record.via}",
                at=at,
            )
        )
    return _hold(identifier=identifier, seller=seller, via=ref, at=at)


def record_return(*, identifier: str, seller, ref: str, at: datetime) -> UnitRecord | None:
    """A return received: the unit is back with the seller that sold it (only if that sale is the last fact)."""
    identifier = blocklist.normalise(identifier)
    if not identifier:
        return None
    UnitRecord.objects.filter(identifier=identifier, holder=Holder.BUYER, seller=seller).update(
        holder=Holder.SELLER, via=ref, since=at
    )
    return holder_of(identifier)


def hand_over(*, identifier: str, to_seller, by, reason: str, at: datetime | None = None) -> HandOver:
    """Staff record that a unit reached `to_seller` outside the platform; it may then ship it. The unit's
    passport records the ownership change (outbox `device.handed_over`)."""
    at = at or clock.now()
    identifier = blocklist.normalise(identifier)
    if not identifier:
        raise Invalid.field("identifier", "unit_identifier_required", _("Give the unit's IMEI or serial."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid.field("reason", "reason_required", _("Say how the unit reached this seller."))
    verdict = check_blocklist(identifier)
    if verdict.blocked:
        raise Invalid.field(
            "identifier",
            "unit_blocked",
            _("This unit is on a block list: it cannot be handed over for sale."),
        )
    with transaction.atomic():
        record = holder_of(identifier)
        row = HandOver.objects.create(
            identifier=identifier,
            from_seller_id=record.seller_id if record and record.holder == Holder.SELLER else None,
            to_seller=to_seller,
            reason=reason[:300],
            recorded_by=by,
            at=at,
        )
        _hold(identifier=identifier, seller=to_seller, via=f"handover:{row.pk}", at=at)
        outbox.emit(
            "device.handed_over", hand_over_id=row.pk, identifier=identifier, to_seller_id=to_seller.pk
        )
    return row


def close_alert(*, alert_id: int, by, note: str, at: datetime | None = None) -> DeviceAlert:
    at = at or clock.now()
    row = DeviceAlert.objects.filter(pk=alert_id).first()
    if row is None:
        raise NotFound(_("No device alert %s.") % alert_id, code="device_alert_not_found")
    moved = DeviceAlert.objects.filter(pk=alert_id, status=AlertStatus.OPEN).update(
        status=AlertStatus.CLOSED, closed_at=at, closed_by=by, note=(note or "")[:2000]
    )
    if not moved:
        raise Conflict(_("This alert is already closed."), code="device_alert_closed")
    row.refresh_from_db()
    return row
