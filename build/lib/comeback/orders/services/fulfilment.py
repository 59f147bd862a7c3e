"""The seller's side of a line (accept, ship, cancel), delivery (carrier webhook, buyer, clock) and the
clock's catch-up (docs/design.md §2 Orders).

Time-based moves are derived from timestamps: a shipped line is delivered `AUTO_DELIVERY_DAYS` after
shipping and a delivered line completed when its return window closes, whoever looks first —
`catch_up` runs before every read of an order or a seller's list, and as a task.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections import Counter
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from stdnum import imei as imei_number
from stdnum.exceptions import ValidationError as StdnumError

from comeback.catalog import conditions
from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid, NotFound, Unauthenticated
from comeback.devices import services as devices
from comeback.offers import stock

from .. import conf
from ..events import emit_all, line_payload
from ..models import LineStatus, Order, OrderLine, OrderStatus, Return
from ..processes import CANCELLABLE, OPEN_RETURN, Actor, move_line
from .checkout import abandon_payment, buyer_order, expire_due, expire_if_due
from .refunds import record_refund

TRACKING_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 \-]{3,62}[A-Za-z0-9]$")


# Look-ups that never reveal someone else's line --------------------------------------------------
def seller_line(*, seller, line_id: int, at: datetime | None = None) -> OrderLine:
    line = OrderLine.objects.select_related("order").filter(pk=line_id, seller=seller).first()
    if line is None:
        raise NotFound(_("You have no order line %s.") % line_id, code="line_not_found")
    catch_up_lines([line], at=at)
    return line


def buyer_line(*, buyer, line_id: int, at: datetime | None = None) -> OrderLine:
    line = OrderLine.objects.select_related("order").filter(pk=line_id, order__buyer=buyer).first()
    if line is None:
        raise NotFound(_("You have no order line %s.") % line_id, code="line_not_found")
    catch_up_lines([line], at=at)
    return line


# Seller actions ---------------------------------------------------------------------------------
def accept_line(*, seller, line_id: int, at: datetime | None = None) -> OrderLine:
    at = at or clock.now()
    line = seller_line(seller=seller, line_id=line_id, at=at)
    with transaction.atomic():
        move_line(line, LineStatus.ACCEPTED, actor=Actor.SELLER, at=at)
        events = [("order.line.accepted", line_payload(line))]
        for addon in _addons(line, LineStatus.PAID):  # accepting an item accepts its add-ons
            move_line(addon, LineStatus.ACCEPTED, actor=Actor.SELLER, at=at)
            events.append(("order.line.accepted", line_payload(addon)))
        emit_all(events)
    return line


def _addons(line: OrderLine, status: str) -> list[OrderLine]:
    return list(OrderLine.objects.select_related("order").filter(attached_to=line, status=status))


def _refuse_addon_alone(line: OrderLine) -> None:
    """An add-on travels in its item's parcel (docs/fashion.md "Customisation"): it ships with the item, or
    alone only once the item is no longer to be shipped (cancelled or refunded)."""
    if line.attached_to_id is None:
        return
    main_status = OrderLine.objects.filter(pk=line.attached_to_id).values_list("status", flat=True).first()
    if main_status in (LineStatus.PAID, LineStatus.ACCEPTED):
        raise Conflict(
            _("This add-on ships in the parcel of the item it customises: ship line %s.")
            % line.attached_to_id,
            code="addon_ships_with_item",
            item_line_id=line.attached_to_id,
        )


def validate_shipment(
    *, tracking_number: str, carrier: str, imei: str, serial: str, identifier_required: bool = True
) -> dict:
    errors = []

    def err(field: str, code: str, message: str) -> None:
        errors.append({"field": field, "code": code, "message": message})

    tracking_number, carrier, serial = (
        (tracking_number or "").strip(),
        (carrier or "").strip(),
        (serial or "").strip(),
    )
    if not TRACKING_RE.match(tracking_number):
        err(
            "tracking_number",
            "invalid_tracking_number",
            _("Give the parcel's tracking number (5–64 letters or digits)."),
        )
    if not carrier or len(carrier) > 40:
        err("carrier", "invalid_carrier", _("Name the carrier (at most 40 characters)."))
    clean_imei = ""
    if imei:
        try:
            clean_imei = imei_number.validate(imei)
            if len(clean_imei) != 15:
                raise StdnumError()
        except StdnumError:
            err("imei", "invalid_imei", _("This IMEI is not valid: 15 digits with a correct check digit."))
    if len(serial) > 64:
        err("serial", "invalid_serial", _("A serial number has at most 64 characters."))
    if (
        identifier_required
        and not clean_imei
        and not serial
        and not any(e["field"] == "imei" for e in errors)
    ):
        err("imei", "unit_identifier_required", _("Give the unit's IMEI or its serial number."))
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    return {"tracking_number": tracking_number, "carrier": carrier, "imei": clean_imei, "serial": serial}


def _identified(*, seller, line_id: int) -> bool:
    """Whether the seller's line ships a unit that names its IMEI or serial: its category's condition scheme
    says (docs/fashion.md); a line not found is checked as a device's, and then reported not found."""
    scheme = (
        OrderLine.objects.filter(pk=line_id, seller=seller)
        .values_list("offer__variant__product__category__condition_scheme", flat=True)
        .first()
    )
    return conditions.scheme(scheme).identified_units


def ship_line(
    *,
    seller,
    line_id: int,
    tracking_number: str,
    carrier: str,
    imei: str = "",
    serial: str = "",
    at: datetime | None = None,
) -> OrderLine:
    """Ship an accepted line. Tracking number and IMEI/serial are set once, here, and never change.

    The unit is screened first (docs/trust.md "Stolen and blocked units"): one on a block list, or whose
    identifier belongs to another live unit, does not ship; staff get an alert and the line stays accepted, so
    the seller ships another unit or cancels (the buyer is refunded)."""
    at = at or clock.now()
    identified = _identified(seller=seller, line_id=line_id)
    shipment = validate_shipment(
        tracking_number=tracking_number,
        carrier=carrier,
        imei=imei,
        serial=serial,
        identifier_required=identified,
    )
    line = seller_line(seller=seller, line_id=line_id, at=at)
    _refuse_addon_alone(line)
    identifier = shipment["imei"] or shipment["serial"]
    ref = f"order_line:{line.pk}"
    if line.status == LineStatus.ACCEPTED and identifier:
        devices.screen(identifier=identifier, seller=seller, context=devices.Context.SHIPMENT, ref=ref, at=at)
    with transaction.atomic():
        unit = {} if identified or identifier else {"unit_identified": False}
        move_line(line, LineStatus.SHIPPED, actor=Actor.SELLER, at=at, **shipment, **unit)
        if identifier:  # a garment has no IMEI or serial: no unit record to keep
            devices.record_sale(identifier=identifier, seller=seller, ref=ref, at=at)
        parcel = {"tracking_number": line.tracking_number, "carrier": line.carrier}
        events = [("order.line.shipped", line_payload(line, **parcel))]
        for addon in _addons(line, LineStatus.PAID) + _addons(line, LineStatus.ACCEPTED):
            if addon.status == LineStatus.PAID:
                move_line(addon, LineStatus.ACCEPTED, actor=Actor.SELLER, at=at)
            move_line(addon, LineStatus.SHIPPED, actor=Actor.SELLER, at=at, **parcel)  # in the same parcel
            events.append(("order.line.shipped", line_payload(addon, **parcel)))
        emit_all(events)
    return line


def cancel_line(line: OrderLine, *, actor: Actor, reason: str, at: datetime) -> OrderLine:
    """Cancel a line that has not shipped and refund the buyer. A seller's cancellation counts against it
    (metrics); a buyer's or staff's puts the unit back in stock."""
    with transaction.atomic():
        move_line(
            line,
            LineStatus.CANCELLED,
            actor=actor,
            at=at,
            cancelled_by=actor.label,
            cancel_reason=reason[:300],
        )
        if actor != Actor.SELLER:
            stock.give_back({line.offer_id: 1})
        record_refund(line, reason="cancelled", at=at)
        emit_all(
            [("order.line.cancelled", line_payload(line, cancelled_by=actor.label, reason=reason[:300]))]
        )
    return line


def seller_cancel_line(*, seller, line_id: int, reason: str = "", at: datetime | None = None) -> OrderLine:
    at = at or clock.now()
    return cancel_line(
        seller_line(seller=seller, line_id=line_id, at=at), actor=Actor.SELLER, reason=reason, at=at
    )


def buyer_cancel_line(*, buyer, line_id: int, at: datetime | None = None) -> OrderLine:
    at = at or clock.now()
    return cancel_line(
        buyer_line(buyer=buyer, line_id=line_id, at=at), actor=Actor.BUYER, reason="buyer_cancelled", at=at
    )


def buyer_cancel_order(
    *, buyer, order_id: int | None = None, ref: str | None = None, at: datetime | None = None
) -> Order:
    """Cancel everything not yet shipped: an unpaid order releases its stock; paid lines are refunded."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if expire_if_due(order, at=at):
        return order
    if order.status == OrderStatus.AWAITING_PAYMENT:
        return abandon_payment(buyer=buyer, order_id=order.pk, at=at, reason="cancelled_by_buyer")
    lines = [ln for ln in order.lines.all() if ln.status in CANCELLABLE]
    if not lines:
        raise Conflict(
            _("Nothing in this order can be cancelled any more: it has shipped."), code="invalid_transition"
        )
    for line in lines:
        cancel_line(line, actor=Actor.BUYER, reason="buyer_cancelled", at=at)
    return order


# Delivery ---------------------------------------------------------------------------------------
def deliver_line(line: OrderLine, *, actor: Actor, at: datetime) -> OrderLine:
    with transaction.atomic():
        move_line(line, LineStatus.DELIVERED, actor=actor, at=at, delivered_by=actor.label)
        emit_all([("order.line.delivered", line_payload(line, delivered_by=actor.label))])
    return line


def buyer_confirm_delivery(*, buyer, line_id: int, at: datetime | None = None) -> OrderLine:
    at = at or clock.now()
    return deliver_line(buyer_line(buyer=buyer, line_id=line_id, at=at), actor=Actor.BUYER, at=at)


def sign_carrier_payload(body: bytes, timestamp: str, secret: str | None = None) -> str:
    """`sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>." + body): what a carrier sends."""
    key = (secret or conf.carrier_webhook_secret()).encode()
    return "sha256=" + hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify_carrier_signature(
    *, body: bytes, timestamp: str | None, signature: str | None, at: datetime | None = None
) -> None:
    at = at or clock.now()
    try:
        sent_at = int(timestamp or "")
    except ValueError:
        raise Unauthenticated(_("Missing or malformed X-Carrier-Timestamp."), code="bad_signature") from None
    if abs(at.timestamp() - sent_at) > conf.carrier_webhook_tolerance().total_seconds():
        raise Unauthenticated(
            _("The signature's timestamp is too old or in the future."), code="stale_signature"
        )
    expected = sign_carrier_payload(body, str(sent_at))
    if not hmac.compare_digest(expected, (signature or "").strip()):
        raise Unauthenticated(_("The signature does not match."), code="bad_signature")


def carrier_delivered(
    *, carrier: str, tracking_number: str, occurred_at: datetime | None = None, at: datetime | None = None
) -> int:
    """A carrier says a parcel was delivered: deliver its shipped lines. Replays are harmless."""
    at = at or clock.now()
    delivered = 0
    lines = OrderLine.objects.filter(
        status=LineStatus.SHIPPED,
        tracking_number=(tracking_number or "").strip(),
        carrier__iexact=(carrier or "").strip(),
    )
    for line in lines:
        when = min(max(occurred_at or at, line.shipped_at), at)
        try:
            deliver_line(line, actor=Actor.CARRIER, at=when)
        except Conflict:
            continue  # a concurrent confirmation won
        delivered += 1
    return delivered


# The clock --------------------------------------------------------------------------------------
def _clock_moves(lines: list[OrderLine], at: datetime) -> int:
    """Apply the time-derived moves to these lines (each guarded; a lost race is fine)."""
    moved = 0
    open_returns = (
        set(
            Return.objects.filter(
                line__in=[ln for ln in lines if ln.status == LineStatus.DELIVERED], status__in=OPEN_RETURN
            ).values_list("line_id", flat=True)
        )
        if any(ln.status == LineStatus.DELIVERED for ln in lines)
        else set()
    )
    for line in lines:
        try:
            if line.status == LineStatus.SHIPPED and line.shipped_at + conf.auto_delivery() <= at:
                deliver_line(line, actor=Actor.CLOCK, at=line.shipped_at + conf.auto_delivery())
                moved += 1
            if line.status == LineStatus.DELIVERED and line.pk not in open_returns:
                closes = line.delivered_at + timedelta(
                    days=markets.get(line.order.market_id).return_window_days
                )
                if closes <= at:
                    with transaction.atomic():
                        move_line(line, LineStatus.COMPLETED, actor=Actor.CLOCK, at=closes)
                    moved += 1
        except Conflict:
            continue
    return moved


def catch_up_lines(lines: list[OrderLine], *, at: datetime | None = None) -> int:
    at = at or clock.now()
    due = [ln for ln in lines if ln.status in (LineStatus.SHIPPED, LineStatus.DELIVERED)]
    return _clock_moves(due, at) if due else 0


def catch_up(*, at: datetime | None = None, seller=None, buyer=None, limit: int = 1000) -> Counter:
    """Every time-derived move that is due (optionally for one seller's or buyer's lines)."""
    at = at or clock.now()
    done: Counter = Counter()
    if seller is None:
        done["expired"] = (
            expire_due(at=at)
            if buyer is None
            else sum(
                expire_if_due(o, at=at)
                for o in Order.objects.filter(
                    buyer=buyer, status=OrderStatus.AWAITING_PAYMENT, reserved_until__lte=at
                )
            )
        )
    shortest_window = min((m.return_window_days for m in markets.all_markets()), default=30)
    due = Q(status=LineStatus.SHIPPED, shipped_at__lte=at - conf.auto_delivery()) | Q(
        status=LineStatus.DELIVERED, delivered_at__lte=at - timedelta(days=shortest_window)
    )
    lines = OrderLine.objects.select_related("order").filter(due)
    if seller is not None:
        lines = lines.filter(seller=seller)
    if buyer is not None:
        lines = lines.filter(order__buyer=buyer)
    done["lines"] = _clock_moves(list(lines.order_by("id")[:limit]), at)
    return done
