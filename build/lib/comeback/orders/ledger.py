"""The ledger's postings, as pure functions, and the queries that read balances.

Every event posts entries that sum to zero (so every order's entries do too):

| event    | seller:<id>        | platform_commission | platform_fees | buyer_payments   | refunds        | payouts |
|----------|--------------------|---------------------|---------------|------------------|----------------|---------|
| payment  | + (price − comm.)  | + comm.             | + fee share   | − (price + fee)  |                |         |
| refund   | − (price − comm.)  | − comm.             | − fee share   |                  | + (price + fee)|         |
| payout   | − (price − comm.)  |                     |               |                  |                | + net   |

A seller's balance is the sum of its account: what the platform owes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Sum

from .models import EntryKind, LedgerEntry

BUYER_PAYMENTS = "buyer_payments"
REFUNDS = "refunds"
PAYOUTS = "payouts"
PLATFORM_FEES = "platform_fees"
PLATFORM_COMMISSION = "platform_commission"


def seller_account(seller_id: int) -> str:
    return f"seller:{seller_id}"


@dataclass(frozen=True)
class Posting:
    account: str
    amount: int


def payment_postings(*, seller_id: int, price: int, fee: int, commission: int) -> list[Posting]:
    return [
        Posting(BUYER_PAYMENTS, -(price + fee)),
        Posting(seller_account(seller_id), price - commission),
        Posting(PLATFORM_COMMISSION, commission),
        Posting(PLATFORM_FEES, fee),
    ]


def refund_postings(*, seller_id: int, price: int, fee: int, commission: int) -> list[Posting]:
    return [
        Posting(REFUNDS, price + fee),
        Posting(seller_account(seller_id), -(price - commission)),
        Posting(PLATFORM_COMMISSION, -commission),
        Posting(PLATFORM_FEES, -fee),
    ]


def payout_postings(*, seller_id: int, net: int) -> list[Posting]:
    return [Posting(seller_account(seller_id), -net), Posting(PAYOUTS, net)]


def postings_for_line(line, kind: str) -> list[Posting]:
    """One line's non-zero postings for its payment, refund or payout."""
    if kind == EntryKind.PAYOUT:
        postings = payout_postings(seller_id=line.seller_id, net=line.price_amount - line.commission_amount)
    else:
        build = payment_postings if kind == EntryKind.PAYMENT else refund_postings
        postings = build(
            seller_id=line.seller_id,
            price=line.price_amount,
            fee=line.fee_amount,
            commission=line.commission_amount,
        )
    return [p for p in postings if p.amount]


def entries_for_line(line, kind: str, at: datetime, *, payout_id: int | None = None) -> list[LedgerEntry]:
    """Unsaved entries for one line's payment, refund or payout (bulk-created by the caller's transaction)."""
    return [
        LedgerEntry(
            account=p.account,
            amount=p.amount,
            currency=line.currency,
            kind=kind,
            order_id=line.order_id,
            line_id=line.pk,
            payout_id=payout_id,
            created_at=at,
        )
        for p in postings_for_line(line, kind)
    ]


def balance(account: str, currency: str) -> int:
    return LedgerEntry.objects.filter(account=account, currency=currency).aggregate(s=Sum("amount"))["s"] or 0


def seller_balances(seller_id: int) -> dict[str, int]:
    """The seller's balance per currency."""
    rows = (
        LedgerEntry.objects.filter(account=seller_account(seller_id))
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {r["currency"]: r["total"] for r in rows}


def order_sums(order_id: int) -> dict[str, int]:
    """Each currency's sum over one order's entries; every value is 0 when the ledger is consistent."""
    rows = LedgerEntry.objects.filter(order_id=order_id).values("currency").annotate(total=Sum("amount"))
    return {r["currency"]: r["total"] for r in rows}
