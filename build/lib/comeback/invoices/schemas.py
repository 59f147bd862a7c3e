"""What the invoices API returns: each invoice with its totals and the links to its HTML and PDF."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema


class InvoiceOut(Schema):
    id: int
    kind: str = Field(..., description="sale, credit_note or commission")
    number: str
    issued_at: datetime
    currency: str
    total_net: int
    total_vat: int
    total_gross: int
    vat_treatment: str = Field(..., description="standard, margin, no_vat, reverse_charge or outside")
    corrects: str | None = Field(None, description="The invoice a credit note corrects")
    html_url: str
    pdf_url: str

    @staticmethod
    def resolve_corrects(invoice) -> str | None:
        return invoice.corrects.number if invoice.corrects_id else None

    @staticmethod
    def resolve_html_url(invoice) -> str:
        return reverse("api:invoice_html", args=[invoice.pk])

    @staticmethod
    def resolve_pdf_url(invoice) -> str:
        return reverse("api:invoice_pdf", args=[invoice.pk])
