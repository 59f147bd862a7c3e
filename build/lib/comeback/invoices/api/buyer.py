"""Buyer API: the invoices of one of my orders."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.problems import NotFound
from comeback.orders import selectors as order_selectors
from comeback.web.api_access import acting_buyer

from .. import selectors
from ..schemas import InvoiceOut

router = Router(tags=["invoices"])


@router.get(
    "/orders/{order_id}/invoices",
    auth=token_auth,
    response=page_of(InvoiceOut, "InvoiceList"),
    summary="My order's invoices (one per seller, and credit notes for refunds), with HTML and PDF links",
    openapi_extra={"responses": {404: {"description": "order_not_found"}}},
)
def order_invoices(request, order_id: int, paging: Query[PageQuery]):
    buyer = acting_buyer(request)
    order = order_selectors.buyer_order(buyer=buyer, order_id=order_id)
    if order is None:
        raise NotFound(_("No such order."), code="order_not_found")
    return paginate(request, selectors.for_order(buyer=buyer, order=order), paging)
