"""Staff decisions about sellers, with the evidence they rest on, and acknowledging alerts."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.accounts.models import User
from comeback.core import clock
from comeback.core.problems import Conflict, Invalid, NotFound

from .. import processes, quality, removal
from ..metrics import seller_metrics
from ..models import (
    PROBATION_DAYS,
    DecisionKind,
    Seller,
    SellerDecision,
    SellerStatus,
)
from ..processes import Actor

MAX_EXTENSION_DAYS = 90


def _require_staff(by: User) -> None:
    from comeback.core.problems import Forbidden

    if by is None or not by.is_staff:
        raise Forbidden(_("Only staff take decisions about sellers."), code="staff_only")


MAX_ID = 2**63 - 1  # a bigger id cannot exist, and would overflow the database driver


def get_seller(seller_id: int) -> Seller:
    seller = Seller.objects.filter(pk=seller_id).first() if 0 < seller_id <= MAX_ID else None
    if seller is None:
        raise NotFound(_("No seller %s.") % seller_id, code="seller_not_found")
    return seller


def _reason(reason: str | None, *, required: bool, field_name: str = "reason") -> str:
    text = (reason or "").strip()
    if required and len(text) < 3:
        raise Invalid.field(
            field_name, "reason_required", _("Give a reason: it is recorded and shown to the seller.")
        )
    if len(text) > 2000:
        raise Invalid.field(field_name, "too_long", _("The reason is at most 2000 characters."))
    return text


def verify(
    *, seller_id: int, decision: str, reason: str = "", by: User, at: datetime | None = None
) -> SellerDecision:
    """Verify an applicant (probation starts now) or reject it with a reason."""
    _require_staff(by)
    at = at or clock.now()
    if decision not in ("verify", "reject"):
        raise Invalid.field("decision", "invalid_decision", _("Decision must be verify or reject."))
    text = _reason(reason, required=decision == "reject")
    with transaction.atomic():
        seller = get_seller(seller_id)
        if decision == "verify":
            return processes.move(
                seller=seller,
                kind=DecisionKind.VERIFY,
                to=SellerStatus.PROBATION,
                actor=Actor.STAFF,
                by=by,
                at=at,
                reason=text or _("Application verified."),
                fields={
                    "verified_at": at,
                    "probation_started_at": at,
                    "probation_ends_at": at + timedelta(days=PROBATION_DAYS),
                    "status_reason": "",
                },
            )
        return processes.move(
            seller=seller,
            kind=DecisionKind.REJECT,
            to=SellerStatus.REJECTED,
            actor=Actor.STAFF,
            by=by,
            at=at,
            reason=text,
            fields={"status_reason": text},
        )


DECISIONS = ("approve", "extend", "remove", "suspend", "reinstate", "cancel_notice")


def decide(
    *,
    seller_id: int,
    decision: str,
    reason: str = "",
    days: int | None = None,
    ground: str = "",
    by: User,
    at: datetime | None = None,
) -> SellerDecision:
    """A seller-success decision: approve, extend probation by N days, remove, suspend, reinstate, or
    withdraw a removal notice. Removal is a 30-day notice unless `ground` names a ground for removing at once
    (removal.py)."""
    _require_staff(by)
    at = at or clock.now()
    if decision not in DECISIONS:
        raise Invalid.field(
            "decision", "invalid_decision", _("Decision must be one of %s.") % ", ".join(DECISIONS)
        )
    text = _reason(reason, required=decision in ("extend", "remove", "suspend"))
    ground = removal.check_ground(ground) if decision == "remove" else ""
    with transaction.atomic():
        seller = get_seller(seller_id)
        if decision == "cancel_notice":
            return removal.cancel_notice(seller=seller, reason=text, by=by, at=at)
        evidence = _evidence(seller, at) if decision in ("approve", "extend", "remove") else {}
        if decision == "approve":
            return processes.move(
                seller=seller,
                kind=DecisionKind.APPROVE,
                to=SellerStatus.FULL,
                actor=Actor.STAFF,
                by=by,
                at=at,
                reason=text or _("Probation review passed."),
                evidence=evidence,
                fields={"approved_at": at, "status_reason": ""},
            )
        if decision == "extend":
            if (
                days is None
                or isinstance(days, bool)
                or not isinstance(days, int)
                or not 1 <= days <= MAX_EXTENSION_DAYS
            ):
                raise Invalid.field("days", "invalid_days", _("Extend by 1 to %d days.") % MAX_EXTENSION_DAYS)
            if seller.status != SellerStatus.PROBATION:
                return processes.move(
                    seller=seller,
                    kind=DecisionKind.EXTEND,
                    to=SellerStatus.PROBATION,
                    actor=Actor.STAFF,
                    by=by,
                    at=at,
                )  # raises invalid_transition
            # From the later of the old deadline and now: a seller past its deadline gets the full N days.
            base = max(seller.probation_ends_at or at, at)
            return processes.move(
                seller=seller,
                kind=DecisionKind.EXTEND,
                to=SellerStatus.PROBATION,
                actor=Actor.STAFF,
                by=by,
                at=at,
                reason=text,
                days=days,
                evidence=evidence,
                fields={"probation_ends_at": base + timedelta(days=days), "review_notice_for": None},
            )
        if decision == "remove" and not ground:
            if seller.status not in (SellerStatus.PROBATION, SellerStatus.FULL, SellerStatus.SUSPENDED):
                processes.move(
                    seller=seller, kind=DecisionKind.REMOVE, to=SellerStatus.REMOVED, actor=Actor.STAFF, at=at
                )  # raises invalid_transition
            return removal.give_notice(seller=seller, reason=text, by=by, at=at, evidence=evidence)
        if decision == "remove":
            result = processes.move(
                seller=seller,
                kind=DecisionKind.REMOVE,
                to=SellerStatus.REMOVED,
                actor=Actor.STAFF,
                by=by,
                at=at,
                reason=text,
                evidence={**evidence, **removal.immediate_evidence(ground)},
                fields={"status_reason": text, "removal_due_at": None},
            )
            removal.shop_removed(seller=seller, at=at)  # offers withdraws the listings
            return result
        if decision == "suspend":
            return suspend(seller=seller, reason=text, by=by, actor=Actor.STAFF, at=at)
        # reinstate: back where the suspension found the seller (probation keeps its deadline)
        back = seller.status_before_suspension if seller.status == SellerStatus.SUSPENDED else ""
        return processes.move(
            seller=seller,
            kind=DecisionKind.REINSTATE,
            to=back or SellerStatus.FULL,
            actor=Actor.STAFF,
            by=by,
            at=at,
            reason=text or _("Reinstated by staff."),
            fields={"status_reason": "", "status_before_suspension": "", "breach_since": None},
        )


def suspend(
    *,
    seller: Seller,
    reason: str,
    at: datetime,
    actor: Actor,
    by: User | None = None,
    evidence: dict | None = None,
) -> SellerDecision:
    """Hide every listing of `seller` (they stay as they are) until staff reinstate. Call in a transaction."""
    return processes.move(
        seller=seller,
        kind=DecisionKind.SUSPEND,
        to=SellerStatus.SUSPENDED,
        actor=actor,
        by=by,
        at=at,
        reason=reason,
        evidence=evidence,
        fields={"status_reason": reason, "status_before_suspension": seller.status},
    )


def _evidence(seller: Seller, at: datetime) -> dict:
    """The numbers the decision was taken on, kept with it for the audit trail."""
    windows = seller_metrics(seller, at=at)
    rec = quality.recommend(windows["since_onboarding"])
    return {
        "recommendation": rec.decision,
        "reasons": [str(r) for r in rec.reasons],
        "since_onboarding": windows["since_onboarding"].as_dict(),
        "trailing_90_days": windows["trailing_90_days"].as_dict(),
    }


def acknowledge_alert(*, alert_id: int, by: User, at: datetime | None = None):
    from ..models import AlertStatus, SellerAlert

    _require_staff(by)
    at = at or clock.now()
    if not 0 < alert_id <= MAX_ID:
        raise NotFound(_("No alert %s.") % alert_id, code="alert_not_found")
    moved = SellerAlert.objects.filter(pk=alert_id, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_at=at, acknowledged_by=by
    )
    alert = SellerAlert.objects.filter(pk=alert_id).first()
    if alert is None:
        raise NotFound(_("No alert %s.") % alert_id, code="alert_not_found")
    if not moved:
        raise Conflict(
            _("This alert is already %s.") % alert.get_status_display().lower(), code="alert_state_changed"
        )
    return alert
