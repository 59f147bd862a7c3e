"""Demo payouts: every full demo seller is paid into a bank account, a past payout run left with its SEPA
file, and the bank's camt.053 statement reconciled it, one transfer sent back so the notice shows.

Runs through the services with past timestamps, like the other apps' demo hooks.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Min
from schwifty import IBAN

from comeback.orders.models import OrderLine

from . import camt053, conf
from .models import BankAccount, BankStatement, PayoutFile, PayoutRun, Transfer
from .services import runs, statements

STATEMENT_PREFIX = "DEMO-STMT-"


def _clear() -> None:
    """Runs and statements the purge of demo users left behind (theirs are no one else's)."""
    BankStatement.objects.filter(message_id__startswith=STATEMENT_PREFIX).delete()
    empty = PayoutRun.objects.filter(transfers__isnull=True)
    PayoutFile.objects.filter(run__in=empty).delete()
    empty.delete()


def seed_demo(ctx) -> None:
    _clear()
    full = [s for s in ctx.sellers.values() if s.status == "full"]
    for i, seller in enumerate(full, start=1):
        if BankAccount.objects.filter(seller=seller, currency="EUR", retired_at__isnull=True).exists():
            continue
        iban = IBAN.generate("FR", bank_code="3000600001", account_code=f"{i:011d}")
        BankAccount.objects.create(
            seller=seller,
            currency="EUR",
            scheme="sepa",
            holder=seller.legal_name,
            iban=iban.compact,
            bic="AGRIFRPPXXX",
            created_at=ctx.now - timedelta(days=90),
        )
    first = OrderLine.objects.filter(seller__in=full, delivered_at__isnull=False).aggregate(
        d=Min("delivered_at")
    )["d"]
    if first is None:
        return
    zone = ZoneInfo(conf.payout_timezone())
    day = runs.next_payout_day(runs.run_date(first + timedelta(days=10)) - timedelta(days=1))
    at = datetime.combine(day, time(8), tzinfo=zone)
    if at > ctx.now:
        return
    run = runs.run_due(at=at)
    transfers = list(Transfer.objects.filter(run=run).order_by("pk"))
    if not transfers:
        return
    bounced = transfers[1:2]  # one transfer comes back (account closed): its seller's portal shows the notice
    content = camt053.statement(
        transfers,
        message_id=f"{STATEMENT_PREFIX}{run.run_date:%Y%m%d}",
        account_iban=conf.debtor()["IBAN"],
        booked=run.run_date,
        created_at=at + timedelta(days=1),
        returned={t.end_to_end_id: "AC04" for t in bounced},
    )
    statements.import_statement(content=content, at=at + timedelta(days=1))
