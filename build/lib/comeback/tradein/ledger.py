"""Trade-in money in double entry: the postings of a payout, and balance queries.

The customer is paid in money to a bank account, never store credit (docs/design.md §2). Each paid trade-in
posts, in one transaction with its payout, entries that sum to zero:

| posting                  | refurbisher:<id> | partner:<id>       | tradein_payouts | platform_commissions |
|--------------------------|------------------|--------------------|-----------------|----------------------|
| price paid to customer   | − price          |                    | + price         |                      |
| brand bonus              |                  | − bonus            | + bonus         |                      |
| partner/store commission |                  | + commission       |                 | − commission         |

`tradein_payouts` is the money that left for customers' accounts; a refurbisher's (negative) balance is
what it owes the platform for devices bought on its behalf; a partner's balance nets the bonuses it funds
against the commissions it earns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

PAYOUTS = "tradein_payouts"
PLATFORM_COMMISSIONS = "platform_commissions"


def refurbisher_account(seller_id: int) -> str:
    return f"refurbisher:{seller_id}"


def partner_account(partner_id: int) -> str:
    return f"partner:{partner_id}"


@dataclass(frozen=True)
class Posting:
    account: str
    amount: int
    kind: str


def payout_postings(
    *, seller_id: int, price: int, partner_id: int | None, bonus: int, commission: int
) -> list[Posting]:
    postings = [Posting(refurbisher_account(seller_id), -price, "price"), Posting(PAYOUTS, price, "price")]
    if partner_id is not None and bonus:
        postings += [Posting(partner_account(partner_id), -bonus, "bonus"), Posting(PAYOUTS, bonus, "bonus")]
    if partner_id is not None and commission:
        postings += [
            Posting(partner_account(partner_id), commission, "commission"),
            Posting(PLATFORM_COMMISSIONS, -commission, "commission"),
        ]
    return postings


def balance(account: str, currency: str) -> int:
    from .models import LedgerEntry

    return LedgerEntry.objects.filter(account=account, currency=currency).aggregate(s=Sum("amount"))["s"] or 0
