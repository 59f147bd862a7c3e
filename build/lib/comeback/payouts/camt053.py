"""Writing a camt.053.001.08 statement for transfers: what the bank would send back for our own files.

The demo uses it to show a reconciled run, and `comeback payouts-statement RUN` prints one for a test bank
environment; the importer (services/statements.py) reads any bank's statements, not only these.
"""

from __future__ import annotations

from datetime import date, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from comeback.core.money import Money

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"


def _amount(parent: Element, tag: str, amount: int, currency: str) -> None:
    node = SubElement(parent, tag, Ccy=currency)
    node.text = f"{Money(amount, currency).major:f}"


def statement(
    transfers,
    *,
    message_id: str,
    account_iban: str,
    booked: date,
    created_at: datetime,
    returned: dict | None = None,
    currency: str = "EUR",
    closing_balance: int = 0,
) -> bytes:
    """A statement booking each transfer as a debit, and each transfer in `returned` (its EndToEndId → an
    ISO return reason code) as a debit followed by its return (a credit carrying `RtrInf`)."""
    returned = returned or {}
    root = Element("Document", xmlns=NS)
    report = SubElement(root, "BkToCstmrStmt")
    header = SubElement(report, "GrpHdr")
    SubElement(header, "MsgId").text = message_id
    SubElement(header, "CreDtTm").text = created_at.strftime("%Y-%m-%dT%H:%M:%S")
    stmt = SubElement(report, "Stmt")
    SubElement(stmt, "Id").text = message_id
    SubElement(stmt, "CreDtTm").text = created_at.strftime("%Y-%m-%dT%H:%M:%S")
    SubElement(SubElement(SubElement(stmt, "Acct"), "Id"), "IBAN").text = account_iban
    balance = SubElement(stmt, "Bal")  # the closing booked balance, which the importer does not read
    SubElement(SubElement(SubElement(balance, "Tp"), "CdOrPrtry"), "Cd").text = "CLBD"
    _amount(balance, "Amt", closing_balance, currency)
    SubElement(balance, "CdtDbtInd").text = "CRDT"
    SubElement(SubElement(balance, "Dt"), "Dt").text = booked.isoformat()
    for t in transfers:
        _entry(stmt, t, debit=True, booked=booked)
        if t.end_to_end_id in returned:
            _entry(stmt, t, debit=False, booked=booked, reason=returned[t.end_to_end_id])
    return b'<?xml version="1.0" encoding="UTF-8"?>' + tostring(root, encoding="utf-8")


def _entry(stmt: Element, t, *, debit: bool, booked: date, reason: str = "") -> None:
    entry = SubElement(stmt, "Ntry")
    _amount(entry, "Amt", t.amount, t.currency)
    SubElement(entry, "CdtDbtInd").text = "DBIT" if debit else "CRDT"
    SubElement(SubElement(entry, "Sts"), "Cd").text = "BOOK"
    SubElement(SubElement(entry, "BookgDt"), "Dt").text = booked.isoformat()
    domain = SubElement(SubElement(entry, "BkTxCd"), "Domn")
    SubElement(domain, "Cd").text = "PMNT"
    family = SubElement(domain, "Fmly")
    SubElement(family, "Cd").text = "ICDT"  # issued credit transfers
    SubElement(family, "SubFmlyCd").text = "RRTN" if reason else "ESCT"  # returned / SEPA credit transfer
    tx = SubElement(SubElement(entry, "NtryDtls"), "TxDtls")
    SubElement(SubElement(tx, "Refs"), "EndToEndId").text = t.end_to_end_id
    _amount(tx, "Amt", t.amount, t.currency)
    SubElement(tx, "CdtDbtInd").text = "DBIT" if debit else "CRDT"
    if reason:
        SubElement(SubElement(SubElement(tx, "RtrInf"), "Rsn"), "Cd").text = reason
