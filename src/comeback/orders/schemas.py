"""API shapes of buying. Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from comeback.core import clock, site
from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut
from comeback.core.schemas import MarketCode, bounded, filled, one_of
from comeback.core.text import Text

from . import selectors, warranty
from .models import MAX_ITEM_QUANTITY, Order, OrderLine, Return, ReturnReason, Review


class CartItemIn(Schema):
    offer_id: int
    quantity: int = Field(1, ge=1, le=MAX_ITEM_QUANTITY)
    attach_to: int | None = Field(
        None,
        description="A customisation: the id of the cart item this add-on (a strap, a case) goes with. It must "
        "fit that item's model or category and come from the same seller; one add-on per unit of the item.",
    )


class CartItemPatch(Schema):
    quantity: int = Field(..., ge=0, le=MAX_ITEM_QUANTITY, description="0 removes the item")


class CartItemOut(Schema):
    id: int
    offer_id: int
    product_id: int
    title: str
    variant_label: str
    grade: str
    seller_id: int
    seller_name: str
    quantity: int
    price: int
    currency: str
    available: bool
    attached_to: int | None = Field(None, description="The cart item this add-on customises")


class CartOut(Schema):
    market: str
    currency: str
    items: list[CartItemOut]
    items_amount: int
    fee_amount: int
    total_amount: int
    count: int
    sellers: int
    addons: list[dict] = Field(
        default_factory=list, description="Compatible accessory offers (straps, cases…)"
    )


def _item(item, available: bool) -> dict:
    o = item.offer
    return {
        "id": item.pk,
        "offer_id": o.pk,
        "product_id": o.variant.product_id,
        "title": str(o.variant.product),
        "variant_label": o.variant.label,
        "grade": o.grade,
        "seller_id": o.seller_id,
        "seller_name": o.seller.display_name,
        "quantity": item.quantity,
        "price": o.price_amount,
        "currency": o.currency,
        "available": available,
        "attached_to": item.attached_to_id,
    }


def cart_out(view: selectors.CartView, addons: list | None = None) -> dict:
    return {
        "market": view.market.code,
        "currency": view.currency,
        "items": [_item(i, True) for i in view.items] + [_item(i, False) for i in view.unavailable],
        "items_amount": view.items_amount,
        "fee_amount": view.fee_amount,
        "total_amount": view.total_amount,
        "count": view.count,
        "sellers": view.sellers,
        "addons": [
            {
                "offer_id": o.pk,
                "product_id": o.variant.product_id,
                "title": str(o.variant.product),
                "variant_label": o.variant.label,
                "grade": o.grade,
                "price": o.price_amount,
                "currency": o.currency,
            }
            for o in (addons or [])
        ],
    }


class ShippingAddress(Schema):
    name: str = filled()
    line1: str = filled()
    line2: str = ""
    postal_code: str = filled()
    city: str = filled()
    country: str = ""
    phone: str = ""


class CheckoutIn(Schema):
    market: MarketCode = Field(..., description="ISO code of the cart's market, e.g. FR")
    shipping_address: ShippingAddress
    payment_method: str = Field(
        ...,
        description="Test provider: a test card number (4242424242424242 succeeds). Stripe: a PaymentMethod id.",
    )


class OrderReturnIn(Schema):
    reason: str = one_of(ReturnReason, description="Why the buyer sends it back")
    line_ids: list[int] = Field(default_factory=list, description="Empty: every returnable line of the order")
    comment: Text = ""


class ReviewIn(Schema):
    stars: int = bounded(..., minimum=1, maximum=5)
    comment: Text = ""


class ShipIn(Schema):
    tracking_number: str
    carrier: str
    imei: str = ""
    serial: str = ""


class CancelIn(Schema):
    reason: Text = ""


class CarrierEventIn(Schema):
    carrier: str
    tracking_number: str
    event: str = Field(..., description="Only `delivered` moves a line; other events are acknowledged.")
    occurred_at: datetime | None = None


class ReturnLabelOut(Schema):
    carrier: str
    tracking_number: str
    url: str = Field(..., description="The printable label (HTML) for the buyer")
    instructions: list[str]


class ReturnOut(Schema):
    id: int
    line_id: int
    order_id: int
    reason: str
    status: str
    comment: str
    requested_at: str | None
    received_at: str | None
    refunded_at: str | None
    label: ReturnLabelOut | None = Field(None, description="The prepaid return label (none on older returns)")
    parcel_delivered_at: str | None = None
    receive_due_at: str | None = Field(
        None,
        description="Exclusive deadline for the seller to confirm receipt (3 business days after delivery)",
    )
    refund_due_at: str | None = Field(
        None, description="Exclusive deadline for the seller to refund (2 business days after receipt)"
    )
    escalated: str = Field("", description='"" | "receipt" | "refund": the deadline the seller missed')
    settled_claim: str = Field("", description="The warranty claim this return settled (one remedy, not two)")
    refunded_by: str = ""


class ReviewOut(Schema):
    id: int
    line_id: int
    stars: int
    comment: str
    created_at: str | None


class LegalGuaranteeOut(Schema):
    months: int | None = Field(None, description="Statutory period; null where the law sets no fixed one")
    until: str | None
    applies: bool | None
    text: str = Field(..., description="Who owes it and for how long, in one sentence")
    extended_months: int = Field(
        0,
        description="Months added because the buyer chose repair within it (Directive (EU) 2024/1799 Art. 16)",
    )


class LineWarrantyOut(Schema):
    """The unit's commercial warranty (from delivery, the offer's months) and, beside it, the legal guarantee."""

    status: str = Field(..., description="active | expired")
    months: int
    starts: str | None
    until: str | None = Field(None, description="Last day covered (inclusive), in the market's timezone")
    legal_guarantee: LegalGuaranteeOut


class LineOut(Schema):
    id: int
    order_id: int
    fulfilment_id: int
    offer_id: int
    product_id: int
    seller_id: int
    title: str
    variant_label: str
    grade: str
    price: int
    fee: int = 0
    currency: str
    status: str
    warranty_months: int
    paid_at: str | None
    accept_by: str | None
    ship_by: str | None
    accepted_at: str | None
    shipped_at: str | None
    delivered_at: str | None
    completed_at: str | None
    cancelled_at: str | None
    cancelled_by: str | None
    refunded_at: str | None
    tracking_number: str | None
    carrier: str | None
    imei: str | None
    serial: str | None
    attached_to: int | None = Field(
        None, description="An add-on's line: the line of the item it customises and ships with"
    )
    review: ReviewOut | None = None
    return_request: ReturnOut | None = None
    warranty: LineWarrantyOut | None = None


class SellerLineOut(LineOut):
    order_ref: str
    commission: int
    net: int
    late: bool
    shipping_address: dict
    buyer_name: str


class SellerLinesOut(PageOut):
    items: list[SellerLineOut]


class PaymentOut(Schema):
    provider: str
    status: str
    card_last4: str | None
    decline_code: str | None
    refunded_amount: int


class NextActionOut(Schema):
    type: str
    url: str
    confirm: str


class FulfilmentOut(Schema):
    id: int
    seller_id: int
    seller_name: str
    lines: list[LineOut]


class OrderOut(Schema):
    id: int
    ref: str
    status: str
    market: str
    currency: str
    items_amount: int
    fee_amount: int
    total_amount: int
    created_at: str | None
    reserved_until: str | None
    paid_at: str | None
    shipping_address: dict
    payment: PaymentOut | None
    next_action: NextActionOut | None
    fulfilments: list[FulfilmentOut]


class ReturnsOut(Schema):
    returns: list[ReturnOut]


class CarrierAck(Schema):
    delivered: int
    returns_delivered: int = Field(0, description="Return parcels delivered to their seller")


def _ts(value: datetime | None) -> str | None:
    return rfc3339(value) if value else None


def return_out(ret: Return | None) -> dict | None:
    if ret is None:
        return None
    return {
        "id": ret.pk,
        "line_id": ret.line_id,
        "order_id": ret.order_id,
        "reason": ret.reason,
        "status": ret.status,
        "comment": ret.comment,
        "requested_at": _ts(ret.requested_at),
        "received_at": _ts(ret.received_at),
        "refunded_at": _ts(ret.refunded_at),
        "label": _label_out(ret),
        "parcel_delivered_at": _ts(ret.parcel_delivered_at),
        "receive_due_at": _ts(ret.receive_due_at),
        "refund_due_at": _ts(ret.refund_due_at),
        "escalated": ret.escalation(clock.now()),
        "settled_claim": ret.settled_claim_ref,
        "refunded_by": ret.refunded_by,
    }


def _label_out(ret: Return) -> dict | None:
    if not ret.label_tracking:
        return None
    from .services import return_labels

    return {
        "carrier": ret.label_carrier,
        "tracking_number": ret.label_tracking,
        "url": site.absolute(reverse("orders:return_label", args=[ret.pk])),
        "instructions": return_labels.instructions(carrier=ret.label_carrier),
    }


def review_out(review: Review | None) -> dict | None:
    if review is None:
        return None
    return {
        "id": review.pk,
        "line_id": review.line_id,
        "stars": review.stars,
        "comment": review.comment,
        "created_at": _ts(review.created_at),
    }


def _warranty(line: OrderLine) -> dict | None:
    """Delivered units only: the warranty is what the sale promised, from delivery (orders/warranty.py)."""
    if line.delivered_at is None:
        return None
    found = warranty.for_line(line)
    return found.as_dict() if found.started else None


def line_out(line: OrderLine, *, for_seller: bool = False) -> dict:
    out = {
        "id": line.pk,
        "order_id": line.order_id,
        "fulfilment_id": line.fulfilment_id,
        "offer_id": line.offer_id,
        "product_id": line.product_id,
        "seller_id": line.seller_id,
        "title": line.title,
        "variant_label": line.variant_label,
        "grade": line.grade,
        "price": line.price_amount,
        "fee": line.fee_amount,
        "currency": line.currency,
        "status": line.status,
        "warranty_months": line.warranty_months,
        "paid_at": _ts(line.paid_at),
        "accept_by": _ts(line.accept_by),
        "ship_by": _ts(line.ship_by),
        "accepted_at": _ts(line.accepted_at),
        "shipped_at": _ts(line.shipped_at),
        "delivered_at": _ts(line.delivered_at),
        "completed_at": _ts(line.completed_at),
        "cancelled_at": _ts(line.cancelled_at),
        "cancelled_by": line.cancelled_by or None,
        "refunded_at": _ts(line.refunded_at),
        "tracking_number": line.tracking_number or None,
        "carrier": line.carrier or None,
        "imei": line.imei or None,
        "serial": line.serial or None,
        "attached_to": line.attached_to_id,
    }
    out["warranty"] = _warranty(line)
    if for_seller:
        order = line.order
        out.update(
            {
                "order_ref": order.ref,
                "commission": line.commission_amount,
                "net": line.net_amount,
                "late": selectors.is_late(line, clock.now()),
                "shipping_address": order.shipping_address,
                "buyer_name": order.shipping_address.get("name", ""),
                "return_request": return_out(selectors.related(line, "return_request")),
            }
        )
        out.pop("fee")
    else:
        out["review"] = review_out(selectors.related(line, "review"))
        out["return_request"] = return_out(selectors.related(line, "return_request"))
    return out


def order_out(order: Order) -> dict:
    payment = selectors.related(order, "payment")
    next_action = None
    if payment is not None and payment.status == "requires_action" and order.status == "awaiting_payment":
        next_action = {
            "type": "confirm_payment",
            "url": payment.action_url,
            "confirm": f"/api/v1/orders/{order.pk}/payment/confirm",
        }
    return {
        "id": order.pk,
        "ref": order.ref,
        "status": order.status,
        "market": order.market_id,
        "currency": order.currency,
        "items_amount": order.items_amount,
        "fee_amount": order.fee_amount,
        "total_amount": order.total_amount,
        "created_at": _ts(order.created_at),
        "reserved_until": _ts(order.reserved_until),
        "paid_at": _ts(order.paid_at),
        "shipping_address": order.shipping_address,
        "payment": None
        if payment is None
        else {
            "provider": payment.provider,
            "status": payment.status,
            "card_last4": payment.card_last4 or None,
            "decline_code": payment.decline_code or None,
            "refunded_amount": payment.refunded_amount,
        },
        "next_action": next_action,
        "fulfilments": [
            {
                "id": f["id"],
                "seller_id": f["seller"].pk,
                "seller_name": f["seller"].display_name,
                "lines": [line_out(ln) for ln in f["lines"]],
            }
            for f in selectors.fulfilments_of(order)
        ],
    }
