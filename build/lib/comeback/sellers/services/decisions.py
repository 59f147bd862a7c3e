"""Staff decisions about sellers, with the evidence they rest on, and acknowledging alerts.

Every decision that moves a seller is one row of `TABLE` (data): the kind it records, the status it leads to,
whether a reason is required and which default it records otherwise, whether the numbers it rests on are kept,
and the columns it writes besides the status. One function, `take`, reads a row and moves the seller through
`processes.move` (the transition table, the actor check, the guarded update, the record and its event). A
removal without an immediate ground is not a move but a notice, and withdrawing one too (removal.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

S = SellerStatus


@dataclass(frozen=True)
class Decision:
    """One decision that moves a seller. `to` and `fields` are read from the seller as it was found; `fields`
    is called with the seller, the moment, the reason recorded and the days given."""

    kind: str
    to: Callable[[Seller], str]
    fields: Callable[..., dict]
    reason_required: bool = False
    default_reason: str = ""  # recorded when staff give none (a lazy translation)
    evidence: bool = False  # keep the numbers the decision was taken on (the audit trail)
    takes_days: bool = False
    then: Callable[..., object] | None = None  # called in the same transaction, after the move


def _probation_ends(seller: Seller, at: datetime, days: int) -> datetime:
    # From the later of the old deadline and now: a seller past its deadline gets the full N days.
    return max(seller.probation_ends_at or at, at) + timedelta(days=days)


def _reinstated_to(seller: Seller) -> str:
    # Back where the suspension found the seller (probation keeps its deadline).
    back = seller.status_before_suspension if seller.status == S.SUSPENDED else ""
    return back or S.FULL


TABLE: dict[str, Decision] = {
    "verify": Decision(
        kind=DecisionKind.VERIFY,
        to=lambda seller: S.PROBATION,
        default_reason=gettext_lazy("Application verified."),
        fields=lambda seller, at, reason, days: {
            "verified_at": at,
            "probation_started_at": at,
            "probation_ends_at": at + timedelta(days=PROBATION_DAYS),
            "status_reason": "",
        },
    ),
    "reject": Decision(
        kind=DecisionKind.REJECT,
        to=lambda seller: S.REJECTED,
        reason_required=True,
        fields=lambda seller, at, reason, days: {"status_reason": reason},
    ),
    "approve": Decision(
        kind=DecisionKind.APPROVE,
        to=lambda seller: S.FULL,
        default_reason=gettext_lazy("Probation review passed."),
        evidence=True,
        fields=lambda seller, at, reason, days: {"approved_at": at, "status_reason": ""},
    ),
    "extend": Decision(
        kind=DecisionKind.EXTEND,
        to=lambda seller: S.PROBATION,
        reason_required=True,
        evidence=True,
        takes_days=True,
        fields=lambda seller, at, reason, days: {
            "probation_ends_at": _probation_ends(seller, at, days),
            "review_notice_for": None,
        },
    ),
    # at once, on a ground the law allows (removal.py); without one, staff give notice instead
    "remove": Decision(
        kind=DecisionKind.REMOVE,
        to=lambda seller: S.REMOVED,
        reason_required=True,
        evidence=True,
        fields=lambda seller, at, reason, days: {"status_reason": reason, "removal_due_at": None},
        then=removal.shop_removed,  # offers withdraws the listings
    ),
    "suspend": Decision(
        kind=DecisionKind.SUSPEND,
        to=lambda seller: S.SUSPENDED,
        reason_required=True,
        fields=lambda seller, at, reason, days: {
            "status_reason": reason,
            "status_before_suspension": seller.status,
        },
    ),
    "reinstate": Decision(
        kind=DecisionKind.REINSTATE,
        to=_reinstated_to,
        default_reason=gettext_lazy("Reinstated by staff."),
        fields=lambda seller, at, reason, days: {
            "status_reason": "",
            "status_before_suspension": "",
            "breach_since": None,
        },
    ),
}

VERIFICATIONS = ("verify", "reject")
DECISIONS = ("approve", "extend", "remove", "suspend", "reinstate", "cancel_notice")


def take(
    decision: Decision,
    *,
    seller: Seller,
    actor: Actor,
    at: datetime,
    by: User | None = None,
    reason: str = "",
    days: int | None = None,
    evidence: dict | None = None,
) -> SellerDecision:
    """Move `seller` as `decision` says and record it; a status the decision cannot leave from is 409
    `invalid_transition`, an actor the process does not name 403 `actor_not_allowed`. Call in a transaction."""
    text = reason or str(decision.default_reason)
    result = processes.move(
        seller=seller,
        kind=decision.kind,
        to=decision.to(seller),
        actor=actor,
        by=by,
        at=at,
        reason=text,
        days=days if decision.takes_days else None,
        evidence=evidence,
        fields=decision.fields(seller=seller, at=at, reason=text, days=days),
    )
    if decision.then is not None:
        decision.then(seller=seller, at=at)
    return result


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


def _days(days: int | None) -> int:
    if (
        days is None
        or isinstance(days, bool)
        or not isinstance(days, int)
        or not 1 <= days <= MAX_EXTENSION_DAYS
    ):
        raise Invalid.field("days", "invalid_days", _("Extend by 1 to %d days.") % MAX_EXTENSION_DAYS)
    return days


def verify(
    *, seller_id: int, decision: str, reason: str = "", by: User, at: datetime | None = None
) -> SellerDecision:
    """Verify an applicant (probation starts now) or reject it with a reason."""
    _require_staff(by)
    at = at or clock.now()
    if decision not in VERIFICATIONS:
        raise Invalid.field("decision", "invalid_decision", _("Decision must be verify or reject."))
    row = TABLE[decision]
    text = _reason(reason, required=row.reason_required)
    with transaction.atomic():
        seller = get_seller(seller_id)
        return take(row, seller=seller, actor=Actor.STAFF, by=by, at=at, reason=text)


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
    row = TABLE.get(decision)  # None: withdrawing a notice, which moves nothing
    text = _reason(reason, required=row is not None and row.reason_required)
    ground = removal.check_ground(ground) if decision == "remove" else ""
    with transaction.atomic():
        seller = get_seller(seller_id)
        if decision == "cancel_notice":
            return removal.cancel_notice(seller=seller, reason=text, by=by, at=at)
        evidence = _evidence(seller, at) if row.evidence else {}
        if row.takes_days:
            days = _days(days)
        if decision == "remove" and not ground:
            processes.check(seller=seller, kind=row.kind, to=row.to(seller), actor=Actor.STAFF)
            return removal.give_notice(seller=seller, reason=text, by=by, at=at, evidence=evidence)
        if ground:
            evidence = {**evidence, **removal.immediate_evidence(ground)}
        return take(
            row, seller=seller, actor=Actor.STAFF, by=by, at=at, reason=text, days=days, evidence=evidence
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
    return take(TABLE["suspend"], seller=seller, actor=actor, by=by, at=at, reason=reason, evidence=evidence)


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
