"""Statements of reasons issued from the facts other apps announce (registered in TrustConfig.ready()). Each is
idempotent: `statements.issue` answers the same statement for a replayed event (its `source_key`)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from comeback.core import outbox

from . import reports, statements
from .models import StatementKind

DECISION_KINDS = {
    "suspend": StatementKind.SELLER_SUSPENDED,
    "remove": StatementKind.SELLER_REMOVED,
    "notice": StatementKind.SELLER_REMOVED,  # the statement comes with the notice, dated when it takes effect
    "reject": StatementKind.APPLICATION_REJECTED,
}


def on_seller_decision(event_id: int, payload: dict) -> None:
    from comeback.sellers.models import SellerDecision

    kind = DECISION_KINDS.get(payload.get("kind"))
    if kind is None:
        return
    decision = SellerDecision.objects.filter(pk=payload.get("decision_id")).first()
    if decision is None:
        return
    evidence = decision.evidence or {}
    if "notice_decision_id" in evidence:
        return  # a removal carried out after notice: the notice's statement already stated it
    statements.issue(
        seller_id=decision.seller_id,
        kind=kind,
        subject=f"seller:{decision.seller_id}",
        facts=decision.reason,
        automated=decision.actor_id is None,
        source_key=f"seller.decision:{decision.pk}",
        at=decision.created_at,
        effective_at=_effective(evidence.get("effective_at")) or decision.created_at,
        immediate_grounds=str(evidence.get("immediate_grounds") or ""),
    )


def _effective(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def on_listings_paused(event_id: int, payload: dict) -> None:
    seller_id, ends = payload.get("seller_id"), payload.get("probation_ends_at")
    if not isinstance(seller_id, int) or not ends:
        return
    at = _effective(ends)
    statements.issue(
        seller_id=seller_id,
        kind=StatementKind.LISTINGS_PAUSED,
        subject=f"seller:{seller_id}",
        facts=_(
            "Your 40-day probation ended on %(date)s; your listings are paused until staff review your shop."
        )
        % {"date": at.date().isoformat() if at else ends},
        automated=True,
        source_key=f"seller.paused:{seller_id}:{ends}",
        at=at,
    )


def on_bank_account(event_id: int, payload: dict) -> None:
    if not payload.get("changed"):
        return
    from comeback.payouts.models import BankAccount

    account = BankAccount.objects.filter(pk=payload.get("bank_account_id")).first()
    if account is None or account.payouts_held_until is None:
        return
    statements.issue(
        seller_id=account.seller_id,
        kind=StatementKind.PAYOUT_HELD,
        subject=f"bank_account:{account.pk}",
        facts=_(
            "Your %(currency)s bank account changed on %(date)s; payouts in %(currency)s wait until %(until)s."
        )
        % {
            "currency": account.currency,
            "date": account.created_at.date().isoformat(),
            "until": account.payouts_held_until.isoformat(),
        },
        automated=True,
        source_key=f"bank_account:{account.pk}",
        at=account.created_at,
    )


def on_authentication_decided(event_id: int, payload: dict) -> None:
    """A listing refused at authentication is withdrawn: the seller reads why, and may contest."""
    if payload.get("result") != "refused":
        return
    from comeback.offers.models import Authentication

    row = (
        Authentication.objects.select_related("offer__variant__product")
        .filter(pk=payload.get("authentication_id"))
        .first()
    )
    if row is None:
        return
    statements.issue(
        seller_id=row.offer.seller_id,
        kind=StatementKind.AUTHENTICATION_REFUSED,
        subject=f"offer:{row.offer_id}",
        facts=_("Your listing %(offer)s (%(product)s) was not authenticated: %(reasons)s")
        % {"offer": row.offer_id, "product": row.offer.variant.product.name, "reasons": row.reasons},
        automated=False,
        source_key=f"authentication:{row.pk}",
        at=row.decided_at,
    )


def notice_statement(decision_id: int) -> dict | None:
    """The statement a seller decision (a removal notice) issued, for the seller's portal and API."""
    from .models import Statement

    return (
        Statement.objects.filter(source_key=f"seller.decision:{decision_id}").values("pk", "status").first()
    )


def register() -> None:
    from comeback.sellers import removal

    removal.register_statement_lookup(notice_statement)
    outbox.handles("seller.decision")(on_seller_decision)
    outbox.handles("seller.listings_paused")(on_listings_paused)
    outbox.handles("payouts.bank_account.registered")(on_bank_account)
    outbox.handles("report.buyers_to_tell")(reports.tell_buyers)
    outbox.handles("offer.authentication_decided")(on_authentication_decided)
