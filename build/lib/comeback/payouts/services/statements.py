"""Bank statements (ISO 20022 camt.053, any version from .001.02): what the bank did with each transfer.

Each booked entry's transaction details carry the EndToEndId of our pain.001 file (sepa.py), which is how
an entry finds its transfer (docs/payouts.md "Reconciliation"):

- a debit of the transfer's amount: the transfer is paid;
- a return (a credit, or any entry with return information `RtrInf`): the transfer failed; its payout is
  reversed, so the money is back in the seller's balance for the next run, and the seller gets a notice;
- anything else is kept as unmatched or mismatched for staff to look at; nothing is guessed.

The same file imported twice is refused by its hash; an entry for a settled transfer changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import InvalidOperation
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.money import Money
from comeback.core.problems import Conflict, Invalid

from ..models import BankStatement, Outcome, StatementEntry, Transfer, TransferStatus
from . import settlement

MAX_BYTES = 10 * 1024 * 1024  # a month of a busy account's entries fits many times over
FIELD = "file"


@dataclass(frozen=True)
class Line:
    """One transaction of a statement, read from its entry and transaction details."""

    end_to_end_id: str
    amount: int
    currency: str
    debit: bool
    returned: bool
    reason_code: str
    booking_date: date | None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node: Element | None, *path: str) -> Element | None:
    for name in path:
        if node is None:
            return None
        node = next((c for c in node if _local(c.tag) == name), None)
    return node


def _children(node: Element | None, name: str) -> list[Element]:
    return [] if node is None else [c for c in node if _local(c.tag) == name]


def _text(node: Element | None, *path: str) -> str:
    found = _child(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _amount(node: Element | None) -> tuple[int, str]:
    if node is None:
        raise ValueError("no amount")
    currency = (node.get("Ccy") or "").upper()
    return Money.from_major((node.text or "").strip(), currency).amount, currency


def parse(content: bytes) -> tuple[dict, list[Line]]:
    """The statement's header and its booked transactions; a 422 naming `file` when it is not camt.053."""
    if len(content) > MAX_BYTES:
        raise Invalid.field(FIELD, "statement_too_large", _("A statement file is at most 10 MB."))
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise Invalid.field(FIELD, "statement_not_xml", _("This file is not well-formed XML.")) from exc
    report = _child(root, "BkToCstmrStmt")
    if _local(root.tag) != "Document" or report is None:
        raise Invalid.field(
            FIELD, "statement_not_camt053", _("This is not a camt.053 bank-to-customer statement.")
        )
    header = {
        "message_id": _text(report, "GrpHdr", "MsgId")[:35],
        "statement_id": "",
        "account_iban": "",
    }
    lines: list[Line] = []
    try:
        for statement in _children(report, "Stmt"):
            header["statement_id"] = header["statement_id"] or _text(statement, "Id")[:35]
            header["account_iban"] = header["account_iban"] or _text(statement, "Acct", "Id", "IBAN")[:34]
            for entry in _children(statement, "Ntry"):
                lines += _entry_lines(entry)
    except (ValueError, InvalidOperation) as exc:
        raise Invalid.field(
            FIELD, "statement_amount_invalid", _("An entry's amount or currency is not valid.")
        ) from exc
    if not header["message_id"]:
        raise Invalid.field(
            FIELD, "statement_not_camt053", _("The statement has no message id (GrpHdr/MsgId).")
        )
    return header, lines


def _entry_lines(entry: Element) -> list[Line]:
    status = _text(entry, "Sts", "Cd") or _text(entry, "Sts")
    if status and status != "BOOK":  # pending or informational entries are not facts yet
        return []
    booked = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]
    booking_date = date.fromisoformat(booked) if booked else None
    entry_debit = _text(entry, "CdtDbtInd") == "DBIT"
    details = [tx for d in _children(entry, "NtryDtls") for tx in _children(d, "TxDtls")]
    if not details:
        amount, currency = _amount(_child(entry, "Amt"))
        return [Line("", amount, currency, entry_debit, not entry_debit, "", booking_date)]
    lines = []
    for tx in details:
        # An Element with no children is falsy: pick the first that exists, not the first that is true.
        candidates = (_child(tx, "Amt"), _child(tx, "AmtDtls", "TxAmt", "Amt"), _child(entry, "Amt"))
        amount_node = next((n for n in candidates if n is not None), None)
        amount, currency = _amount(amount_node)
        indicator = _text(tx, "CdtDbtInd")
        debit = indicator == "DBIT" if indicator else entry_debit
        reason = _text(tx, "RtrInf", "Rsn", "Cd")
        returned = _child(tx, "RtrInf") is not None or not debit
        lines.append(
            Line(
                _text(tx, "Refs", "EndToEndId")[:35], amount, currency, debit, returned, reason, booking_date
            )
        )
    return lines


def import_statement(*, content: bytes, user=None, at: datetime | None = None) -> BankStatement:
    """Store the statement and settle every transfer it speaks of. A 409 if it was imported before."""
    at = at or clock.now()
    header, lines = parse(content)
    digest = hashlib.sha256(content).hexdigest()
    try:
        with transaction.atomic():
            statement = BankStatement.objects.create(
                sha256=digest,
                content=content.decode("utf-8", errors="replace"),
                entry_count=len(lines),
                imported_at=at,
                imported_by=user,
                **header,
            )
    except IntegrityError as exc:
        raise Conflict(_("This statement was imported before."), code="statement_already_imported") from exc
    by_ref = {
        t.end_to_end_id: t
        for t in Transfer.objects.filter(
            end_to_end_id__in=[ln.end_to_end_id for ln in lines if ln.end_to_end_id]
        )
    }
    entries, matched = [], 0
    for line in lines:
        transfer = by_ref.get(line.end_to_end_id)
        outcome = _settle(transfer, line, at=at)
        matched += outcome in (Outcome.PAID, Outcome.FAILED)
        entries.append(
            StatementEntry(
                statement=statement,
                end_to_end_id=line.end_to_end_id,
                amount=line.amount,
                currency=line.currency,
                returned=line.returned,
                reason_code=line.reason_code[:10],
                booking_date=line.booking_date,
                transfer=transfer,
                outcome=outcome,
            )
        )
    StatementEntry.objects.bulk_create(entries)
    BankStatement.objects.filter(pk=statement.pk).update(matched_count=matched)
    statement.refresh_from_db()
    return statement


def _settle(transfer: Transfer | None, line: Line, *, at: datetime) -> str:
    if transfer is None:
        return Outcome.UNMATCHED
    if (line.amount, line.currency) != (transfer.amount, transfer.currency):
        return Outcome.MISMATCH
    if line.returned:
        done = settlement.mark_failed(transfer, code=line.reason_code or "RTRN", at=at)
        return Outcome.FAILED if done else Outcome.ALREADY
    if transfer.status != TransferStatus.SENT:
        return Outcome.ALREADY
    return Outcome.PAID if settlement.mark_paid(transfer, at=at) else Outcome.ALREADY
