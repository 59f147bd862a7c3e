"""Every write of after-sales: open a claim, the seller's answer, the buyer's confirmation or reopening, staff
decisions, the thread, and the escalation notices (docs/design.md §2 Warranty; docs/warranty.md).

Each use case runs in one transaction, moves the claim through processes.py (guarded updates) and emits
its side effects through the outbox (emails, passport events, after commit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, ids, images, markets, outbox
from comeback.core.problems import Conflict, Forbidden, Invalid, NotFound
from comeback.devices import services as devices
from comeback.offers import stock
from comeback.offers.models import Offer
from comeback.orders import warranty
from comeback.orders.models import LineStatus, OrderLine, Return, ReturnStatus
from comeback.orders.processes import Actor as LineActor
from comeback.orders.processes import move_line
from comeback.orders.services import fulfilment, guarantee
from comeback.orders.services.refunds import record_refund

from .models import (
    Author,
    Claim,
    ClaimMessage,
    ClaimPhoto,
    ClaimStatus,
    Decision,
    Fault,
    RemedyChoice,
    ReplacementSource,
    Resolution,
)
from .processes import Actor, answer_deadline, move

MIN_DESCRIPTION, MAX_TEXT = 10, 4000
REFUND_REASON = "warranty_claim"


def _payload(claim: Claim, **extra) -> dict:
    return {
        "claim_id": claim.pk,
        "ref": claim.ref,
        "line_id": claim.order_line_id,
        "seller_id": claim.seller_id,
        "status": str(claim.status),
        **extra,
    }


def _text(value: str, *, name: str, required: bool = True, minimum: int = 1) -> str:
    value = (value or "").strip()
    if required and len(value) < minimum:
        raise Invalid.field(name, "too_short", _("Write at least %(n)d characters.") % {"n": minimum})
    if len(value) > MAX_TEXT:
        raise Invalid.field(name, "too_long", _("At most %(n)d characters.") % {"n": MAX_TEXT})
    return value


def _lock_line(line_id: int) -> None:
    """Lock the unit's line before touching its claim: a return decided at the same instant (remedies.py)
    takes the same lock first, so one waits for the other and both see what the first decided."""
    list(OrderLine.objects.select_for_update().filter(pk=line_id))


def _note(claim: Claim, body: str, *, at: datetime, author: str = Author.SYSTEM, user=None) -> ClaimMessage:
    return ClaimMessage.objects.create(claim=claim, author=author, user=user, body=body, created_at=at)


# Look-ups that never reveal someone else's claim ---------------------------------------------------
def _claims():
    return Claim.objects.select_related("order_line__order", "order_line__offer", "seller", "buyer")


def buyer_claim(*, buyer, claim_id: int) -> Claim:
    claim = _claims().filter(pk=claim_id, buyer=buyer).first()
    if claim is None:
        raise NotFound(_("You have no claim %s.") % claim_id, code="claim_not_found")
    return claim


def seller_claim(*, seller, claim_id: int) -> Claim:
    claim = _claims().filter(pk=claim_id, seller=seller).first()
    if claim is None:
        raise NotFound(_("You have no claim %s.") % claim_id, code="claim_not_found")
    return claim


def staff_claim(*, user, claim_id: int) -> Claim:
    if not getattr(user, "is_staff", False):
        raise Forbidden(_("Only staff decide claims."), code="staff_only")
    claim = _claims().filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(_("No claim %s.") % claim_id, code="claim_not_found")
    return claim


# Opening ---------------------------------------------------------------------------------------------
@dataclass
class ClaimDraft:
    line_id: int
    fault: str
    description: str
    declared_dropped: bool = False
    declared_liquid: bool = False
    declared_third_party_repair: bool = False
    battery_health: int | None = None
    remedy: str = ""  # the buyer's choice: repair or replacement (empty: the seller proposes)
    photos: list = field(default_factory=list)  # uploaded files, checked by content


def _check_line(line: OrderLine, w: warranty.Warranty) -> None:
    if line.status == LineStatus.REFUNDED:
        raise Conflict(_("This item was refunded: it has no warranty any more."), code="line_refunded")
    if line.status not in warranty.CLAIMABLE_LINE_STATUSES:
        raise Conflict(
            _("The warranty starts at delivery: this item has not been delivered yet."),
            code="line_not_delivered",
            line_id=line.pk,
        )
    if Return.objects.filter(line=line).exclude(status=ReturnStatus.REFUNDED).exists():
        raise Conflict(
            _("A return is open for this item: it is handled as a return, not a warranty claim."),
            code="return_in_progress",
            line_id=line.pk,
        )
    if not w.active:
        legal = w.legal_dict()
        if w.legal_active:
            detail = _(
                "The %(months)d-month commercial warranty ended on %(until)s. The legal guarantee still "
                "applies until %(legal)s: contact the seller under it."
            ) % {"months": w.months, "until": w.until.isoformat(), "legal": w.legal_until.isoformat()}
        else:
            detail = _("The %(months)d-month commercial warranty ended on %(until)s. %(legal)s") % {
                "months": w.months,
                "until": w.until.isoformat(),
                "legal": legal["text"],
            }
        raise Conflict(
            detail,
            code="outside_warranty",
            line_id=line.pk,
            warranty_until=w.until.isoformat(),
            legal_guarantee=legal,
        )


def open_claim(*, buyer, draft: ClaimDraft, at: datetime | None = None) -> Claim:
    """A buyer's claim on one delivered unit within its commercial warranty."""
    at = at or clock.now()
    if draft.fault not in Fault.values:
        raise Invalid.field("fault", "invalid_fault", _("Fault must be one of %s.") % ", ".join(Fault.values))
    description = _text(draft.description, name="description", minimum=MIN_DESCRIPTION)
    health = draft.battery_health
    if health is not None and not 0 <= health <= 100:
        raise Invalid.field(
            "battery_health", "invalid_battery_health", _("Battery health is a percentage, 0–100.")
        )
    remedy = (draft.remedy or "").strip()
    if remedy and remedy not in RemedyChoice.values:
        raise Invalid.field(
            "remedy", "invalid_remedy", _("The remedy is one of %s.") % ", ".join(RemedyChoice.values)
        )
    photos = images.read_photos(list(draft.photos or []))
    line = fulfilment.buyer_line(buyer=buyer, line_id=draft.line_id, at=at)
    market = markets.get(line.order.market_id)
    w = warranty.for_line(line, at=at, market=market)
    _check_line(line, w)
    battery_defect = draft.fault == Fault.BATTERY and warranty.is_battery_defect(
        line=line, battery_health=health, warranty=w
    )
    try:
        with transaction.atomic():
            _lock_line(line.pk)
            if Return.objects.filter(line=line).exclude(status=ReturnStatus.REFUNDED).exists():
                raise Conflict(
                    _("A return is open for this item: it is handled as a return, not a warranty claim."),
                    code="return_in_progress",
                    line_id=line.pk,
                )
            claim = Claim.objects.create(
                ref=ids.public_ref("CLM"),
                order_line=line,
                buyer=buyer,
                seller_id=line.seller_id,
                market=market.code,
                fault=draft.fault,
                description=description,
                declared_dropped=draft.declared_dropped,
                declared_liquid=draft.declared_liquid,
                declared_third_party_repair=draft.declared_third_party_repair,
                battery_health=health,
                battery_defect=battery_defect,
                remedy_chosen=remedy,
                opened_at=at,
                answer_due_at=answer_deadline(at, market),
            )
            for photo in photos:
                row = ClaimPhoto(
                    claim=claim, content_type=photo.content_type, size=len(photo.content), uploaded_at=at
                )
                row.image.save(photo.filename, ContentFile(photo.content), save=False)
                row.save()
            outbox.emit("claim.opened", **_payload(claim, fault=claim.fault))
    except IntegrityError:
        raise Conflict(
            _("A claim is already open for this item."), code="claim_exists", line_id=line.pk
        ) from None
    return claim


# The seller's answer ---------------------------------------------------------------------------------
@dataclass
class AnswerDraft:
    resolution: str
    note: str = ""
    return_label_url: str = ""  # repair: the prepaid return label
    return_tracking: str = ""
    replacement_offer_id: int | None = None  # replace: from a listing (stock decremented) …
    replacement_imei: str = ""  # … or a unit from the seller's reserve; either way identified
    replacement_serial: str = ""
    tracking_number: str = ""  # replace: the replacement's parcel
    carrier: str = ""


def _answer_fields(claim: Claim, draft: AnswerDraft, seller) -> tuple[str, dict]:
    """The status an answer leads to and the fields it records (validated; no write)."""
    note = _text(
        draft.note,
        name="note",
        required=draft.resolution == Resolution.REMOTE_ASSISTANCE,
        minimum=MIN_DESCRIPTION,
    )
    if draft.resolution == Resolution.REMOTE_ASSISTANCE:
        return ClaimStatus.AWAITING_BUYER, {"answer_note": note}
    if draft.resolution == Resolution.REPAIR:
        label = (draft.return_label_url or "").strip()
        try:
            URLValidator(schemes=["https", "http"])(label)
        except Exception:
            raise Invalid.field(
                "return_label_url", "return_label_required", _("Give the link to the prepaid return label.")
            ) from None
        tracking = (draft.return_tracking or "").strip()
        if tracking and not fulfilment.TRACKING_RE.match(tracking):
            raise Invalid.field(
                "return_tracking",
                "invalid_tracking_number",
                _("Give the parcel's tracking number (5–64 letters or digits)."),
            )
        return ClaimStatus.IN_REPAIR, {
            "answer_note": note,
            "return_label_url": label,
            "return_tracking": tracking,
        }
    if draft.resolution == Resolution.REPLACE:
        shipment = fulfilment.validate_shipment(
            tracking_number=draft.tracking_number,
            carrier=draft.carrier,
            imei=draft.replacement_imei,
            serial=draft.replacement_serial,
        )
        # A replacement reaches a buyer too: a unit on a block list is refused, staff alerted (docs/trust.md §1).
        devices.screen(
            identifier=shipment["imei"] or shipment["serial"],
            seller=seller,
            context=devices.Context.REPLACEMENT,
            ref=f"claim:{claim.ref}",
        )
        fields = {
            "answer_note": note,
            "replacement_imei": shipment["imei"],
            "replacement_serial": shipment["serial"],
            "ship_back_tracking": shipment["tracking_number"],
            "ship_back_carrier": shipment["carrier"],
            "replacement_source": ReplacementSource.SELLER_UNIT,
        }
        if draft.replacement_offer_id is not None:
            offer = Offer.objects.filter(
                pk=draft.replacement_offer_id,
                seller=seller,
                market_id=claim.market,
                variant_id=claim.order_line.offer.variant_id,
            ).first()
            if offer is None:
                raise Invalid.field(
                    "replacement_offer_id",
                    "unknown_offer",
                    _("Replace from one of your listings of the same variant in this market."),
                )
            fields.update(replacement_source=ReplacementSource.OFFER, replacement_offer=offer)
        return ClaimStatus.AWAITING_BUYER, fields
    if draft.resolution == Resolution.REFUND:
        return ClaimStatus.RESOLVED, {"answer_note": note}
    raise Invalid.field(
        "resolution", "invalid_resolution", _("Resolution must be one of %s.") % ", ".join(Resolution.values)
    )


def _refund(claim: Claim, *, actor: LineActor, at: datetime) -> None:
    """Refund what the buyer paid for the unit, to the original payment; the ledger charges the seller."""
    line = OrderLine.objects.select_related("order").get(pk=claim.order_line_id)
    fulfilment.catch_up_lines([line], at=at)
    if line.status not in warranty.CLAIMABLE_LINE_STATUSES:
        raise Conflict(
            _("This item cannot be refunded any more (it is %s).") % line.get_status_display(),
            code="line_not_refundable",
        )
    move_line(line, LineStatus.REFUNDED, actor=actor, at=at)
    record_refund(line, reason=REFUND_REASON, at=at)


def answer_claim(*, seller, claim_id: int, draft: AnswerDraft, at: datetime | None = None) -> Claim:
    """The seller's answer: remote assistance, repair, replacement or refund (docs/design.md §2 Warranty)."""
    at = at or clock.now()
    claim = seller_claim(seller=seller, claim_id=claim_id)
    if claim.status != ClaimStatus.OPEN:
        # An answer goes to an open claim; one that lost a race to another answer meets it answered (409).
        raise Conflict(
            _("This claim has already been answered."), code="invalid_transition", current_status=claim.status
        )
    to, fields = _answer_fields(claim, draft, seller)
    fields.update(resolution=draft.resolution, answered_at=at)
    if to == ClaimStatus.RESOLVED:
        fields["resolved_at"] = at
    with transaction.atomic():
        _lock_line(claim.order_line_id)
        move(claim, to, actor=Actor.SELLER, **fields)
        offer = fields.get("replacement_offer")
        # The replacement comes out of a listing: a conditional decrement, never below zero.
        if offer is not None and not stock.take(offer_id=offer.pk, at=at):
            raise Conflict(
                _("This listing has no unit left to send."), code="out_of_stock", offer_id=offer.pk
            )
        if draft.resolution == Resolution.REFUND:
            _refund(claim, actor=LineActor.SELLER, at=at)
        if draft.resolution == Resolution.REPAIR:
            _extend_if_repair_chosen(claim, at=at)
        _note(claim, _("The seller answered: %s.") % Resolution(draft.resolution).label, at=at)
        outbox.emit("claim.answered", **_payload(claim, resolution=claim.resolution))
        if to == ClaimStatus.RESOLVED:
            outbox.emit("claim.resolved", **_payload(claim, resolution=claim.resolution))
    return claim


def _extend_if_repair_chosen(claim: Claim, *, at: datetime) -> None:
    """Directive (EU) 2024/1799 Art. 16: when the buyer chose repair for a defect within the legal guarantee
    of an EU market, the guarantee of that unit runs 12 months longer (once per claim)."""
    if claim.remedy_chosen != RemedyChoice.REPAIR or claim.market not in warranty.EU_MARKETS:
        return
    line = OrderLine.objects.select_related("order").get(pk=claim.order_line_id)
    if not warranty.for_line(line, at=at).legal_active:
        return
    months = guarantee.REPAIR_EXTENSION_MONTHS
    if Claim.objects.filter(pk=claim.pk, legal_extension_months=0).update(legal_extension_months=months):
        guarantee.extend_legal_guarantee(line_id=line.pk, months=months)
        claim.legal_extension_months = months
        _note(
            claim, _("Repair chosen within the legal guarantee: it is extended by %d months.") % months, at=at
        )
        outbox.emit("claim.guarantee_extended", **_payload(claim, months=months))


def complete_repair(
    *, seller, claim_id: int, tracking_number: str, carrier: str, note: str = "", at: datetime | None = None
) -> Claim:
    """The repaired unit is on its way back: the buyer now confirms or reopens."""
    at = at or clock.now()
    claim = seller_claim(seller=seller, claim_id=claim_id)
    tracking, carrier = (tracking_number or "").strip(), (carrier or "").strip()
    if not fulfilment.TRACKING_RE.match(tracking):
        raise Invalid.field(
            "tracking_number",
            "invalid_tracking_number",
            _("Give the parcel's tracking number (5–64 letters or digits)."),
        )
    if not carrier or len(carrier) > 40:
        raise Invalid.field("carrier", "invalid_carrier", _("Name the carrier (at most 40 characters)."))
    note = _text(note, name="note", required=False)
    with transaction.atomic():
        move(
            claim,
            ClaimStatus.AWAITING_BUYER,
            actor=Actor.SELLER,
            ship_back_tracking=tracking,
            ship_back_carrier=carrier,
        )
        _note(
            claim,
            _("The seller repaired the unit and shipped it back.") + (f" {note}" if note else ""),
            at=at,
        )
        outbox.emit("claim.repaired", **_payload(claim))
    return claim


# The buyer's word ------------------------------------------------------------------------------------
def confirm_resolution(*, buyer, claim_id: int, at: datetime | None = None) -> Claim:
    at = at or clock.now()
    claim = buyer_claim(buyer=buyer, claim_id=claim_id)
    with transaction.atomic():
        move(claim, ClaimStatus.RESOLVED, actor=Actor.BUYER, resolved_at=at)
        _note(claim, _("The buyer confirmed the resolution."), at=at)
        outbox.emit("claim.resolved", **_payload(claim, resolution=claim.resolution))
    return claim


def reopen_claim(*, buyer, claim_id: int, reason: str, at: datetime | None = None) -> Claim:
    """The fix did not work: the claim is open again with a new 2-business-day clock for the seller."""
    at = at or clock.now()
    reason = _text(reason, name="reason", minimum=MIN_DESCRIPTION)
    claim = buyer_claim(buyer=buyer, claim_id=claim_id)
    market = markets.get(claim.market)
    with transaction.atomic():
        move(
            claim,
            ClaimStatus.OPEN,
            actor=Actor.BUYER,
            answered_at=None,
            resolution=None,
            answer_due_at=answer_deadline(at, market),
            reopen_count=claim.reopen_count + 1,
            escalation_notified_at=None,
        )
        _note(claim, reason, at=at, author=Author.BUYER, user=buyer)
        outbox.emit("claim.reopened", **_payload(claim))
    return claim


# Staff -----------------------------------------------------------------------------------------------
def decide_claim(*, user, claim_id: int, decision: str, reason: str, at: datetime | None = None) -> Claim:
    """Staff decide for the buyer (a refund charged to the seller's balance) or find the claim not covered."""
    at = at or clock.now()
    claim = staff_claim(user=user, claim_id=claim_id)
    reason = _text(reason, name="reason", minimum=MIN_DESCRIPTION)
    if decision not in Decision.values:
        raise Invalid.field(
            "decision", "invalid_decision", _("Decision must be one of %s.") % ", ".join(Decision.values)
        )
    if decision == Decision.NOT_COVERED and claim.battery_defect:
        raise Conflict(
            _("A battery below 80% within 12 months on this offer is a covered defect."),
            code="covered_battery_defect",
        )
    fields = {
        "decided_by": user,
        "decided_at": at,
        "decision": decision,
        "decision_reason": reason,
        "answered_at": claim.answered_at or at,
        "resolved_at": at,
    }
    with transaction.atomic():
        _lock_line(claim.order_line_id)
        if decision == Decision.REFUND:
            move(claim, ClaimStatus.RESOLVED, actor=Actor.STAFF, resolution=Resolution.REFUND, **fields)
            _refund(claim, actor=LineActor.STAFF, at=at)
        else:
            move(claim, ClaimStatus.REJECTED, actor=Actor.STAFF, **fields)
        _note(claim, reason, at=at, author=Author.STAFF, user=user)
        outbox.emit("claim.decided", **_payload(claim, decision=decision))
        if claim.status == ClaimStatus.RESOLVED:
            outbox.emit("claim.resolved", **_payload(claim, resolution=claim.resolution))
    return claim


# The thread ------------------------------------------------------------------------------------------
def post_message(*, claim: Claim, author: str, user, body: str, at: datetime | None = None) -> ClaimMessage:
    """A message on the claim's thread. The caller found the claim through buyer_/seller_/staff_claim."""
    at = at or clock.now()
    body = _text(body, name="body")
    with transaction.atomic():
        message = _note(claim, body, at=at, author=author, user=user)
        outbox.emit("claim.message", **_payload(claim, message_id=message.pk, author=author))
    return message


# The clock -------------------------------------------------------------------------------------------
def notify_escalations(*, at: datetime | None = None, limit: int = 500) -> int:
    """Tell staff (and the seller and buyer) about claims that just went past their deadline.

    Escalation itself is derived when read; this only notifies, once per deadline (guarded update)."""
    at = at or clock.now()
    sent = 0
    for claim in (
        Claim.objects.escalated(at).filter(escalation_notified_at__isnull=True).order_by("id")[:limit]
    ):
        with transaction.atomic():
            if Claim.objects.filter(
                pk=claim.pk,
                escalation_notified_at__isnull=True,
                answered_at__isnull=True,
                answer_due_at=claim.answer_due_at,
            ).update(escalation_notified_at=at):
                outbox.emit(
                    "claim.escalated", **_payload(claim, answer_due_at=claim.answer_due_at.isoformat())
                )
                sent += 1
    return sent
