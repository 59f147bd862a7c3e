"""Statements of reasons (docs/trust.md "Every restriction explained"; DSA Art. 17, P2B Regulation Art. 4).

Every restriction of a seller — a listing withdrawn, listings paused, the shop suspended or removed, an
application rejected, payouts held — gets one statement: the facts, the rule applied, whether it was automated
and how to contest it. The seller reads it in the portal and by API and may contest it once; staff decide with
their own statement. Statements are issued from the outbox (`handlers.py`) or by the trust services that
restrict directly; `source_key` makes each fact give one statement however often its event is replayed.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock, outbox
from comeback.core.problems import Conflict, Invalid, NotFound

from .models import Statement, StatementKind, StatementStatus

REMOVAL_NOTICE = timedelta(days=30)  # P2B Regulation Art. 4(1): 30 days' notice before terminating
RULES = {
    StatementKind.LISTING_WITHDRAWN: "docs/trust.md §4 Reports: a listing found illegal, unsafe, counterfeit or "
    "misleading is withdrawn",
    StatementKind.LISTINGS_PAUSED: "docs/design.md §2 Probation: on day 40 listings pause until staff review",
    StatementKind.SELLER_SUSPENDED: "docs/seller-quality.md §6: a sustained quality breach, or a staff decision, "
    "suspends the listings",
    StatementKind.SELLER_REMOVED: "docs/design.md §2 Probation and docs/trust.md §4: removal after review, "
    "with 30 days' notice unless a ground for removal at once applies (P2B Regulation Art. 4)",
    StatementKind.APPLICATION_REJECTED: "docs/design.md §2 Sellers are professionals: staff verify applications",
    StatementKind.PAYOUT_HELD: "docs/payouts.md: a changed bank account holds payouts 3 days",
    StatementKind.AUTHENTICATION_REFUSED: "docs/trust.md §5 Authentication: above its category's threshold a "
    "listing is published only once an authenticator has authenticated the item",
}


def redress() -> str:
    return _(
        "You may contest this decision once, within 6 months, in the seller portal (Statements) or with "
        "POST /api/v1/seller/statements/{id}/contest, saying why it is wrong. A person reviews it and answers "
        "with a statement of their own. You may also use out-of-court dispute settlement or the courts."
    )


def issue(
    *,
    seller_id: int,
    kind: str,
    subject: str,
    facts: str,
    automated: bool,
    source_key: str,
    at: datetime | None = None,
    effective_at: datetime | None = None,
    immediate_grounds: str = "",
) -> Statement:
    """Issue the statement for one fact, once (a replay answers the first)."""
    at = at or clock.now()
    try:
        with transaction.atomic():
            statement = Statement.objects.create(
                seller_id=seller_id,
                kind=kind,
                subject=subject[:80],
                facts=facts or _("No further facts were recorded."),
                rule=RULES[kind][:300],
                automated=automated,
                redress=redress(),
                issued_at=at,
                effective_at=effective_at or at,
                immediate_grounds=immediate_grounds[:300],
                source_key=source_key[:120],
            )
            outbox.emit("statement.issued", statement_id=statement.pk, seller_id=seller_id, kind=kind)
            return statement
    except IntegrityError:
        return Statement.objects.get(source_key=source_key[:120])


def for_seller(*, seller, statement_id: int) -> Statement:
    statement = Statement.objects.filter(pk=statement_id, seller=seller).first()
    if statement is None:
        raise NotFound(_("You have no statement %s.") % statement_id, code="statement_not_found")
    return statement


def contest(*, seller, statement_id: int, text: str, by, at: datetime | None = None) -> Statement:
    """The seller says why the decision is wrong; once per statement."""
    at = at or clock.now()
    statement = for_seller(seller=seller, statement_id=statement_id)
    text = (text or "").strip()
    if len(text) < 10:
        raise Invalid.field(
            "text", "contest_text_required", _("Say in at least 10 characters why it is wrong.")
        )
    with transaction.atomic():
        moved = Statement.objects.filter(pk=statement.pk, status=StatementStatus.ISSUED).update(
            status=StatementStatus.CONTESTED, contest_text=text[:4000], contested_at=at, contested_by=by
        )
        if not moved:
            raise Conflict(_("This decision was already contested."), code="statement_already_contested")
        outbox.emit("statement.contested", statement_id=statement.pk, seller_id=seller.pk)
    statement.refresh_from_db()
    return statement


def decide(*, statement_id: int, outcome: str, text: str, by, at: datetime | None = None) -> Statement:
    """Staff answer a contest with their own statement: the decision is upheld or reversed. Reversing a
    suspension reinstates the shop; other reversals are undone by staff with the ordinary tools."""
    at = at or clock.now()
    statement = Statement.objects.filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("No statement %s.") % statement_id, code="statement_not_found")
    errors = []
    if outcome not in (StatementStatus.UPHELD, StatementStatus.REVERSED):
        errors.append(
            {"field": "outcome", "code": "invalid_outcome", "message": _("Outcome is upheld or reversed.")}
        )
    text = (text or "").strip()
    if len(text) < 10:
        errors.append(
            {
                "field": "statement",
                "code": "statement_required",
                "message": _("Explain the decision to the seller."),
            }
        )
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    with transaction.atomic():
        moved = Statement.objects.filter(pk=statement.pk, status=StatementStatus.CONTESTED).update(
            status=outcome, outcome_text=text[:4000], decided_at=at, decided_by=by
        )
        if not moved:
            raise Conflict(_("Only a contested decision awaits a review."), code="statement_not_contested")
        outbox.emit(
            "statement.decided", statement_id=statement.pk, seller_id=statement.seller_id, outcome=outcome
        )
    statement.refresh_from_db()
    if outcome == StatementStatus.REVERSED and statement.kind == StatementKind.SELLER_REMOVED:
        _withdraw_notice(statement, text=text, by=by, at=at)
    if outcome == StatementStatus.REVERSED and statement.kind == StatementKind.SELLER_SUSPENDED:
        from comeback.sellers import services as seller_services

        # already reinstated (or removed since): the statement stands as recorded
        with contextlib.suppress(Conflict):
            seller_services.decide(
                seller_id=statement.seller_id, decision="reinstate", reason=text, by=by, at=at
            )
    return statement


def _withdraw_notice(statement: Statement, *, text: str, by, at: datetime) -> None:
    """A reversed removal still under notice is withdrawn; one already carried out stays for staff to undo."""
    from comeback.sellers import services as seller_services
    from comeback.sellers.models import Seller

    decision_id = statement.source_key.removeprefix("seller.decision:")
    if not decision_id.isdigit():
        return
    if Seller.objects.filter(pk=statement.seller_id, removal_notice_id=int(decision_id)).exists():
        with contextlib.suppress(Conflict):
            seller_services.decide(
                seller_id=statement.seller_id, decision="cancel_notice", reason=text, by=by, at=at
            )
