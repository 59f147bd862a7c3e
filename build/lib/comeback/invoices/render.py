"""An invoice as the buyer or seller reads it: the same rows for the HTML page and the PDF (fpdf2), worded
in the reader's language; numbers and parties are the issued snapshot."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from comeback.core import markets
from comeback.core import pdf as core_pdf
from comeback.core.money import Money

from . import vat
from .models import Invoice, InvoiceKind

LOCALES = {"en": "en_GB", "fr": "fr_FR", "de": "de_DE", "ja": "ja_JP"}


@dataclass(frozen=True)
class Row:
    description: str
    detail: str
    vat_rate: str
    net: str
    vat: str
    gross: str


@dataclass(frozen=True)
class View:
    invoice: Invoice
    title: str
    number: str
    issued: str
    issued_by: str
    issued_to: str
    corrects: str
    rows: list[Row]
    total_net: str
    total_vat: str
    total_gross: str
    mention: str
    show_vat: bool


def _money(amount: int, currency: str, language: str) -> str:
    return Money(amount, currency).format(LOCALES.get(language, "en_GB"))


def _rate(bps: int) -> str:
    return f"{bps / 100:g} %"


def _row(invoice: Invoice, line: dict, language: str) -> Row:
    money = lambda amount: _money(amount, invoice.currency, language)  # noqa: E731
    if invoice.kind == InvoiceKind.COMMISSION:
        description = (
            ngettext("Commission on %(count)d sale", "Commission on %(count)d sales", line["count"])
            if line["label"] == "commission"
            else ngettext(
                "Commission returned on %(count)d refund",
                "Commission returned on %(count)d refunds",
                line["count"],
            )
        ) % {"count": line["count"]}
        detail = ""
    else:
        description = line["title"]
        parts = [line.get("variant", ""), _("Grade: %(grade)s") % {"grade": line.get("grade", "")}]
        if line.get("imei") or line.get("serial"):
            parts.append(_("IMEI/serial: %(id)s") % {"id": line.get("imei") or line.get("serial")})
        detail = " · ".join(p for p in parts if p)
    return Row(
        description,
        detail,
        _rate(line["vat_rate_bps"]),
        money(line["net"]),
        money(line["vat"]),
        money(line["gross"]),
    )


def view(invoice: Invoice, language: str | None = None) -> View:
    language = language or translation.get_language() or "en"
    with translation.override(language):
        title = {
            InvoiceKind.SALE: _("Invoice"),
            InvoiceKind.CREDIT_NOTE: _("Credit note"),
            InvoiceKind.COMMISSION: _("Commission invoice"),
        }[invoice.kind]
        market = markets.find(invoice.market)
        issued_local = invoice.issued_at.astimezone(_zone(market))
        return View(
            invoice=invoice,
            title=title,
            number=invoice.number,
            issued=date_format(issued_local.date(), "DATE_FORMAT"),
            issued_by=party_text(invoice.issued_by, labels()),
            issued_to=party_text(invoice.issued_to, labels()),
            corrects=invoice.corrects.number if invoice.corrects_id else "",
            rows=[_row(invoice, line, language) for line in invoice.lines],
            total_net=_money(invoice.total_net, invoice.currency, language),
            total_vat=_money(invoice.total_vat, invoice.currency, language),
            total_gross=_money(invoice.total_gross, invoice.currency, language),
            mention=str(vat.MENTIONS.get(invoice.vat_treatment, "")),
            show_vat=invoice.vat_treatment == vat.STANDARD,
        )


def _zone(market):
    from zoneinfo import ZoneInfo

    return ZoneInfo(market.timezone if market is not None else "Europe/Paris")


def labels() -> dict[str, str]:
    """Column and block headings, in the active language."""
    return {
        "seller": _("Seller"),
        "buyer": _("Billed to"),
        "number": _("Number"),
        "date": _("Date"),
        "corrects": _("Corrects invoice"),
        "vat_number": _("VAT number"),
        "registration": _("Registration"),
        "description": _("Description"),
        "vat_rate": _("VAT rate"),
        "net": _("Net"),
        "vat": _("VAT"),
        "gross": _("Total"),
        "total_net": _("Total excluding VAT"),
        "total_vat": _("Total VAT"),
        "total_gross": _("Total including VAT"),
        "amount": _("Amount"),
    }


def pdf(invoice: Invoice, language: str | None = None) -> bytes:
    """The printable copy, in core.pdf's document (its fonts cover Japanese when installed)."""
    language = language or translation.get_language() or "en"
    v = view(invoice, language)
    with translation.override(language):
        heads = labels()
    doc = core_pdf.document(title=f"{v.title} {v.number}")
    doc.set_font(doc.family, "B", 18)
    doc.cell(0, 10, f"{v.title} {v.number}", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.family, "", 10)
    doc.cell(0, 6, f"{heads['date']}: {v.issued}", new_x="LMARGIN", new_y="NEXT")
    if v.corrects:
        doc.cell(0, 6, f"{heads['corrects']}: {v.corrects}", new_x="LMARGIN", new_y="NEXT")
    doc.ln(3)
    for heading, party in ((heads["seller"], v.issued_by), (heads["buyer"], v.issued_to)):
        doc.set_font(doc.family, "B", 11)
        doc.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
        doc.set_font(doc.family, "", 10)
        doc.multi_cell(0, 5, party, new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)
    widths = (80, 20, 30, 25, 35) if v.show_vat else (135, 0, 0, 0, 55)
    doc.set_font(doc.family, "B", 10)
    columns = (heads["description"], heads["vat_rate"], heads["net"], heads["vat"], heads["gross"])
    for width, text in zip(widths, columns, strict=True):
        if width:
            doc.cell(width, 7, text if v.show_vat or text != heads["gross"] else heads["amount"], border="B")
    doc.ln()
    doc.set_font(doc.family, "", 10)
    for row in v.rows:
        cells = (
            row.description + (f"\n{row.detail}" if row.detail else ""),
            row.vat_rate,
            row.net,
            row.vat,
            row.gross,
        )
        y = doc.get_y()
        x = doc.l_margin
        heights = []
        for width, text in zip(widths, cells, strict=True):
            if not width:
                continue
            doc.set_xy(x, y)
            doc.multi_cell(width, 5, text, align="L" if x == doc.l_margin else "R")
            heights.append(doc.get_y() - y)
            x += width
        doc.set_y(y + max(heights))
    doc.ln(3)
    doc.set_font(doc.family, "B", 11)
    if v.show_vat:
        for key, value in (("total_net", v.total_net), ("total_vat", v.total_vat)):
            doc.cell(155, 6, heads[key], align="R")
            doc.cell(35, 6, value, align="R", new_x="LMARGIN", new_y="NEXT")
    doc.cell(155, 7, heads["total_gross"] if v.show_vat else heads["gross"], align="R")
    doc.cell(35, 7, v.total_gross, align="R", new_x="LMARGIN", new_y="NEXT")
    if v.mention:
        doc.ln(4)
        doc.set_font(doc.family, "B", 10)
        doc.multi_cell(0, 5, v.mention, new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def party_text(party: dict, heads: dict) -> str:
    address = party.get("address") or ""
    if isinstance(address, dict):
        address = "\n".join(
            str(address.get(k) or "")
            for k in ("line1", "line2", "postal_code", "city", "country")
            if address.get(k)
        )
    lines = [party.get("name", ""), address]
    if party.get("vat_number"):
        lines.append(f"{heads['vat_number']}: {party['vat_number']}")
    if party.get("registration"):
        lines.append(f"{heads['registration']}: {party['registration']}")
    return "\n".join(line for line in lines if line)
