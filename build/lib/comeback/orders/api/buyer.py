"""The buyer's API (docs/design.md §4 buying): cart, idempotent checkout, orders, returns, reviews.

Handlers only translate HTTP: rules live in services/, reads in selectors.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from comeback.accounts.auth import token_auth
from comeback.core import markets
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.problems import NotFound
from comeback.core.schemas import MarketCodeOrBlank, problems_with
from comeback.web.api_access import acting_buyer

from .. import selectors
from ..models import Order, OrderStatus
from ..schemas import (
    CheckoutIn,
    LineOut,
    OrderOut,
    OrderReturnIn,
    ReturnsOut,
    ReviewIn,
    ReviewOut,
)
from ..schemas.buyer import CartItemIn, CartItemPatch, CartOut
from ..services import cart as cart_service
from ..services import checkout as checkout_service
from ..services import customise, fulfilment, returns, reviews
from ..services.checkout import PaymentDeclined

router = Router(tags=["buying"])


_problems = problems_with(
    {
        401: "not authenticated",
        402: "payment_declined",
        403: "missing_scope / not_a_seller",
        404: "not found (or not yours)",
        409: "refused by a rule (see `code`)",
        422: "invalid input",
        503: "payment_provider_unavailable",
    }
)


buyer = acting_buyer


class CartQuery(Schema):
    market: MarketCodeOrBlank | None = None


def _cart(user, market_code: str) -> selectors.CartView:
    view = selectors.cart_view(user=user, market_code=market_code)
    product_ids = sorted({i.offer.variant.product_id for i in view.items})
    view.addons = selectors.addon_offers(product_ids=product_ids, market_code=market_code)
    return view


def _default_market(user) -> str:
    return (markets.find(user.preferred_market) or markets.get(markets.DEFAULT_MARKET)).code


# Cart -------------------------------------------------------------------------------------------
@router.get(
    "/cart",
    auth=token_auth,
    response=CartOut,
    summary="My cart in a market",
    openapi_extra=_problems(401, 403, 422),
)
def get_cart(request, query: Query[CartQuery]):
    """One cart per market (default: the account's preferred market), with totals, fee and add-ons."""
    user = buyer(request)
    return _cart(user, markets.get(query.market).code if query.market else _default_market(user))


@router.post(
    "/cart/items",
    auth=token_auth,
    response={201: CartOut},
    summary="Add an offer to my cart, or an add-on to one of its items",
    openapi_extra=_problems(401, 403, 409, 422),
)
def add_cart_item(request, body: CartItemIn):
    """With `attach_to`, the offer is an add-on customising that item (docs/fashion.md "Customisation")."""
    user = buyer(request)
    if body.attach_to is not None:
        item = customise.attach_addon(
            user=user, offer_id=body.offer_id, attach_to=body.attach_to, quantity=body.quantity
        )
    else:
        item = cart_service.add_to_cart(user=user, offer_id=body.offer_id, quantity=body.quantity)
    return Status(201, _cart(user, item.offer.market_id))


@router.patch(
    "/cart/items/{item_id}",
    auth=token_auth,
    response=CartOut,
    summary="Change a cart item's quantity",
    openapi_extra=_problems(401, 403, 404, 422),
)
def patch_cart_item(request, item_id: int, body: CartItemPatch):
    user = buyer(request)
    market_code = cart_service.own_item(user=user, item_id=item_id).cart.market_id
    cart_service.set_quantity(user=user, item_id=item_id, quantity=body.quantity)
    return _cart(user, market_code)


@router.delete(
    "/cart/items/{item_id}",
    auth=token_auth,
    response=CartOut,
    summary="Remove a cart item",
    openapi_extra=_problems(401, 403, 404),
)
def delete_cart_item(request, item_id: int):
    user = buyer(request)
    market_code = cart_service.own_item(user=user, item_id=item_id).cart.market_id
    cart_service.remove_item(user=user, item_id=item_id)
    return _cart(user, market_code)


# Checkout and orders ----------------------------------------------------------------------------
IDEMPOTENCY_HEADER = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": True,
    "description": "Any unique string (a UUID). The same key and body replay the same order.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


def _order(user, order_id: int) -> Order:
    order = selectors.buyer_order(buyer=user, order_id=order_id)
    if order is None:
        raise NotFound(_("You have no such order."), code="order_not_found")
    return order


@router.post(
    "/checkout",
    auth=token_auth,
    response={200: OrderOut, 201: OrderOut},
    summary="Check out my cart",
    openapi_extra={"parameters": [IDEMPOTENCY_HEADER], **_problems(401, 402, 403, 409, 422, 503)},
)
def checkout(request, body: CheckoutIn):
    """Reserve the stock, pay, and confirm — one order, one fulfilment per seller.

    201: a new order (status `paid`, or `awaiting_payment` with a `next_action` to confirm the payment).
    200: a replay of the same Idempotency-Key and body. 402 `payment_declined` (stock released),
    409 `out_of_stock` / `idempotency_key_reused` / `cart_empty` / `offer_unavailable`.
    """
    user = buyer(request)
    result = checkout_service.checkout(
        buyer=user,
        market_code=body.market,
        idempotency_key=request.headers.get("Idempotency-Key"),
        shipping_address=body.shipping_address.dict(),
        payment_method=body.payment_method,
    )
    order = result.order
    if order.status == OrderStatus.PAYMENT_FAILED:
        raise PaymentDeclined(
            _("The payment was declined; nothing was charged and your cart is unchanged."),
            order_id=order.pk,
            decline_code=order.payment.decline_code or "declined",
        )
    # A new order is answered from what its checkout wrote; a replay reads it.
    answer = checkout_service.as_written(result) or _order(user, order.pk)
    return Status(201 if result.created else 200, answer)


@router.get(
    "/orders",
    auth=token_auth,
    response=page_of(OrderOut, "OrderList"),
    summary="My orders",
    openapi_extra=_problems(401, 403),
)
def list_orders(request, paging: Query[PageQuery]):
    """Newest first: paid orders and those waiting for a payment confirmation. An attempt whose payment
    failed, or whose reservation lapsed unpaid, is not an order and is not listed; `GET /orders/{id}` still
    reads it."""
    return paginate(request, selectors.buyer_orders_all(buyer=buyer(request)), paging)


@router.get(
    "/orders/{order_id}",
    auth=token_auth,
    response=OrderOut,
    summary="One of my orders",
    openapi_extra=_problems(401, 403, 404),
)
def get_order(request, order_id: int):
    """Someone else's order is reported as not found."""
    return _order(buyer(request), order_id)


@router.post(
    "/orders/{order_id}/payment/confirm",
    auth=token_auth,
    response=OrderOut,
    summary="Finish a payment that needed confirmation",
    openapi_extra=_problems(401, 402, 403, 404, 409, 503),
)
def confirm_payment(request, order_id: int):
    user = buyer(request)
    order = checkout_service.confirm_payment(buyer=user, order_id=order_id)
    if order.status == OrderStatus.PAYMENT_FAILED:
        raise PaymentDeclined(_("The payment was declined; the items went back on sale."), order_id=order.pk)
    return _order(user, order_id)


@router.post(
    "/orders/{order_id}/cancel",
    auth=token_auth,
    response=OrderOut,
    summary="Cancel everything not yet shipped",
    openapi_extra=_problems(401, 403, 404, 409),
)
def cancel_order(request, order_id: int):
    user = buyer(request)
    fulfilment.buyer_cancel_order(buyer=user, order_id=order_id)
    return _order(user, order_id)


@router.post(
    "/orders/lines/{line_id}/cancel",
    auth=token_auth,
    response=LineOut,
    summary="Cancel one line before shipping",
    openapi_extra=_problems(401, 403, 404, 409),
)
def cancel_line(request, line_id: int):
    line = fulfilment.buyer_cancel_line(buyer=buyer(request), line_id=line_id)
    return line


@router.post(
    "/orders/lines/{line_id}/delivered",
    auth=token_auth,
    response=LineOut,
    summary="Confirm I received a line",
    openapi_extra=_problems(401, 403, 404, 409),
)
def confirm_delivery(request, line_id: int):
    return fulfilment.buyer_confirm_delivery(buyer=buyer(request), line_id=line_id)


@router.post(
    "/orders/{order_id}/returns",
    auth=token_auth,
    response={201: ReturnsOut},
    summary="Return delivered items",
    description=(
        "Within the market's return window (`return_window_days`) of delivery for any reason; "
        f"`transit_damage` within {returns.TRANSIT_DAMAGE_BUSINESS_DAYS} business days."
    ),
    openapi_extra=_problems(401, 403, 404, 409, 422),
)
def request_return(request, order_id: int, body: OrderReturnIn):
    created = returns.request_return(
        buyer=buyer(request),
        order_id=order_id,
        reason=body.reason,
        line_ids=body.line_ids,
        comment=body.comment,
    )
    return Status(201, {"returns": created})


@router.post(
    "/orders/lines/{line_id}/review",
    auth=token_auth,
    response={201: ReviewOut},
    summary="Review a delivered line",
    openapi_extra=_problems(401, 403, 404, 409, 422),
)
def post_review(request, line_id: int, body: ReviewIn):
    review = reviews.post_review(
        buyer=buyer(request), line_id=line_id, stars=body.stars, comment=body.comment
    )
    return Status(201, review)
