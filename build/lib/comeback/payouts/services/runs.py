"""The payout run: on each payout day (the 6th, 16th and 26th by default, docs/payouts.md "Schedule") every
seller with a bank account for the currency is paid its released balance, net of commission and refunds.

Idempotent by construction, whoever calls it and however often (the scheduler, `comeback payouts-run`,
staff from the payouts page): one run per date (unique), claimed by one caller at a time with a guarded
update and a lease; each line is claimed by one payout (orders' guarded update), each payout has one
transfer (unique), each transfer lands in one file. A run that a dead process left half-done is resumed
by the next caller once its lease has passed, without paying anything twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q

from comeback.core import clock
from comeback.orders.services import payouts as ledger_payouts

from .. import conf
from ..models import SCHEME_FOR_CURRENCY, BankAccount, Channel, PayoutRun, RunStatus, Transfer, TransferStatus
from . import sending, sepa

log = logging.getLogger(__name__)


def run_date(at: datetime) -> date:
    return clock.local_date(at, conf.payout_timezone())


def is_payout_day(day: date) -> bool:
    return day.day in conf.payout_days()


def next_payout_day(after: date) -> date:
    """The first payout day strictly after `after`."""
    from datetime import timedelta

    day = after + timedelta(days=1)
    while not is_payout_day(day):
        day += timedelta(days=1)
    return day


def run_due(*, at: datetime | None = None, user=None, force: bool = False, progress: Callable | None = None):
    """Run today's payouts if today is a payout day (or `force`); the run, or None on other days.

    Safe to call any number of times, from any number of processes at once."""
    at = at or clock.now()
    day = run_date(at)
    if not (force or is_payout_day(day)):
        return None
    run = _run_for(day, at)
    if not _claim(run, at, user):
        run.refresh_from_db()
        return run
    pairs = _payable_pairs(at)
    for left in _already_left(run):  # a resumed run adds nothing to money already on its way
        pairs.pop(left, None)
    due = ledger_payouts.due(at, pairs=pairs)
    items = sorted(due.items())
    for (seller_id, currency), line_ids in progress(items, "payouts") if progress else items:
        payout = ledger_payouts.pay_seller(
            seller_id=seller_id, currency=currency, line_ids=line_ids, day=day, at=at
        )
        if payout is not None:
            _transfer_for(run, payout, pairs[(seller_id, currency)], at)
    sepa.write_files(run, at=at)
    sending.send_pending(run=run, at=at)
    PayoutRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        status=RunStatus.DONE, finished_at=at
    )
    run.refresh_from_db()
    return run


def _run_for(day: date, at: datetime) -> PayoutRun:
    try:
        with transaction.atomic():
            run, _created = PayoutRun.objects.get_or_create(run_date=day, defaults={"created_at": at})
    except IntegrityError:  # a concurrent caller created it between our read and our insert
        run = PayoutRun.objects.get(run_date=day)
    return run


def _claim(run: PayoutRun, at: datetime, user) -> bool:
    """Only one caller runs a run: the one whose guarded update moves it to running (or takes over a
    running one whose lease has passed, its process having died)."""
    stale = clock.now() - conf.run_lease()
    return bool(
        PayoutRun.objects.filter(
            Q(status=RunStatus.PENDING) | Q(status=RunStatus.RUNNING, started_at__lt=stale), pk=run.pk
        ).update(status=RunStatus.RUNNING, started_at=clock.now(), started_by=user)
    )


def _payable_pairs(at: datetime) -> dict[tuple[int, str], BankAccount]:
    """(seller, currency) → the account to pay into, for accounts not held by a recent change."""
    accounts = BankAccount.objects.filter(retired_at__isnull=True).filter(
        Q(payouts_held_until__isnull=True) | Q(payouts_held_until__lte=at)
    )
    return {(a.seller_id, a.currency): a for a in accounts}


def _already_left(run: PayoutRun) -> set[tuple[int, str]]:
    left = Transfer.objects.filter(run=run).exclude(status=TransferStatus.PENDING, file__isnull=True)
    return set(left.values_list("seller_id", "currency"))


def end_to_end_id(payout_id: int) -> str:
    """The reference the bank carries from our file to its statement (ISO 20022 EndToEndId, ≤ 35)."""
    return f"CB-PO-{payout_id:010d}"


def _transfer_for(run: PayoutRun, payout, account: BankAccount, at: datetime) -> Transfer | None:
    if payout.transfer_amount <= 0:  # everything held back against refunds: nothing leaves
        return None
    channel = Channel.SEPA if SCHEME_FOR_CURRENCY.get(payout.currency) == "sepa" else Channel.PROVIDER
    transfer, created = Transfer.objects.get_or_create(
        payout=payout,
        defaults={
            "run": run,
            "seller_id": payout.seller_id,
            "bank_account": account,
            "amount": payout.transfer_amount,
            "currency": payout.currency,
            "channel": channel,
            "end_to_end_id": end_to_end_id(payout.pk),
            "created_at": at,
        },
    )
    if (
        not created
        and transfer.status == TransferStatus.PENDING
        and transfer.amount != payout.transfer_amount
    ):
        # A resumed run added lines to the same payout before its transfer left.
        Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING, file__isnull=True).update(
            amount=payout.transfer_amount
        )
    return transfer
