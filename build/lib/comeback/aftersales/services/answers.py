"""The seller's answer to a claim (and its refund), and completing a chosen repair."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Invalid
from comeback.devices import services as devices
from comeback.offers import stock
from comeback.offers.models import Offer
from comeback.orders import warranty
from comeback.orders.models import LineStatus, OrderLine
from comeback.orders.processes import Actor as LineActor
from comeback.orders.processes import move_line
from comeback.orders.services import fulfilment, guarantee
from comeback.orders.services.refunds import record_refund

from ..models import (
    Claim,
    ClaimStatus,
    RemedyChoice,
    ReplacementSource,
    Resolution,
)
from ..processes import Actor, move
from .lookups import MIN_DESCRIPTION, _lock_line, _note, _payload, _text, seller_claim

REFUND_REASON = "warranty_claim"


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
