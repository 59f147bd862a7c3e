"""Buying API (DESIGN.md §4 buying and seller orders): cart, idempotent checkout, orders, returns, reviews;
the seller's order lines and returns; the carrier's signed delivery webhook.

Handlers only translate HTTP: rules live in services/, reads in selectors.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from comeback.accounts.auth import acting_buyer, token_auth
from comeback.core import markets
from comeback.core.problems import Invalid, NotFound
from comeback.sellers.access import acting_seller

from . import ledger, selectors
from .models import OrderStatus, Payout
from .schemas import (
    CancelIn,
    CarrierAck,
    CarrierEventIn,
    CartItemIn,
    CartItemPatch,
    CartOut,
    CheckoutIn,
    LineOut,
    OrderOut,
    ReturnIn,
    ReturnOut,
    ReturnsOut,
    ReviewIn,
    ReviewOut,
    SellerLineOut,
    SellerLinesOut,
    ShipIn,
    cart_out,
    line_out,
    order_out,
    return_out,
    review_out,
)
from .services import cart as cart_service
from .services import checkout as checkout_service
from .services import fulfilment, returns, reviews
from .services.checkout import PaymentDeclined

router = Router(tags=["buying"])

PROBLEM = {"content": {"application/problem+json": {}}}


def _problems(*codes: int) -> dict:
    text = {401: "not authenticated", 402: "payment_declined", 403: "missing_scope / not_a_seller",
            404: "not found (or not yours)", 409: "refused by a rule (see `code`)", 422: "invalid input",
            503: "payment_provider_unavailable"}
    return {"responses": {c: {"description": text[c], **PROBLEM} for c in codes}}


buyer = acting_buyer


class CartQuery(Schema):
    market: str | None = None


def _cart(user, market_code: str) -> dict:
    view = selectors.cart_view(user=user, market_code=market_code)
    product_ids = sorted({i.offer.variant.product_id for i in view.items})
    return cart_out(view, selectors.addon_offers(product_ids=product_ids, market_code=market_code))


def _default_market(user) -> str:
    return (markets.find(user.preferred_market) or markets.get(markets.DEFAULT_MARKET)).code


# Cart -------------------------------------------------------------------------------------------
@router.get("/cart", auth=token_auth, response=CartOut, summary="My cart in a market",
            openapi_extra=_problems(401, 403, 422))
def get_cart(request, query: Query[CartQuery]):
    """One cart per market (default: the account's preferred market), with totals, fee and add-ons."""
    user = buyer(request)
    return _cart(user, markets.get(query.market).code if query.market else _default_market(user))


@router.post("/cart/items", auth=token_auth, response={201: CartOut}, summary="Add an offer to my cart",
             openapi_extra=_problems(401, 403, 422))
def add_cart_item(request, body: CartItemIn):
    user = buyer(request)
    item = cart_service.add_to_cart(user=user, offer_id=body.offer_id, quantity=body.quantity)
    return Status(201, _cart(user, item.offer.market_id))


@router.patch("/cart/items/{item_id}", auth=token_auth, response=CartOut, summary="Change a cart item's quantity",
              openapi_extra=_problems(401, 403, 404, 422))
def patch_cart_item(request, item_id: int, body: CartItemPatch):
    user = buyer(request)
    market_code = cart_service.own_item(user=user, item_id=item_id).cart.market_id
    cart_service.set_quantity(user=user, item_id=item_id, quantity=body.quantity)
    return _cart(user, market_code)


@router.delete("/cart/items/{item_id}", auth=token_auth, response=CartOut, summary="Remove a cart item",
               openapi_extra=_problems(401, 403, 404))
def delete_cart_item(request, item_id: int):
    user = buyer(request)
    market_code = cart_service.own_item(user=user, item_id=item_id).cart.market_id
    cart_service.remove_item(user=user, item_id=item_id)
    return _cart(user, market_code)


# Checkout and orders ----------------------------------------------------------------------------
IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": True,
    "description": "Any unique string (a UUID). The same key and body replay the same order.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}


def _order(user, order_id: int) -> dict:
    order = selectors.buyer_order(buyer=user, order_id=order_id)
    if order is None:
        raise NotFound(_("You have no such order."), code="order_not_found")
    return order_out(order)


@router.post(
    "/checkout", auth=token_auth, response={200: OrderOut, 201: OrderOut}, summary="Check out my cart",
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
        buyer=user, market_code=body.market, idempotency_key=request.headers.get("Idempotency-Key"),
        shipping_address=body.shipping_address.dict(), payment_method=body.payment_method,
    )
    order = result.order
    if order.status == OrderStatus.PAYMENT_FAILED:
        raise PaymentDeclined(
            _("The payment was declined; nothing was charged and your cart is unchanged."),
            order_id=order.pk, decline_code=order.payment.decline_code or "declined",
        )
    return Status(201 if result.created else 200, _order(user, order.pk))


@router.get("/orders", auth=token_auth, response=list[OrderOut], summary="My orders",
            openapi_extra=_problems(401, 403))
def list_orders(request):
    """The 20 latest, newest first."""
    user = buyer(request)
    return [order_out(o) for o in selectors.buyer_orders_detailed(buyer=user, limit=20)]


@router.get("/orders/{order_id}", auth=token_auth, response=OrderOut, summary="One of my orders",
            openapi_extra=_problems(401, 403, 404))
def get_order(request, order_id: int):
    """Someone else's order is reported as not found."""
    return _order(buyer(request), order_id)


@router.post("/orders/{order_id}/payment/confirm", auth=token_auth, response=OrderOut,
             summary="Finish a payment that needed confirmation", openapi_extra=_problems(401, 402, 403, 404, 409, 503))
def confirm_payment(request, order_id: int):
    user = buyer(request)
    order = checkout_service.confirm_payment(buyer=user, order_id=order_id)
    if order.status == OrderStatus.PAYMENT_FAILED:
        raise PaymentDeclined(_("The payment was declined; the items went back on sale."), order_id=order.pk)
    return _order(user, order_id)


@router.post("/orders/{order_id}/cancel", auth=token_auth, response=OrderOut,
             summary="Cancel everything not yet shipped", openapi_extra=_problems(401, 403, 404, 409))
def cancel_order(request, order_id: int):
    user = buyer(request)
    fulfilment.buyer_cancel_order(buyer=user, order_id=order_id)
    return _order(user, order_id)


@router.post("/orders/lines/{line_id}/cancel", auth=token_auth, response=LineOut, summary="Cancel one line before shipping",
             openapi_extra=_problems(401, 403, 404, 409))
def cancel_line(request, line_id: int):
    line = fulfilment.buyer_cancel_line(buyer=buyer(request), line_id=line_id)
    return line_out(line)


@router.post("/orders/lines/{line_id}/delivered", auth=token_auth, response=LineOut,
             summary="Confirm I received a line", openapi_extra=_problems(401, 403, 404, 409))
def confirm_delivery(request, line_id: int):
    return line_out(fulfilment.buyer_confirm_delivery(buyer=buyer(request), line_id=line_id))


@router.post("/orders/{order_id}/returns", auth=token_auth, response={201: ReturnsOut}, summary="Return delivered items",
             openapi_extra=_problems(401, 403, 404, 409, 422))
def request_return(request, order_id: int, body: ReturnIn):
    """Within 30 days of delivery for any reason; `transit_damage` within 3 business days."""
    created = returns.request_return(buyer=buyer(request), order_id=order_id, reason=body.reason,
                                     line_ids=body.line_ids, comment=body.comment)
    return Status(201, {"returns": [return_out(r) for r in created]})


@router.post("/orders/lines/{line_id}/review", auth=token_auth, response={201: ReviewOut},
             summary="Review a delivered line", openapi_extra=_problems(401, 403, 404, 409, 422))
def post_review(request, line_id: int, body: ReviewIn):
    review = reviews.post_review(buyer=buyer(request), line_id=line_id, stars=body.stars, comment=body.comment)
    return Status(201, review_out(review))


# Seller -----------------------------------------------------------------------------------------
class SellerOrdersQuery(Schema):
    status: str | None = None
    page: int = 1


@router.get("/seller/orders", auth=token_auth, response=SellerLinesOut, tags=["seller orders"],
            summary="My order lines", openapi_extra=_problems(401, 403))
def seller_orders(request, query: Query[SellerOrdersQuery]):
    """Only this seller's lines. `status`: a line status, or `to_accept`, `to_ship`, `shipped`, `delivered`,
    `cancelled`."""
    seller = acting_seller(request)
    lines, count = selectors.seller_lines(seller=seller, status=query.status, page=max(query.page, 1))
    return {"items": [line_out(ln, for_seller=True) for ln in lines], "count": count, "page": max(query.page, 1)}


def _seller_line(seller, line) -> dict:
    return line_out(line, for_seller=True)


@router.post("/seller/orders/lines/{line_id}/accept", auth=token_auth, response=SellerLineOut,
             tags=["seller orders"], summary="Accept a paid line", openapi_extra=_problems(401, 403, 404, 409))
def accept_line(request, line_id: int):
    seller = acting_seller(request)
    return _seller_line(seller, fulfilment.accept_line(seller=seller, line_id=line_id))


@router.post("/seller/orders/lines/{line_id}/ship", auth=token_auth, response=SellerLineOut,
             tags=["seller orders"], summary="Ship an accepted line", openapi_extra=_problems(401, 403, 404, 409, 422))
def ship_line(request, line_id: int, body: ShipIn):
    """Tracking number, carrier, and the unit's IMEI (Luhn-checked) or serial: set once, never changed."""
    seller = acting_seller(request)
    line = fulfilment.ship_line(seller=seller, line_id=line_id, tracking_number=body.tracking_number,
                                carrier=body.carrier, imei=body.imei, serial=body.serial)
    return _seller_line(seller, line)


@router.post("/seller/orders/lines/{line_id}/cancel", auth=token_auth, response=SellerLineOut,
             tags=["seller orders"], summary="Cancel a line (refunds the buyer, counts against you)",
             openapi_extra=_problems(401, 403, 404, 409))
def seller_cancel_line(request, line_id: int, body: CancelIn | None = None):
    seller = acting_seller(request)
    line = fulfilment.seller_cancel_line(seller=seller, line_id=line_id, reason=(body.reason if body else ""))
    return _seller_line(seller, line)


@router.get("/seller/returns", auth=token_auth, response=list[ReturnOut], tags=["seller orders"],
            summary="My open returns", openapi_extra=_problems(401, 403))
def seller_returns(request):
    return [return_out(r) for r in selectors.seller_returns(seller=acting_seller(request))]


@router.post("/seller/returns/{return_id}/receive", auth=token_auth, response=ReturnOut, tags=["seller orders"],
             summary="I received the returned unit", openapi_extra=_problems(401, 403, 404, 409))
def receive_return(request, return_id: int):
    return return_out(returns.receive_return(seller=acting_seller(request), return_id=return_id))


@router.post("/seller/returns/{return_id}/refund", auth=token_auth, response=ReturnOut, tags=["seller orders"],
             summary="Refund a received return to the original payment", openapi_extra=_problems(401, 403, 404, 409))
def refund_return(request, return_id: int):
    return return_out(returns.refund_return(seller=acting_seller(request), return_id=return_id))


class PayoutOut(Schema):
    id: int
    payout_date: str
    currency: str
    amount: int
    transfer_amount: int


class BalanceOut(Schema):
    balances: dict[str, int]
    payouts: list[PayoutOut]


@router.get("/seller/balance", auth=token_auth, response=BalanceOut, tags=["seller orders"],
            summary="What Comeback owes me, per currency, and my payouts", openapi_extra=_problems(401, 403))
def seller_balance(request):
    seller = acting_seller(request)
    return {
        "balances": ledger.seller_balances(seller.pk),
        "payouts": [
            {"id": p.pk, "payout_date": p.payout_date.isoformat(), "currency": p.currency, "amount": p.amount,
             "transfer_amount": p.transfer_amount}
            for p in Payout.objects.filter(seller=seller)[:50]
        ],
    }


# Carriers ---------------------------------------------------------------------------------------
@router.post(
    "/carriers/events", auth=None, response=CarrierAck, tags=["carriers"], summary="Carrier delivery webhook",
    openapi_extra={
        "parameters": [
            {"in": "header", "name": "X-Carrier-Timestamp", "required": True, "schema": {"type": "string"},
             "description": "Unix seconds; refused when more than 5 minutes away from now."},
            {"in": "header", "name": "X-Carrier-Signature", "required": True, "schema": {"type": "string"},
             "description": "sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>' with the shared secret>"},
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": CarrierEventIn.json_schema()}}},
        **_problems(401, 422),
    },
)
def carrier_event(request):
    """Signed by the carrier with the shared secret (`COMEBACK_CARRIER_WEBHOOK_SECRET`): the signature is
    checked on the raw body before anything is parsed."""
    fulfilment.verify_carrier_signature(body=request.body, timestamp=request.headers.get("X-Carrier-Timestamp"),
                                        signature=request.headers.get("X-Carrier-Signature"))
    try:
        event = CarrierEventIn.model_validate_json(request.body or b"{}")
    except ValueError as exc:
        raise Invalid(_("The event body is not valid: %s") % str(exc)[:300], code="validation_error") from None
    if event.event != "delivered":
        return {"delivered": 0}
    return {"delivered": fulfilment.carrier_delivered(carrier=event.carrier, tracking_number=event.tracking_number,
                                                      occurred_at=event.occurred_at)}
