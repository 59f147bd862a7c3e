"""Removing a seller with 30 days' notice (docs/trust.md §4 "Removal with notice"; P2B Regulation Art. 4).

Staff decide to remove a shop; unless one of the grounds the law allows at once applies, the decision is a
*notice*: the shop keeps selling, the seller reads the statement of reasons with the date and may contest it,
and the scheduler (`seller-removals`) carries the removal out when it is due. Staff may withdraw the notice
(or reverse the statement after a contest) until then. Reads never write: from the due moment the shop's
listings are hidden by `selectors.selling_q`, whether or not the job has run yet.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from comeback.core import clock
from comeback.core.problems import Conflict, Invalid

from . import processes
from .models import DecisionKind, Seller, SellerDecision, SellerStatus
from .processes import Actor

NOTICE_DAYS = 30  # P2B Regulation Art. 4(1): at least 30 days before the termination takes effect
NOTICE = timedelta(days=NOTICE_DAYS)

# The grounds on which a shop may be removed at once (P2B Art. 4(4); DSA Art. 23 for repeated misuse).
IMMEDIATE_GROUNDS = {
    "illegal_content": gettext_lazy(
        "Illegal content: a legal obligation requires ending the service at once (P2B Art. 4(4)(a))"
    ),
    "repeated_infringement": gettext_lazy(
        "Repeated infringement of the terms and conditions (P2B Art. 4(4)(c))"
    ),
}


def check_ground(ground: str) -> str:
    ground = (ground or "").strip()
    if ground and ground not in IMMEDIATE_GROUNDS:
        raise Invalid.field(
            "ground",
            "invalid_ground",
            ngettext(
                "An immediate removal needs one of these grounds: %(grounds)s; leave it empty to give %(days)d "
                "day's notice.",
                "An immediate removal needs one of these grounds: %(grounds)s; leave it empty to give %(days)d "
                "days' notice.",
                NOTICE_DAYS,
            )
            % {"grounds": ", ".join(IMMEDIATE_GROUNDS), "days": NOTICE_DAYS},
        )
    return ground


def immediate_evidence(ground: str) -> dict:
    return {"immediate_grounds": f"{ground}: {IMMEDIATE_GROUNDS[ground]}"}


def give_notice(*, seller: Seller, reason: str, by, at: datetime, evidence: dict) -> SellerDecision:
    """Give notice of removal, effective after `NOTICE`. Call inside a transaction."""
    if seller.removal_due_at is not None:
        raise Conflict(
            _("This shop already has notice of removal on %s.") % seller.removal_due_at.date().isoformat(),
            code="removal_already_noticed",
            removal_due_at=clock.rfc3339(seller.removal_due_at),
        )
    due = at + NOTICE
    decision = processes.move(
        seller=seller,
        kind=DecisionKind.NOTICE,
        to=seller.status,
        actor=Actor.STAFF,
        by=by,
        at=at,
        reason=reason,
        evidence={**evidence, "effective_at": due.isoformat()},
        fields={"removal_due_at": due},
        guard=Q(removal_due_at__isnull=True),
    )
    Seller.objects.filter(pk=seller.pk).update(removal_notice=decision)
    seller.removal_notice = decision
    return decision


def cancel_notice(*, seller: Seller, reason: str, by, at: datetime) -> SellerDecision:
    """Withdraw a pending notice (staff changed their mind, or reversed it on a contest). In a transaction."""
    if seller.removal_due_at is None or seller.status == SellerStatus.REMOVED:
        raise Conflict(_("This shop has no pending removal notice."), code="no_removal_notice")
    return processes.move(
        seller=seller,
        kind=DecisionKind.CANCEL_NOTICE,
        to=seller.status,
        actor=Actor.STAFF,
        by=by,
        at=at,
        reason=reason or _("Removal notice withdrawn."),
        fields={"removal_due_at": None, "removal_notice": None},
        guard=Q(removal_due_at=seller.removal_due_at),
    )


# What the apps above do when a shop is removed, inside the removing transaction: offers withdraws the shop's
# listings (it writes offers; sellers sits below it and never imports it), registered in OffersConfig.ready.
_when_removed: list[Callable[..., object]] = []


def when_removed(fn: Callable[..., object]) -> Callable[..., object]:
    """Register `fn(seller=..., at=...)`, called in the transaction that removes a shop."""
    if fn not in _when_removed:
        _when_removed.append(fn)
    return fn


def shop_removed(*, seller: Seller, at: datetime) -> None:
    """Tell the apps above that `seller` was removed at `at` (call in the removing transaction)."""
    for fn in _when_removed:
        fn(seller=seller, at=at)


def complete_due(*, at: datetime | None = None) -> int:
    """Carry out every removal whose notice has run out; the scheduler's job. Idempotent and race-safe: each
    removal is a guarded update on the notice seen, so two schedulers (or a racing withdrawal) never both win.
    Returns how many shops were removed."""
    at = at or clock.now()
    due = list(
        Seller.objects.filter(removal_due_at__lte=at)
        .exclude(status=SellerStatus.REMOVED)
        .values_list("pk", flat=True)
    )
    removed = 0
    for seller_id in due:
        try:
            with transaction.atomic():
                seller = Seller.objects.select_related("removal_notice").get(pk=seller_id)
                if seller.removal_due_at is None or seller.removal_due_at > at:
                    continue
                notice = seller.removal_notice
                reason = notice.reason if notice else _("Removal after notice.")
                processes.move(
                    seller=seller,
                    kind=DecisionKind.REMOVE,
                    to=SellerStatus.REMOVED,
                    actor=Actor.SCHEDULE,
                    at=at,
                    reason=reason,
                    evidence={"notice_decision_id": notice.pk if notice else None},
                    fields={"status_reason": reason, "removal_due_at": None},
                    guard=Q(removal_due_at=seller.removal_due_at),
                )
                shop_removed(seller=seller, at=at)
                removed += 1
        except Conflict:
            continue  # withdrawn or carried out meanwhile: nothing left to do
    return removed


# Which statement of reasons explains a notice: trust issues them and sits above sellers, so it tells us how to
# find one (trust/apps.py registers the lookup); without it the portal links to the list of statements.
_statement_lookup: Callable[[int], dict | None] | None = None


def register_statement_lookup(fn: Callable[[int], dict | None]) -> None:
    """`fn(decision_id)` answers `{"pk": …, "status": …}` of the statement a decision issued, or None."""
    global _statement_lookup
    _statement_lookup = fn


def pending(seller: Seller) -> dict | None:
    """What the seller and staff are shown about a pending notice (None without one)."""
    if seller.removal_due_at is None or seller.status == SellerStatus.REMOVED:
        return None
    decision_id = seller.removal_notice_id
    statement = _statement_lookup(decision_id) if decision_id and _statement_lookup else None
    notice = seller.removal_notice if decision_id else None
    return {
        "due_at": seller.removal_due_at,
        "given_at": notice.created_at if notice else None,
        "reason": notice.reason if notice else "",
        "statement_id": statement["pk"] if statement else None,
        "statement_status": statement["status"] if statement else None,
    }
