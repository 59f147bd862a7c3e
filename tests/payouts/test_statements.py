"""camt.053 statements settle transfers: debits mark them paid; returns mark them failed, put the money
back in the seller's balance with a notice, and the next run pays it again (docs/payouts.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import xmlschema
from django.core import mail

from comeback.core import outbox
from comeback.orders import ledger
from comeback.payouts import camt053
from comeback.payouts.models import Outcome, Transfer
from comeback.payouts.services import runs, statements

from .conftest import IBAN, RUN_DAY, bank_account, delivered

CAMT_053_XSD = Path(__file__).parent / "schemas" / "camt.053.001.08.xsd"
NEXT_RUN = datetime(2027, 3, 26, 7, tzinfo=UTC)


def statement_for(transfers, *, returned=None, message_id="STMT-1"):
    return camt053.statement(
        transfers,
        message_id=message_id,
        account_iban=IBAN,
        booked=RUN_DAY.date(),
        created_at=RUN_DAY + timedelta(days=1),
        returned=returned,
    )


@pytest.fixture
def paid_run(buyer, offer, other_offer, seller, other_seller, clock_at):
    delivered(buyer, offer, clock_at, n=2)
    delivered(buyer, other_offer, clock_at)
    bank_account(seller)
    bank_account(other_seller, iban="DE89370400440532013000", bic="COBADEFFXXX")
    return runs.run_due(at=RUN_DAY)


def test_given_the_statement_writer_then_its_files_are_valid_camt_053(paid_run):
    content = statement_for(
        list(Transfer.objects.all()), returned={Transfer.objects.first().end_to_end_id: "AC04"}
    )

    xmlschema.XMLSchema(CAMT_053_XSD).validate(content.decode())


def test_given_a_statement_booking_every_transfer_when_imported_then_they_are_paid(paid_run, seller):
    transfers = list(Transfer.objects.order_by("pk"))

    statement = statements.import_statement(content=statement_for(transfers), at=RUN_DAY + timedelta(days=1))

    assert (statement.entry_count, statement.matched_count) == (2, 2)
    assert set(Transfer.objects.values_list("status", flat=True)) == {"paid"}
    assert [e.outcome for e in statement.entries.all()] == [Outcome.PAID, Outcome.PAID]


def test_given_a_returned_transfer_when_imported_then_it_fails_the_money_is_back_and_the_seller_is_told(
    paid_run, seller, other_seller
):
    returned = Transfer.objects.get(seller=seller)
    kept = Transfer.objects.get(seller=other_seller)

    statements.import_statement(
        content=statement_for([returned, kept], returned={returned.end_to_end_id: "AC04"}),
        at=RUN_DAY + timedelta(days=1),
    )
    outbox.drain()

    returned.refresh_from_db()
    kept.refresh_from_db()
    assert (returned.status, returned.failure_code, kept.status) == ("failed", "AC04", "paid")
    assert ledger.seller_balances(seller.pk) == {"EUR": 2 * 27000}  # back in the balance
    assert ledger.seller_balances(other_seller.pk) == {"EUR": 0}
    notice = next(m for m in mail.outbox if m.to == [seller.user.email] and "retourné" in m.subject)
    assert returned.end_to_end_id in notice.body and "AC04" in notice.body

    runs.run_due(at=NEXT_RUN)  # the next run pays it again
    again = Transfer.objects.exclude(pk__in=[returned.pk, kept.pk]).get()
    assert (again.seller_id, again.amount) == (seller.pk, 2 * 27000)
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}


def test_given_the_same_statement_twice_then_the_second_import_is_refused(paid_run):
    content = statement_for(list(Transfer.objects.all()))
    statements.import_statement(content=content)

    with pytest.raises(statements.Conflict) as refused:
        statements.import_statement(content=content)
    assert refused.value.code == "statement_already_imported"


def test_given_a_second_statement_about_settled_transfers_then_nothing_changes(paid_run, seller):
    transfers = list(Transfer.objects.all())
    statements.import_statement(content=statement_for(transfers, message_id="A"))

    again = statements.import_statement(content=statement_for(transfers, message_id="B"))

    assert again.matched_count == 0
    assert {e.outcome for e in again.entries.all()} == {Outcome.ALREADY}
    assert ledger.seller_balances(seller.pk) == {"EUR": 0}


def test_given_an_unknown_reference_or_a_wrong_amount_then_the_entry_is_kept_for_staff(paid_run):
    transfer = Transfer.objects.first()
    stranger = Transfer(end_to_end_id="SOMEONE-ELSE", amount=100, currency="EUR")
    wrong = Transfer(end_to_end_id=transfer.end_to_end_id, amount=transfer.amount + 1, currency="EUR")

    statement = statements.import_statement(content=statement_for([stranger, wrong]))

    assert [e.outcome for e in statement.entries.all()] == [Outcome.UNMATCHED, Outcome.MISMATCH]
    transfer.refresh_from_db()
    assert transfer.status == "sent"


@pytest.mark.parametrize(
    "content, code",
    [
        (b"not xml at all", "statement_not_xml"),
        (b"<Document><CstmrCdtTrfInitn/></Document>", "statement_not_camt053"),
        (
            b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Document><BkToCstmrStmt>&b;</BkToCstmrStmt></Document>',
            "statement_not_xml",
        ),
        (
            b"<Document><BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr><Stmt><Ntry><Amt Ccy='EUR'>1.234</Amt>"
            b"<CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts></Ntry></Stmt></BkToCstmrStmt></Document>",
            "statement_amount_invalid",
        ),
    ],
)
def test_given_a_file_that_is_not_a_usable_statement_then_422_names_the_file(db, content, code):
    with pytest.raises(statements.Invalid) as refused:
        statements.import_statement(content=content)

    assert refused.value.code == code and refused.value.errors[0]["field"] == "file"


def test_given_a_bank_statement_with_a_batch_entry_and_pending_lines_then_only_booked_details_count(paid_run):
    a, b = Transfer.objects.order_by("pk")
    content = f"""<?xml version="1.0"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
 <GrpHdr><MsgId>BANK-0316</MsgId><CreDtTm>2027-03-17T06:00:00</CreDtTm></GrpHdr>
 <Stmt><Id>0316</Id><Acct><Id><IBAN>{IBAN}</IBAN></Id></Acct>
  <Ntry><Amt Ccy="EUR">{(a.amount + b.amount) / 100:.2f}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
   <BookgDt><Dt>2027-03-16</Dt></BookgDt>
   <NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>
    <TxDtls><Refs><EndToEndId>{a.end_to_end_id}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">{a.amount / 100:.2f}</Amt></TxAmt></AmtDtls></TxDtls>
    <TxDtls><Refs><EndToEndId>{b.end_to_end_id}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="EUR">{b.amount / 100:.2f}</Amt></TxAmt></AmtDtls></TxDtls>
   </NtryDtls></Ntry>
  <Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>PDNG</Sts></Ntry>
 </Stmt></BkToCstmrStmt></Document>""".encode()

    statement = statements.import_statement(content=content)

    assert (statement.entry_count, statement.matched_count) == (2, 2)
    assert set(Transfer.objects.values_list("status", flat=True)) == {"paid"}
