"""A transfer's end: paid, or failed and its money back in the seller's balance with a notice.

Both bank statements (SEPA) and the payout provider's answers (other currencies) end transfers here, with
one guarded update each, so a statement imported twice or a status read twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from comeback.core import outbox
from comeback.orders.services import payouts as ledger_payouts

from ..models import Transfer, TransferStatus

SETTLEABLE = (TransferStatus.SENT, TransferStatus.PAID)  # a paid transfer may still come back (R-transaction)


def mark_paid(transfer: Transfer, *, at: datetime) -> bool:
    return bool(
        Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.SENT).update(
            status=TransferStatus.PAID, settled_at=at
        )
    )


def mark_failed(transfer: Transfer, *, code: str, message: str = "", at: datetime) -> bool:
    """The bank refused or returned the transfer: reverse its payout in the ledger (the lines go back to
    the balance, paid by the next run) and tell the seller."""
    with transaction.atomic():
        if not Transfer.objects.filter(pk=transfer.pk, status__in=SETTLEABLE).update(
            status=TransferStatus.FAILED, settled_at=at, failure_code=code[:40], last_error=message[:300]
        ):
            return False
        ledger_payouts.reverse_payout(payout_id=transfer.payout_id, at=at)
        outbox.emit(
            "payouts.transfer.failed",
            transfer_id=transfer.pk,
            seller_id=transfer.seller_id,
            amount=transfer.amount,
            currency=transfer.currency,
            code=code,
        )
    return True
