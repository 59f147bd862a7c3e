"""Paying the customer: money to their bank account within 5 business days of validation, never store credit.

Before any payout (docs/design.md §2): the device is not on a block list, its activation locks are confirmed
off, and a verified data-wipe certificate is recorded.

Idempotent under retries and races: a trade-in has at most one payout row (unique), every attempt sends
the provider the same idempotency key, and only the attempt whose guarded update marks the payout sent
posts the ledger and marks the trade-in paid. The provider is called outside any transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.money import Money
from comeback.core.problems import Conflict

from .. import ledger, processes
from ..models import LedgerEntry, PayoutStatus, TradeIn, TradeInPayout, Verification, WipeCertificate
from ..models import TradeInStatus as S
from ..payouts import PayoutDestination, PayoutError, get_provider
from ..processes import Actor
from .deadlines import catch_up
from .inspection import block, check_blocklist

log = logging.getLogger(__name__)


def missing_preconditions(tradein: TradeIn) -> list[str]:
    if tradein.questionnaire == "garment":  # no activation lock, no data to wipe
        return []
    missing = []
    if tradein.activation_lock_off_at is None:
        missing.append("activation_lock")
    if not WipeCertificate.objects.filter(tradein=tradein, verification=Verification.PASSED).exists():
        missing.append("wipe_certificate")
    return missing


def commission_for(tradein: TradeIn, price: int) -> int:
    """The partner's (or its store's) commission on the price paid (attribution: docs/trade-in.md)."""
    if tradein.partner_id is None:
        return 0
    bps = (
        tradein.store.commission_bps
        if tradein.store_id and tradein.store.commission_bps is not None
        else None
    )
    bps = bps if bps is not None else tradein.partner.commission_bps
    return Money(price, tradein.currency).scaled(Fraction(bps, 10_000)).amount if bps else 0


def destination(tradein: TradeIn) -> PayoutDestination:
    return PayoutDestination(
        method=tradein.payout_method,
        holder=tradein.account_holder,
        iban=tradein.iban,
        account_number=tradein.account_number,
        routing_number=tradein.routing_number,
        bank_code=tradein.bank_code,
        branch_code=tradein.branch_code,
    )


def _claim(tradein: TradeIn, at: datetime) -> TradeInPayout:
    provider = get_provider()
    defaults = {
        "amount": tradein.final_amount + tradein.bonus_amount,
        "currency": tradein.currency,
        "provider": provider.name,
        "idempotency_key": f"tradein-payout-{tradein.ref}",
        "created_at": at,
    }
    try:
        with transaction.atomic():
            payout, _created = TradeInPayout.objects.get_or_create(tradein=tradein, defaults=defaults)
    except IntegrityError:  # a racing attempt created it between our read and insert
        payout = TradeInPayout.objects.get(tradein=tradein)
    return payout


def pay(*, ref: str, at: datetime | None = None) -> TradeInPayout | None:
    """Pay a validated trade-in. Returns its payout (sent, or failed and to be retried), or None when the
    device turned out to be blocked. Safe to call any number of times, concurrently."""
    at = at or clock.now()
    tradein = TradeIn.objects.select_related("market", "partner", "store").filter(ref=ref).first()
    if tradein is None:
        raise Conflict(_("No such trade-in."), code="tradein_not_found")
    catch_up(tradein, at=at)
    existing = TradeInPayout.objects.filter(tradein=tradein).first()
    if tradein.status == S.PAID and existing is not None:
        return existing
    if tradein.status != S.VALIDATED:
        raise Conflict(
            _("Only a validated trade-in is paid."), code="not_payable", current_status=tradein.status
        )
    missing = missing_preconditions(tradein)
    if missing:
        raise Conflict(
            _("Before payment: %s.") % ", ".join(missing), code="payout_preconditions", missing=missing
        )
    verdict = check_blocklist(tradein.device_id)
    if verdict.blocked:
        with transaction.atomic():
            block(tradein, reason=verdict.reason, at=at)
        return None
    payout = _claim(tradein, at)
    if payout.status == PayoutStatus.SENT:
        return payout
    try:
        result = get_provider().send(
            amount=Money(payout.amount, payout.currency),
            destination=destination(tradein),
            idempotency_key=payout.idempotency_key,
            reference=tradein.ref,
        )
    except PayoutError as exc:
        TradeInPayout.objects.filter(pk=payout.pk).exclude(status=PayoutStatus.SENT).update(
            status=PayoutStatus.FAILED, attempts=payout.attempts + 1, last_error=str(exc)[:300]
        )
        payout.refresh_from_db()
        return payout
    with transaction.atomic():
        won = TradeInPayout.objects.filter(
            pk=payout.pk, status__in=[PayoutStatus.PENDING, PayoutStatus.FAILED]
        ).update(
            status=PayoutStatus.SENT, transfer_id=result.transfer_id, sent_at=at, attempts=payout.attempts + 1
        )
        if won:
            _book(tradein, payout, at)
    payout.refresh_from_db()
    return payout


def _book(tradein: TradeIn, payout: TradeInPayout, at: datetime) -> None:
    """The winning attempt only: ledger entries and the move to paid, in the transaction that marked it sent."""
    commission = commission_for(tradein, tradein.final_amount)
    postings = ledger.payout_postings(
        seller_id=tradein.seller_id,
        price=tradein.final_amount,
        partner_id=tradein.partner_id,
        bonus=tradein.bonus_amount,
        commission=commission,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                account=p.account,
                amount=p.amount,
                currency=tradein.currency,
                kind=p.kind,
                tradein=tradein,
                payout=payout,
                created_at=at,
            )
            for p in postings
        ]
    )
    processes.move(
        tradein,
        S.PAID,
        actor=Actor.PLATFORM,
        at=at,
        commission_amount=commission,
        detail={"amount": payout.amount, "transfer_id": payout.transfer_id or ""},
    )


def payable(at: datetime):
    """Validated trade-ins whose preconditions are met (the sweep pays them, oldest deadline first)."""
    return TradeIn.objects.filter(
        Q(questionnaire="garment")
        | Q(activation_lock_off_at__isnull=False, wipe_certificate__verification=Verification.PASSED),
        status=S.VALIDATED,
    ).order_by("payout_due_at", "pk")


def run_due(*, at: datetime | None = None, progress: Callable | None = None) -> list[TradeInPayout]:
    at = at or clock.now()
    refs = list(payable(at).values_list("ref", flat=True))
    paid = []
    for ref in progress(refs, "trade-in payouts") if progress else refs:
        try:
            payout = pay(ref=ref, at=at)
        except Conflict as exc:  # moved meanwhile, or the block list is down: the next sweep tries again
            log.info("trade-in %s not paid: %s", ref, exc.code)
            continue
        if payout is not None and payout.status == PayoutStatus.SENT:
            paid.append(payout)
    return paid


def pay_when_ready(*, tradein_id: int) -> bool:
    """Once the last precondition lands (validated, lock off, wipe verified: whichever comes last), enqueue
    the payment (a task on the payouts queue; the provider is never called from a handler). The outbox
    handler of those events calls this; the sweep is the safety net. True when a payment was enqueued."""
    from ..tasks import pay_tradein

    tradein = TradeIn.objects.filter(pk=tradein_id).first()
    if tradein is None or tradein.status != S.VALIDATED or missing_preconditions(tradein):
        return False
    pay_tradein.enqueue(tradein.ref)
    return True
