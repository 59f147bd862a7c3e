"""Intake and inspection by the refurbisher (or a partner store's staff): receive, validate, counter-offer
with evidence, confirm the activation lock off, record the data wipe, record a device's return.

docs/design.md §2: the refurbisher inspects within 2 business days: validate, or counter-offer — only for
defects the customer could have detected, with a reason from a fixed list and photo evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, images
from comeback.core.ids import public_ref
from comeback.core.problems import Conflict, Invalid
from comeback.devices import services as devices

from .. import blocklist, conditions, garments, processes
from ..models import (
    CounterOffer,
    CounterReason,
    DeviceRoute,
    EvidencePhoto,
    Route,
    TradeIn,
    Verification,
    WipeCertificate,
    WipeMethod,
)
from ..models import TradeInStatus as S
from ..processes import Actor
from . import access, routing
from .access import Operator

# What a counter-offer reason says the device really is, when the refurbisher records nothing more precise.
OBSERVED = {
    CounterReason.DOES_NOT_POWER_ON: {"powers_on": False},
    CounterReason.SCREEN_UNDECLARED: {"screen": "cracked"},
    CounterReason.BODY_UNDECLARED: {"body": "dents"},
    CounterReason.FUNCTION_FAULTY: {"functional": False},
}


def check_blocklist(identifier: str) -> blocklist.BlockResult:
    try:
        return blocklist.check(identifier)
    except blocklist.BlocklistUnavailable as exc:
        problem = Conflict(
            _("The block-list check is unavailable; try again shortly."), code="blocklist_unavailable"
        )
        problem.status = 503
        raise problem from exc


def receive(*, op: Operator, ref: str, at: datetime | None = None) -> TradeIn:
    """The device arrived: the 2-business-day inspection clock starts; a device on a block list is refused."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    garment = tradein.questionnaire == "garment"  # no identifier: no block list, no device registry
    verdict = None if garment else check_blocklist(tradein.device_id)
    with transaction.atomic():
        processes.move(
            tradein,
            S.RECEIVED,
            actor=op.actor,
            at=at,
            by=op.user,
            inspection_due_at=processes.inspection_due(at, tradein.market),
        )
        if verdict is not None and verdict.blocked:
            block(tradein, reason=verdict.reason, at=at)
        elif not garment:
            devices.record_take_in(
                identifier=tradein.device_id, seller=tradein.seller, ref=f"tradein:{tradein.ref}", at=at
            )
    return tradein


def block(tradein: TradeIn, *, reason: str, at: datetime) -> None:
    """A device on a block list is refused for good and never paid (docs/design.md §2)."""
    processes.move(
        tradein,
        S.BLOCKED,
        actor=Actor.PLATFORM,
        at=at,
        block_reason=reason[:200],
        detail={"reason": reason[:200]},
    )
    # Held, never resold nor paid: kept for its owner or the police until staff decide (docs/trust.md).
    DeviceRoute.objects.update_or_create(
        tradein=tradein,
        defaults={
            "route": Route.HELD,
            "rule_route": Route.HELD,
            "rule_reason": "on a block list: held for its owner or the police",
            "overridden": False,
            "weight_grams": None,
            "decided_at": at,
        },
    )
    devices.alert(
        identifier=tradein.device_id,
        kind="blocked",
        context=devices.Context.TRADE_IN,
        ref=f"tradein:{tradein.ref}",
        seller=tradein.seller,
        reason=reason or "on a block list",
        at=at,
    )


def _inspected(raw: dict | None, tradein: TradeIn) -> dict:
    """The condition the inspector found: the declared answers, overridden by what was observed."""
    observed = dict(tradein.quote.answers)
    for key, value in (raw or {}).items():
        if key in observed:
            observed[key] = value
    return observed


def mark_validated(
    tradein: TradeIn,
    *,
    final_amount: int,
    actor: Actor,
    at: datetime,
    by=None,
    auto: bool = False,
    inspected: dict | None = None,
    notes: str = "",
) -> None:
    """Agree the price: the payout is due within 5 business days, and the device gets its route."""
    fields = {
        "final_amount": final_amount,
        "auto_validated": auto,
        "payout_due_at": processes.payout_due(at, tradein.market),
    }
    if inspected is not None:
        fields["inspected_answers"] = inspected
    if notes:
        fields["inspection_notes"] = notes
    processes.move(
        tradein,
        S.VALIDATED,
        actor=actor,
        at=at,
        by=by,
        detail={"auto": auto, "price": final_amount},
        **fields,
    )
    routing.decide(tradein, at=at)


def validate(
    *, op: Operator, ref: str, inspected: dict | None = None, notes: str = "", at: datetime | None = None
) -> TradeIn:
    """Pay the quoted price. After the inspection deadline the clock has already done it (409)."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    with transaction.atomic():
        mark_validated(
            tradein,
            final_amount=tradein.quoted_amount,
            actor=op.actor,
            at=at,
            by=op.user,
            inspected=_inspected(inspected, tradein),
            notes=notes[:2000],
        )
    return tradein


@dataclass
class CounterDraft:
    reason: str
    price: int
    note: str = ""
    photos: list | None = None  # uploaded files
    inspected: dict | None = None


def counter_offer(*, op: Operator, ref: str, draft: CounterDraft, at: datetime | None = None) -> TradeIn:
    """Offer less, for a listed reason the declared answers contradict, proven by at least one photo."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    errors = []
    if draft.reason not in CounterReason.values:
        errors.append(
            {
                "field": "reason",
                "code": "reason_required",
                "message": _("Choose the reason from the list: %s.") % ", ".join(CounterReason.values),
            }
        )
    elif not conditions.reason_contradicts(draft.reason, tradein.quote.answers):
        errors.append(
            {
                "field": "reason",
                "code": "reason_not_admissible",
                "message": _("The customer declared this defect; it cannot ground a counter-offer."),
            }
        )
    if (
        isinstance(draft.price, bool)
        or not isinstance(draft.price, int)
        or not 0 < draft.price < tradein.quoted_amount
    ):
        errors.append(
            {
                "field": "price",
                "code": "counter_price_range",
                "message": _("A counter-offer is positive and below the quoted price."),
            }
        )
    if not draft.photos:
        errors.append(
            {
                "field": "photos",
                "code": "photo_required",
                "message": _("Attach at least one photo showing the defect."),
            }
        )
    Invalid.raise_any(errors)
    photos = images.read_photos(draft.photos)
    found = (
        garments.observed(draft.reason) if tradein.questionnaire == "garment" else OBSERVED.get(draft.reason)
    )
    inspected = _inspected(draft.inspected or found, tradein)
    with transaction.atomic():
        processes.move(
            tradein,
            S.COUNTER_OFFERED,
            actor=op.actor,
            at=at,
            by=op.user,
            detail={"reason": draft.reason, "price": draft.price},
            counter_amount=draft.price,
            counter_due_at=processes.counter_due(at),
            inspected_answers=inspected,
            inspection_notes=draft.note[:2000],
        )
        counter = CounterOffer.objects.create(
            tradein=tradein,
            reason=draft.reason,
            amount=draft.price,
            currency=tradein.currency,
            note=draft.note[:2000],
            by=op.user,
            created_at=at,
        )
        for photo in photos:
            row = EvidencePhoto(
                counter_offer=counter,
                content_type=photo.content_type,
                size=len(photo.content),
                sha256=photo.sha256,
                created_at=at,
            )
            row.file.save(photo.filename, ContentFile(photo.content), save=False)
            row.save()
    return tradein


def _device_held(tradein: TradeIn) -> None:
    if tradein.status not in processes.DEVICE_AT_REFURBISHER:
        raise Conflict(
            _("Record this once the device is received."),
            code="device_not_received",
            current_status=tradein.status,
        )


def confirm_lock_off(*, op: Operator, ref: str, at: datetime | None = None) -> TradeIn:
    """Activation locks (iCloud, Google FRP…) confirmed off: a precondition of payout."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    _device_held(tradein)
    with transaction.atomic():
        if TradeIn.objects.filter(pk=tradein.pk, activation_lock_off_at__isnull=True).update(
            activation_lock_off_at=at
        ):
            tradein.activation_lock_off_at = at
            processes.record(tradein, "activation_lock_off", actor=op.actor, at=at, by=op.user)
            processes.emit(tradein, "tradein.lock_off")
    return tradein


@dataclass
class WipeDraft:
    method: str
    technique: str
    tool: str
    tool_version: str
    operator_name: str
    started_at: datetime
    ended_at: datetime
    verification: str
    verification_method: str = ""


def _wipe_errors(d: WipeDraft, at: datetime, *, received_at: datetime | None = None) -> list[dict]:
    errors = []

    def err(field, code, message):
        errors.append({"field": field, "code": code, "message": str(message)})

    if d.method not in WipeMethod.values:
        err("method", "invalid_method", _("NIST SP 800-88 method: clear, purge or destroy."))
    for name in ("technique", "tool", "tool_version", "operator_name"):
        if not (getattr(d, name) or "").strip():
            err(name, "required", _("Required for the certificate."))
    if d.verification not in Verification.values:
        err("verification", "invalid_verification", _("Verification result: passed or failed."))
    if not (isinstance(d.started_at, datetime) and isinstance(d.ended_at, datetime)):
        err("started_at", "required", _("Enter when the wipe started and ended."))
    elif d.started_at.tzinfo is None or d.ended_at.tzinfo is None:
        err("started_at", "timezone_required", _("Times need a timezone (RFC 3339)."))
    elif d.ended_at < d.started_at:
        err("ended_at", "ends_before_start", _("The wipe cannot end before it starts."))
    elif d.ended_at > at:
        err("ended_at", "in_the_future", _("The wipe cannot end in the future."))
    elif received_at is not None and d.started_at < received_at.replace(second=0, microsecond=0):
        # The certificate is evidence about this device: a wipe started before it arrived was another's
        # (to the minute: forms give minutes).
        err(
            "started_at",
            "wipe_before_receipt",
            _("The wipe cannot start before the device was received (%(at)s).")
            % {"at": received_at.isoformat(timespec="minutes")},
        )
    return errors


def record_wipe(
    *,
    op: Operator,
    ref: str,
    draft: WipeDraft,
    at: datetime | None = None,
    held_since: datetime | None = None,
) -> WipeCertificate:
    """Record the data-wipe certificate (NIST SP 800-88 Rev. 2). A failed verification may be replaced by a
    new wipe; a passed one is final. Only a passed one allows payment. The wipe starts once the device is
    held: from its receipt, or `held_since` (at a partner's counter, the quote the customer came with)."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    _device_held(tradein)
    errors = _wipe_errors(draft, at, received_at=held_since or tradein.received_at)
    Invalid.raise_any(errors)
    fields = {
        "method": draft.method,
        "technique": draft.technique.strip()[:200],
        "tool": draft.tool.strip()[:100],
        "tool_version": draft.tool_version.strip()[:40],
        "operator_name": draft.operator_name.strip()[:120],
        "operator": op.user if getattr(op.user, "pk", None) else None,
        "started_at": draft.started_at,
        "ended_at": draft.ended_at,
        "verification": draft.verification,
        "verification_method": (draft.verification_method or "").strip()[:200],
        "created_at": at,
    }
    with transaction.atomic():
        replaced = WipeCertificate.objects.filter(tradein=tradein, verification=Verification.FAILED).update(
            ref=public_ref("WIPE"), **fields
        )
        if not replaced:
            try:
                with transaction.atomic():
                    WipeCertificate.objects.create(tradein=tradein, ref=public_ref("WIPE"), **fields)
            except IntegrityError as exc:
                raise Conflict(
                    _("A verified wipe is already recorded for this device."), code="wipe_already_recorded"
                ) from exc
        certificate = WipeCertificate.objects.get(tradein=tradein)
        processes.record(
            tradein,
            "wiped" if draft.verification == Verification.PASSED else "wipe_failed",
            actor=op.actor,
            at=at,
            by=op.user,
            detail={"method": draft.method, "certificate": certificate.ref},
        )
        if draft.verification == Verification.PASSED:
            processes.emit(tradein, "tradein.wiped", certificate=certificate.ref, method=draft.method)
    return certificate


def record_return(
    *, op: Operator, ref: str, label: str, tracking: str, at: datetime | None = None
) -> TradeIn:
    """The device went back to the customer (free), with its label and tracking number."""
    at = at or clock.now()
    tradein = access.for_operator(op=op, ref=ref, at=at, acting=True)
    errors = [
        {"field": f, "code": "required", "message": str(_("Required."))}
        for f, v in (("label", label), ("tracking", tracking))
        if not (v or "").strip()
    ]
    if errors:
        raise Invalid(errors[0]["message"], code="required", errors=errors)
    with transaction.atomic():
        processes.move(
            tradein,
            S.RETURNED,
            actor=op.actor,
            at=at,
            by=op.user,
            return_label=label.strip()[:60],
            return_tracking=tracking.strip()[:60],
            detail={"tracking": tracking.strip()[:60]},
        )
    return tradein
