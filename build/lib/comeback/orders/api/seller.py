"""The seller's orders API (docs/design.md §4 seller orders): order lines, returns, balance.

Handlers only translate HTTP: rules live in services/, reads in selectors.py.
"""

from __future__ import annotations

from ninja import Query, Router, Schema

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, page_answer, page_of, paginate
from comeback.web.api_access import acting_seller

from .. import ledger, selectors
from ..models import Payout
from ..schemas import (
    CancelIn,
    ReturnOut,
    SellerLineOut,
    SellerLinesOut,
    ShipIn,
)
from ..services import fulfilment, returns
from .buyer import _problems

router = Router(tags=["buying"])


# Seller -----------------------------------------------------------------------------------------
class SellerOrdersQuery(PageQuery):
    status: str | None = None


@router.get(
    "/seller/orders",
    auth=token_auth,
    response=SellerLinesOut,
    tags=["seller orders"],
    summary="My order lines",
    openapi_extra=_problems(401, 403),
)
def seller_orders(request, query: Query[SellerOrdersQuery]):
    """Only this seller's lines. `status`: a line status, or `to_accept`, `to_ship`, `shipped`, `delivered`,
    `cancelled`."""
    seller = acting_seller(request)
    lines, count = selectors.seller_lines(
        seller=seller, status=query.status, page=query.page, per_page=query.page_size
    )
    return page_answer(request, lines, query, count=count)


@router.post(
    "/seller/orders/lines/{line_id}/accept",
    auth=token_auth,
    response=SellerLineOut,
    tags=["seller orders"],
    summary="Accept a paid line",
    openapi_extra=_problems(401, 403, 404, 409),
)
def accept_line(request, line_id: int):
    seller = acting_seller(request)
    return fulfilment.accept_line(seller=seller, line_id=line_id)


@router.post(
    "/seller/orders/lines/{line_id}/ship",
    auth=token_auth,
    response=SellerLineOut,
    tags=["seller orders"],
    summary="Ship an accepted line",
    openapi_extra=_problems(401, 403, 404, 409, 422),
)
def ship_line(request, line_id: int, body: ShipIn):
    """Tracking number, carrier, and the unit's IMEI (Luhn-checked) or serial: set once, never changed."""
    seller = acting_seller(request)
    line = fulfilment.ship_line(
        seller=seller,
        line_id=line_id,
        tracking_number=body.tracking_number,
        carrier=body.carrier,
        imei=body.imei,
        serial=body.serial,
    )
    return line


@router.post(
    "/seller/orders/lines/{line_id}/cancel",
    auth=token_auth,
    response=SellerLineOut,
    tags=["seller orders"],
    summary="Cancel a line (refunds the buyer, counts against you)",
    openapi_extra=_problems(401, 403, 404, 409),
)
def seller_cancel_line(request, line_id: int, body: CancelIn | None = None):
    seller = acting_seller(request)
    line = fulfilment.seller_cancel_line(seller=seller, line_id=line_id, reason=(body.reason if body else ""))
    return line


@router.get(
    "/seller/returns",
    auth=token_auth,
    response=page_of(ReturnOut, "ReturnList"),
    tags=["seller orders"],
    summary="My open returns",
    openapi_extra=_problems(401, 403),
)
def seller_returns(request, paging: Query[PageQuery]):
    """Newest first."""
    returns = selectors.seller_returns_all(seller=acting_seller(request))
    return paginate(request, returns, paging)


@router.post(
    "/seller/returns/{return_id}/receive",
    auth=token_auth,
    response=ReturnOut,
    tags=["seller orders"],
    summary="I received the returned unit",
    openapi_extra=_problems(401, 403, 404, 409),
)
def receive_return(request, return_id: int):
    return returns.receive_return(seller=acting_seller(request), return_id=return_id)


@router.post(
    "/seller/returns/{return_id}/refund",
    auth=token_auth,
    response=ReturnOut,
    tags=["seller orders"],
    summary="Refund a received return to the original payment",
    openapi_extra=_problems(401, 403, 404, 409),
)
def refund_return(request, return_id: int):
    return returns.refund_return(seller=acting_seller(request), return_id=return_id)


class PayoutOut(Schema):
    id: int
    payout_date: str
    currency: str
    amount: int
    transfer_amount: int


class BalanceOut(Schema):
    balances: dict[str, int]
    payouts: list[PayoutOut]


@router.get(
    "/seller/balance",
    auth=token_auth,
    response=BalanceOut,
    tags=["seller orders"],
    summary="What Comeback owes me, per currency, and my payouts",
    openapi_extra=_problems(401, 403),
)
def seller_balance(request):
    seller = acting_seller(request)
    return {
        "balances": ledger.seller_balances(seller.pk),
        "payouts": [
            {
                "id": p.pk,
                "payout_date": p.payout_date.isoformat(),
                "currency": p.currency,
                "amount": p.amount,
                "transfer_amount": p.transfer_amount,
            }
            for p in Payout.objects.filter(seller=seller)[:50]
        ],
    }
