"""The invoice documents, for whoever may read them (their buyer, their seller, staff); others get 404."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from ninja import Router

from comeback.accounts.auth import token_auth
from comeback.core.problems import NotFound

from .. import render, selectors

router = Router(tags=["invoices"])

# Problem responses are declared where the API is assembled (core/contract.py).
DOCUMENT = {"responses": {200: {"description": "the document"}, 404: {"description": "invoice_not_found"}}}


def readable(request, invoice_id: int):
    invoice = (
        selectors.readable_by(request.auth.user).filter(pk=invoice_id).select_related("corrects").first()
    )
    if invoice is None:
        raise NotFound(_("No such invoice."), code="invoice_not_found")
    return invoice


def pdf_response(invoice, language: str | None = None) -> HttpResponse:
    response = HttpResponse(render.pdf(invoice, language), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    return response


def html_page(request, invoice) -> str:
    return render_to_string(
        "invoices/document.html", {"v": render.view(invoice), "heads": render.labels()}, request
    )


@router.get(
    "/invoices/{invoice_id}/pdf",
    auth=token_auth,
    url_name="invoice_pdf",
    summary="An invoice as PDF",
    response={200: None},
    openapi_extra=DOCUMENT,
)
def invoice_pdf(request, invoice_id: int):
    return pdf_response(readable(request, invoice_id))


@router.get(
    "/invoices/{invoice_id}/html",
    auth=token_auth,
    url_name="invoice_html",
    summary="An invoice as HTML",
    response={200: None},
    openapi_extra=DOCUMENT,
)
def invoice_html(request, invoice_id: int):
    return HttpResponse(html_page(request, readable(request, invoice_id)))
