"""API shapes of buying: checkout, orders and their lines, returns and reviews (the cart's are in buyer.py).
Money is an integer in minor units beside an ISO 4217 `currency` (docs/design.md §4)."""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Field, Schema

from comeback.core import clock, site
from comeback.core.paging import PageOut
from comeback.core.schemas import BlankAsNull, MarketCode, Stamp, bounded, filled, one_of
from comeback.core.text import Text

from .. import selectors, warranty
from ..models import Order, OrderLine, Return, ReturnReason, Review


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

    @staticmethod
    def resolve_carrier(ret: Return) -> str:
        return ret.label_carrier

    @staticmethod
    def resolve_tracking_number(ret: Return) -> str:
        return ret.label_tracking

    @staticmethod
    def resolve_url(ret: Return) -> str:
        return site.absolute(reverse("orders:return_label", args=[ret.pk]))

    @staticmethod
    def resolve_instructions(ret: Return) -> list[str]:
        from ..services import return_labels

        return return_labels.instructions(carrier=ret.label_carrier)


class ReturnOut(Schema):
    id: int
    line_id: int
    order_id: int
    reason: str
    status: str
    comment: str
    requested_at: Stamp
    received_at: Stamp
    refunded_at: Stamp
    label: ReturnLabelOut | None = Field(None, description="The prepaid return label (none on older returns)")
    parcel_delivered_at: Stamp = None
    receive_due_at: Stamp = Field(
        None,
        description="Exclusive deadline for the seller to confirm receipt (3 business days after delivery)",
    )
    refund_due_at: Stamp = Field(
        None, description="Exclusive deadline for the seller to refund (2 business days after receipt)"
    )
    escalated: str = Field("", description='"" | "receipt" | "refund": the deadline the seller missed')
    settled_claim: str = Field("", description="The warranty claim this return settled (one remedy, not two)")
    refunded_by: str = ""

    @staticmethod
    def resolve_label(ret: Return) -> Return | None:
        return ret if ret.label_tracking else None

    @staticmethod
    def resolve_escalated(ret: Return) -> str:
        return ret.escalation(clock.now())

    @staticmethod
    def resolve_settled_claim(ret: Return) -> str:
        return ret.settled_claim_ref


class ReviewOut(Schema):
    id: int
    line_id: int
    stars: int
    comment: str
    created_at: Stamp


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
    paid_at: Stamp
    accept_by: Stamp
    ship_by: Stamp
    accepted_at: Stamp
    shipped_at: Stamp
    delivered_at: Stamp
    completed_at: Stamp
    cancelled_at: Stamp
    cancelled_by: BlankAsNull
    refunded_at: Stamp
    tracking_number: BlankAsNull
    carrier: BlankAsNull
    imei: BlankAsNull
    serial: BlankAsNull
    attached_to: int | None = Field(
        None, description="An add-on's line: the line of the item it customises and ships with"
    )
    review: ReviewOut | None = None
    return_request: ReturnOut | None = None
    warranty: LineWarrantyOut | None = None

    @staticmethod
    def resolve_price(line: OrderLine) -> int:
        return line.price_amount

    @staticmethod
    def resolve_fee(line: OrderLine) -> int:
        return line.fee_amount

    @staticmethod
    def resolve_attached_to(line: OrderLine) -> int | None:
        return line.attached_to_id

    @staticmethod
    def resolve_review(line: OrderLine) -> Review | None:
        return selectors.related(line, "review")

    @staticmethod
    def resolve_return_request(line: OrderLine) -> Return | None:
        return selectors.related(line, "return_request")

    @staticmethod
    def resolve_warranty(line: OrderLine) -> dict | None:
        """Delivered units only: the warranty is what the sale promised, from delivery (orders/warranty.py)."""
        if line.delivered_at is None:
            return None
        found = warranty.for_line(line)
        return found.as_dict() if found.started else None


# A line as its seller sees it: what it earns and where it ships, not the buyer's fee nor review.
class SellerLineOut(LineOut):
    order_ref: str
    commission: int
    net: int
    late: bool
    shipping_address: dict
    buyer_name: str

    @staticmethod
    def resolve_fee(line: OrderLine) -> int:
        return 0

    @staticmethod
    def resolve_review(line: OrderLine) -> None:
        return None

    @staticmethod
    def resolve_order_ref(line: OrderLine) -> str:
        return line.order.ref

    @staticmethod
    def resolve_commission(line: OrderLine) -> int:
        return line.commission_amount

    @staticmethod
    def resolve_net(line: OrderLine) -> int:
        return line.net_amount

    @staticmethod
    def resolve_late(line: OrderLine) -> bool:
        return selectors.is_late(line, clock.now())

    @staticmethod
    def resolve_shipping_address(line: OrderLine) -> dict:
        return line.order.shipping_address

    @staticmethod
    def resolve_buyer_name(line: OrderLine) -> str:
        return line.order.shipping_address.get("name", "")


class SellerLinesOut(PageOut):
    items: list[SellerLineOut]


class PaymentOut(Schema):
    provider: str
    status: str
    card_last4: BlankAsNull
    decline_code: BlankAsNull
    refunded_amount: int


class NextActionOut(Schema):
    type: str
    url: str
    confirm: str


# One seller's part of an order (`selectors.fulfilments_of`).
class FulfilmentOut(Schema):
    id: int
    seller_id: int
    seller_name: str
    lines: list[LineOut]

    @staticmethod
    def resolve_seller_id(group: dict) -> int:
        return group["seller"].pk

    @staticmethod
    def resolve_seller_name(group: dict) -> str:
        return group["seller"].display_name


class OrderOut(Schema):
    id: int
    ref: str
    status: str
    market: str
    currency: str
    items_amount: int
    fee_amount: int
    total_amount: int
    created_at: Stamp
    reserved_until: Stamp
    paid_at: Stamp
    shipping_address: dict
    payment: PaymentOut | None
    next_action: NextActionOut | None
    fulfilments: list[FulfilmentOut]

    @staticmethod
    def resolve_market(order: Order) -> str:
        return order.market_id

    @staticmethod
    def resolve_payment(order: Order):
        return selectors.related(order, "payment")

    @staticmethod
    def resolve_next_action(order: Order) -> dict | None:
        payment = selectors.related(order, "payment")
        if payment is None or payment.status != "requires_action" or order.status != "awaiting_payment":
            return None
        return {
            "type": "confirm_payment",
            "url": payment.action_url,
            "confirm": f"/api/v1/orders/{order.pk}/payment/confirm",
        }

    @staticmethod
    def resolve_fulfilments(order: Order) -> list[dict]:
        return selectors.fulfilments_of(order)


class ReturnsOut(Schema):
    returns: list[ReturnOut]


class CarrierAck(Schema):
    delivered: int
    returns_delivered: int = Field(0, description="Return parcels delivered to their seller")
