"""The SEPA Credit Transfer file of a run's EUR transfers: ISO 20022 pain.001.001.09, built with sepaxml and
validated against the schema it ships before it is stored (docs/payouts.md "Files").

The bytes are kept as written: the file staff download is the file the bank got. Each transfer carries
its EndToEndId, which the bank's camt.053 statement echoes back (statements.py).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

import holidays
from django.db import transaction
from sepaxml import SepaTransfer

from .. import conf
from ..models import Channel, PayoutFile, PayoutRun, Transfer, TransferStatus

SCHEMA = "pain.001.001.09"
REMITTANCE = "Comeback payout {ref}"


def execution_date(day: date) -> date:
    """The run's date, or the next TARGET2 business day when the euro system is closed."""
    closed = holidays.financial_holidays("XECB", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in closed:
        day += timedelta(days=1)
    return day


def message_id(run: PayoutRun, n: int) -> str:
    return f"CB-{run.run_date:%Y%m%d}-{run.pk}-{n}"


def build(transfers: list[Transfer], *, msg_id: str, created_at: datetime, on: date) -> bytes:
    """The pain.001.001.09 document for `transfers` (sepaxml validates it against the XSD it ships)."""
    debtor = conf.debtor()
    document = SepaTransfer(
        {**debtor, "batch": True, "currency": "EUR"},
        schema=SCHEMA,
    )
    header = document._xml.find("CstmrCdtTrfInitn/GrpHdr")  # sepaxml stamps a random id and its own clock
    header.find("MsgId").text = msg_id
    header.find("CreDtTm").text = created_at.strftime("%Y-%m-%dT%H:%M:%S")
    for t in transfers:
        account = t.bank_account
        document.add_payment(
            {
                "name": account.holder,
                "IBAN": account.iban,
                "BIC": account.bic,
                "amount": t.amount,
                "execution_date": on,
                "description": REMITTANCE.format(ref=t.end_to_end_id),
                "endtoend_id": t.end_to_end_id,
            }
        )
    return document.export(validate=True)


def write_files(run: PayoutRun, *, at: datetime) -> PayoutFile | None:
    """Put every EUR transfer of the run not yet in a file into a new file; they are then sent."""
    transfers = list(
        Transfer.objects.filter(
            run=run, channel=Channel.SEPA, status=TransferStatus.PENDING, file__isnull=True
        )
        .select_related("bank_account")
        .order_by("pk")
    )
    if not transfers:
        return None
    msg_id = message_id(run, run.files.count() + 1)
    content = build(transfers, msg_id=msg_id, created_at=at, on=execution_date(run.run_date)).decode()
    with transaction.atomic():
        file = PayoutFile.objects.create(
            run=run,
            message_id=msg_id,
            currency="EUR",
            transfer_count=len(transfers),
            control_sum=sum(t.amount for t in transfers),
            content=content,
            sha256=hashlib.sha256(content.encode()).hexdigest(),
            created_at=at,
        )
        moved = Transfer.objects.filter(
            pk__in=[t.pk for t in transfers], status=TransferStatus.PENDING, file__isnull=True
        ).update(file=file, status=TransferStatus.SENT, sent_at=at)
        if moved != len(transfers):  # another writer took some: this file would be wrong, start again
            raise RuntimeError("transfers changed while their SEPA file was written")
    return file
