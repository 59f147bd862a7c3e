"""Transfers in currencies outside SEPA, through the payout provider (docs/payouts.md "Other currencies").

The provider is called outside any transaction; its answer is recorded with a guarded update. A provider
that cannot be reached leaves the transfer pending with the error, and the next call (`send_pending`,
run by each payout run and by `comeback payouts-run --sync`) retries it with the same idempotency key.
"""

from __future__ import annotations

import logging
from datetime import datetime

from comeback.core import clock

from ..models import BankAccount, Channel, PayoutRun, Transfer, TransferStatus
from ..providers import FAILED, PAID, ProviderError, get_provider
from . import settlement

log = logging.getLogger(__name__)


def _destination(account: BankAccount) -> str:
    """The provider's id for the account, registered on first use (the key makes a retry the same call)."""
    if account.provider_ref:
        return account.provider_ref
    ref = get_provider().connect(
        account=account, email=account.seller.user.email, idempotency_key=f"CB-BA-{account.pk}"
    )
    BankAccount.objects.filter(pk=account.pk, provider_ref="").update(provider_ref=ref)
    account.refresh_from_db(fields=["provider_ref"])
    return account.provider_ref


def send_pending(*, run: PayoutRun | None = None, at: datetime | None = None) -> int:
    """Send every pending provider transfer (of `run`, or all); returns how many left."""
    at = at or clock.now()
    pending = Transfer.objects.filter(channel=Channel.PROVIDER, status=TransferStatus.PENDING)
    if run is not None:
        pending = pending.filter(run=run)
    sent = 0
    for transfer in pending.select_related("bank_account__seller__user").order_by("pk"):
        try:
            answer = get_provider().send(
                destination=_destination(transfer.bank_account),
                amount=transfer.amount,
                currency=transfer.currency,
                idempotency_key=transfer.end_to_end_id,
                reference=transfer.end_to_end_id,
            )
        except ProviderError as exc:
            log.warning("payout %s not sent: %s", transfer.end_to_end_id, exc)
            Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).update(
                attempts=transfer.attempts + 1, last_error=str(exc)[:300]
            )
            continue
        sent += Transfer.objects.filter(pk=transfer.pk, status=TransferStatus.PENDING).update(
            status=TransferStatus.SENT, provider_ref=answer.ref, sent_at=at, attempts=transfer.attempts + 1
        )
    return sent


def sync_sent(*, at: datetime | None = None) -> dict[str, int]:
    """Ask the provider where each sent transfer stands; paid and failed ones are settled."""
    at = at or clock.now()
    done = {"paid": 0, "failed": 0}
    sent = Transfer.objects.filter(channel=Channel.PROVIDER, status=TransferStatus.SENT).select_related(
        "bank_account"
    )
    for transfer in sent.order_by("pk"):
        try:
            answer = get_provider().status(
                destination=transfer.bank_account.provider_ref, ref=transfer.provider_ref
            )
        except ProviderError as exc:
            log.warning("payout %s status unknown: %s", transfer.end_to_end_id, exc)
            continue
        if answer.status == PAID:
            done["paid"] += settlement.mark_paid(transfer, at=at)
        elif answer.status == FAILED:
            done["failed"] += settlement.mark_failed(
                transfer, code=answer.failure_code or "failed", message=answer.failure_message, at=at
            )
    return done
