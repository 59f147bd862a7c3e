"""Seller API: the invoices issued in my name and the platform's commission invoices to me."""

from __future__ import annotations

from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.web.api_access import acting_seller

from .. import selectors
from ..schemas import InvoiceOut

router = Router(tags=["invoices"])


@router.get(
    "/seller/invoices",
    auth=token_auth,
    response=page_of(InvoiceOut, "InvoiceList"),
    summary="My invoices: sales in my name, credit notes, and the platform's monthly commission invoices",
)
def seller_invoices(request, paging: Query[PageQuery], kind: str | None = None):
    invoices = selectors.of_seller(acting_seller(request), kind=kind)
    return paginate(request, invoices, paging)
