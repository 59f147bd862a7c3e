"""The buyer's pages: an order's invoices; and any invoice's HTML and PDF for whoever may read it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from comeback.orders import selectors as order_selectors
from comeback.web.access import login_required

from .. import selectors
from ..api.documents import html_page, pdf_response


@login_required
def order_invoices(request, ref: str):
    order = order_selectors.buyer_order(buyer=request.user, ref=ref)
    if order is None:
        raise Http404
    return render(
        request,
        "invoices/order_invoices.html",
        {"order": order, "invoices": selectors.for_order(buyer=request.user, order=order)},
    )


def _readable(request, invoice_id: int):
    invoice = selectors.readable_by(request.user).filter(pk=invoice_id).select_related("corrects").first()
    if invoice is None:
        raise Http404
    return invoice


@login_required
def document(request, invoice_id: int):
    return HttpResponse(html_page(request, _readable(request, invoice_id)))


@login_required
def document_pdf(request, invoice_id: int):
    return pdf_response(_readable(request, invoice_id))
