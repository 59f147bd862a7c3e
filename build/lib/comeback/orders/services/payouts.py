"""Payouts in the ledger: each seller is paid for lines delivered at least PAYOUT_DELAY_DAYS ago and not in
dispute (no open return or claim). Idempotent: a line is claimed by one payout with a guarded update, and a
seller has at most one live payout per day and currency.

A refund of a line that was already paid out leaves the seller owing money (a negative balance); the
next payout holds that back (`transfer_amount` < `amount`) with a pair of holdback entries.

When the schedule says and how the money leaves (bank files, providers, statements) is the payouts app's
business (docs/payouts.md); a transfer the bank sends back is reversed here (`reverse_payout`): its
entries are posted again with the opposite sign and its lines are free to be paid by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from comeback.core import clock

from .. import conf, ledger
from ..events import emit_all
from ..models import EntryKind, LedgerEntry, LineStatus, OrderLine, Payout, Return
from ..processes import OPEN_RETURN

# A warranty claim still being handled is a dispute too: pay the seller once it is settled, rather than
# pay first and charge a refund back later. Named by label so orders never imports after-sales.
ACTIVE_CLAIM_STATUSES = ("open", "in_repair", "awaiting_buyer")


def eligible_lines(at: datetime):
    in_dispute = Return.objects.filter(line=OuterRef("pk"), status__in=OPEN_RETURN)
    lines = OrderLine.objects.filter(
        status__in=[LineStatus.DELIVERED, LineStatus.COMPLETED],
        delivered_at__lte=at - conf.payout_delay(),
        payout__isnull=True,
    ).exclude(Exists(in_dispute))
    if apps.is_installed("comeback.aftersales"):
        claims = apps.get_model("aftersales", "Claim").objects
        lines = lines.exclude(
            Exists(claims.filter(order_line=OuterRef("pk"), status__in=ACTIVE_CLAIM_STATUSES))
        )
    return lines


def due(at: datetime, *, pairs: Iterable[tuple[int, str]] | None = None) -> dict[tuple[int, str], list[int]]:
    """The lines each (seller, currency) may be paid for at `at`, limited to `pairs` when given."""
    wanted = set(pairs) if pairs is not None else None
    found: dict[tuple[int, str], list[int]] = {}
    for pk, seller_id, currency in (
        eligible_lines(at).order_by("id").values_list("pk", "seller_id", "currency")
    ):
        if wanted is None or (seller_id, currency) in wanted:
            found.setdefault((seller_id, currency), []).append(pk)
    return found


def run_payouts(*, at: datetime | None = None) -> list[Payout]:
    """Pay every seller everything due now, in the ledger only (tests and tools; runs use the payouts app)."""
    at = at or clock.now()
    return [
        p
        for (seller_id, currency), ids in sorted(due(at).items())
        if (p := pay_seller(seller_id=seller_id, currency=currency, line_ids=ids, day=at.date(), at=at))
    ]


def pay_seller(
    *, seller_id: int, currency: str, line_ids: list[int], day: date, at: datetime
) -> Payout | None:
    """Claim the lines still unpaid among `line_ids` into the seller's payout of `day` and post the ledger.
    None when another caller claimed them all first."""
    with transaction.atomic():
        payout, _created = Payout.objects.get_or_create(
            seller_id=seller_id,
            payout_date=day,
            currency=currency,
            returned_at__isnull=True,
            defaults={"amount": 0, "transfer_amount": 0, "created_at": at},
        )
        claimed = [
            pk
            for pk in line_ids
            if OrderLine.objects.filter(pk=pk, payout__isnull=True).update(payout=payout)
        ]
        if not claimed:
            return None
        lines = list(OrderLine.objects.filter(pk__in=claimed))
        amount = sum(ln.net_amount for ln in lines)
        owed_before = ledger.balance(ledger.seller_account(seller_id), currency)
        entries = [
            e for ln in lines for e in ledger.entries_for_line(ln, EntryKind.PAYOUT, at, payout_id=payout.pk)
        ]
        # Hold back what the seller owes from refunds of lines it was already paid for.
        holdback = min(amount, max(0, amount - max(owed_before, 0)))
        if holdback:
            for posting in ledger.payout_postings(seller_id=seller_id, net=-holdback):
                entries.append(
                    LedgerEntry(
                        account=posting.account,
                        amount=posting.amount,
                        currency=currency,
                        kind=EntryKind.HOLDBACK,
                        payout=payout,
                        created_at=at,
                    )
                )
        LedgerEntry.objects.bulk_create(entries)
        payout.amount += amount
        payout.transfer_amount += amount - holdback
        Payout.objects.filter(pk=payout.pk).update(
            amount=payout.amount, transfer_amount=payout.transfer_amount
        )
        emit_all(
            [
                (
                    "payout.created",
                    {
                        "payout_id": payout.pk,
                        "seller_id": seller_id,
                        "amount": amount,
                        "transfer_amount": amount - holdback,
                        "currency": currency,
                        "line_ids": claimed,
                    },
                )
            ]
        )
    return payout


def reverse_payout(*, payout_id: int, at: datetime) -> bool:
    """The bank sent a payout's money back: post its entries again with the opposite sign and free its lines
    for the next run. Only the first call does anything (guarded update)."""
    with transaction.atomic():
        if not Payout.objects.filter(pk=payout_id, returned_at__isnull=True).update(returned_at=at):
            return False
        LedgerEntry.objects.bulk_create(
            [
                LedgerEntry(
                    account=e.account,
                    amount=-e.amount,
                    currency=e.currency,
                    kind=EntryKind.RETURNED,
                    order_id=e.order_id,
                    line_id=e.line_id,
                    payout_id=payout_id,
                    created_at=at,
                )
                for e in LedgerEntry.objects.filter(payout_id=payout_id).exclude(kind=EntryKind.RETURNED)
            ]
        )
        claimed = list(OrderLine.objects.filter(payout_id=payout_id).values_list("pk", flat=True))
        OrderLine.objects.filter(payout_id=payout_id).update(payout=None)
        emit_all([("payout.returned", {"payout_id": payout_id, "line_ids": claimed})])
    return True
