"""Payouts: on fixed days, each seller is paid for lines delivered at least PAYOUT_DELAY_DAYS ago and not
in dispute (no open return). Idempotent: a line is claimed by one payout with a guarded update, and a
seller has at most one payout per day and currency.

A refund of a line that was already paid out leaves the seller owing money (a negative balance); the
next payout holds that back (`transfer_amount` < `amount`) with a pair of holdback entries.
"""

from __future__ import annotations

from datetime import date, datetime

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from comeback.core import clock

from .. import conf, ledger
from ..events import emit_all
from ..models import EntryKind, LedgerEntry, LineStatus, OrderLine, Payout, Return
from ..processes import OPEN_RETURN


def is_payout_day(day: date) -> bool:
    return day.weekday() in conf.payout_weekdays()


# A warranty claim still being handled is a dispute too: pay the seller once it is settled, rather than
# pay first and charge a refund back later. Named by label so orders never imports after-sales.
ACTIVE_CLAIM_STATUSES = ("open", "in_repair", "awaiting_buyer")


def eligible_lines(at: datetime):
    in_dispute = Return.objects.filter(line=OuterRef("pk"), status__in=OPEN_RETURN)
    lines = OrderLine.objects.filter(
        status__in=[LineStatus.DELIVERED, LineStatus.COMPLETED], delivered_at__lte=at - conf.payout_delay(),
        payout__isnull=True,
    ).exclude(Exists(in_dispute))
    if apps.is_installed("comeback.aftersales"):
        claims = apps.get_model("aftersales", "Claim").objects
        lines = lines.exclude(Exists(claims.filter(order_line=OuterRef("pk"), status__in=ACTIVE_CLAIM_STATUSES)))
    return lines


def run_payouts(*, at: datetime | None = None, force: bool = False) -> list[Payout]:
    """Pay every seller what is due today (only on payout days unless `force`). Safe to run again."""
    at = at or clock.now()
    day = at.date()
    if not (force or is_payout_day(day)):
        return []
    due: dict[tuple[int, str], list[int]] = {}
    for pk, seller_id, currency in eligible_lines(at).order_by("id").values_list("pk", "seller_id", "currency"):
        due.setdefault((seller_id, currency), []).append(pk)
    return [p for (seller_id, currency), ids in sorted(due.items()) if (p := _pay_seller(seller_id, currency, ids, day, at))]


def _pay_seller(seller_id: int, currency: str, line_ids: list[int], day: date, at: datetime) -> Payout | None:
    with transaction.atomic():
        payout, _created = Payout.objects.get_or_create(
            seller_id=seller_id, payout_date=day, currency=currency,
            defaults={"amount": 0, "transfer_amount": 0, "created_at": at},
        )
        claimed = [pk for pk in line_ids if OrderLine.objects.filter(pk=pk, payout__isnull=True).update(payout=payout)]
        if not claimed:
            return None
        lines = list(OrderLine.objects.filter(pk__in=claimed))
        amount = sum(ln.net_amount for ln in lines)
        owed_before = ledger.balance(ledger.seller_account(seller_id), currency)
        entries = [e for ln in lines for e in ledger.entries_for_line(ln, EntryKind.PAYOUT, at, payout_id=payout.pk)]
        # Hold back what the seller owes from refunds of lines it was already paid for.
        holdback = min(amount, max(0, amount - max(owed_before, 0)))
        if holdback:
            for posting in ledger.payout_postings(seller_id=seller_id, net=-holdback):
                entries.append(LedgerEntry(account=posting.account, amount=posting.amount, currency=currency,
                                           kind=EntryKind.HOLDBACK, payout=payout, created_at=at))
        LedgerEntry.objects.bulk_create(entries)
        payout.amount += amount
        payout.transfer_amount += amount - holdback
        Payout.objects.filter(pk=payout.pk).update(amount=payout.amount, transfer_amount=payout.transfer_amount)
        emit_all([("payout.created", {"payout_id": payout.pk, "seller_id": seller_id, "amount": amount,
                                      "transfer_amount": amount - holdback, "currency": currency,
                                      "line_ids": claimed})])
    return payout
