"""Opening a claim: the buyer's draft, checked against the line's warranty."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, ids, images, markets, outbox
from comeback.core.problems import Conflict, Invalid
from comeback.orders import warranty
from comeback.orders.models import LineStatus, OrderLine, Return, ReturnStatus
from comeback.orders.services import fulfilment

from ..models import (
    Claim,
    ClaimPhoto,
    Fault,
    RemedyChoice,
)
from ..processes import answer_deadline
from .lookups import MIN_DESCRIPTION, _lock_line, _payload, _text


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
