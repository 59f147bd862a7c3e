"""Reads for the payouts pages and API: never a write (docs/design.md §5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Sum

from comeback.orders import ledger

from .models import BankAccount, BankStatement, PayoutFile, PayoutRun, Transfer, TransferStatus

RUNS_SHOWN = 24  # eight months of three runs
NOTICE_DAYS = timedelta(days=60)


def active_accounts(seller) -> list[BankAccount]:
    return list(BankAccount.objects.filter(seller=seller, retired_at__isnull=True).order_by("currency"))


def seller_transfers(seller, *, limit: int = 50) -> list[Transfer]:
    return list(
        Transfer.objects.filter(seller=seller)
        .select_related("bank_account", "run")
        .order_by("-created_at", "-pk")[:limit]
    )


def balances(seller) -> dict[str, int]:
    return ledger.seller_balances(seller.pk)


@dataclass(frozen=True)
class RunRow:
    run: PayoutRun
    totals: dict[str, dict[str, int]]  # currency -> {status: amount}
    counts: dict[str, int]  # status -> transfers
    files: list

    @property
    def transfer_count(self) -> int:
        return sum(self.counts.values())


def run_count() -> int:
    return PayoutRun.objects.count()


def runs(*, limit: int = RUNS_SHOWN, offset: int = 0) -> list[RunRow]:
    """The latest runs with their money per currency and status, in three queries whatever their number."""
    chosen = list(PayoutRun.objects.order_by("-run_date", "-pk")[offset : offset + limit])
    ids = [r.pk for r in chosen]
    totals: dict[int, dict[str, dict[str, int]]] = {pk: {} for pk in ids}
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for row in (
        Transfer.objects.filter(run_id__in=ids)
        .values("run_id", "currency", "status")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by()
    ):
        totals[row["run_id"]].setdefault(row["currency"], {})[row["status"]] = row["total"]
        counts[row["run_id"]][row["status"]] = counts[row["run_id"]].get(row["status"], 0) + row["n"]
    files: dict[int, list] = {pk: [] for pk in ids}
    for f in PayoutFile.objects.filter(run_id__in=ids).defer("content").order_by("created_at", "pk"):
        files[f.run_id].append(f)
    return [RunRow(r, totals[r.pk], counts[r.pk], files[r.pk]) for r in chosen]


def run_transfers(run: PayoutRun) -> list[Transfer]:
    return list(run.transfers.select_related("seller", "bank_account", "file").order_by("currency", "pk"))


def reconciliation() -> dict[str, int]:
    """How many transfers stand in each state, over all runs."""
    found = dict(Transfer.objects.values_list("status").annotate(n=Count("pk")).order_by())
    return {status: found.get(status, 0) for status in TransferStatus.values}


def statements(*, limit: int = 20) -> list[BankStatement]:
    return list(BankStatement.objects.defer("content").order_by("-imported_at", "-pk")[:limit])


def recent_failures(seller, *, at) -> list[Transfer]:
    """Transfers the bank sent back in the last NOTICE_DAYS: the notices on the seller's payouts page."""
    return list(
        Transfer.objects.filter(seller=seller, status=TransferStatus.FAILED, settled_at__gte=at - NOTICE_DAYS)
        .select_related("bank_account")
        .order_by("-settled_at")[:10]
    )
