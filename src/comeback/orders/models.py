"""Buying: carts, orders split into one fulfilment per seller, lines (one unit each), payments, refunds,
returns, reviews, an append-only ledger and payouts (docs/design.md §2 Orders, Returns).

Invariants live here as CHECK constraints so a racing write can never break them on SQLite or
PostgreSQL; the rules that move things live in services/ and processes.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import AppendOnly, choice_values
from comeback.core.money import Money

MAX_ITEM_QUANTITY = 10  # units of one offer per cart item: a shop, not a wholesaler


# Cart -------------------------------------------------------------------------------------------
class Cart(models.Model):
    """One cart per buyer and market (offers are per market, so are prices and currencies)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="carts")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "market"], name="cart_one_per_user_market")]

    def __str__(self) -> str:
        return f"Cart {self.user_id}/{self.market_id}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey("offers.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveSmallIntegerField(default=1)
    added_at = models.DateTimeField(auto_now_add=True)
    # A customisation: this add-on (a new strap, a case) goes with that item, one per unit of it, in the same
    # parcel (docs/fashion.md "Customisation"; orders/services/customise.py checks fit, seller and stock).
    attached_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="addons"
    )

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="cart_item_one_per_offer"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_ITEM_QUANTITY),
                name="cart_item_quantity_range",
            ),
            models.CheckConstraint(
                condition=Q(attached_to__isnull=True) | ~Q(attached_to=F("id")),
                name="cart_item_not_own_addon",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × offer {self.offer_id}"


# Orders -----------------------------------------------------------------------------------------
class OrderStatus(models.TextChoices):
    """The payment side of an order; each line then follows its own process (processes.py)."""

    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAID = "paid", _("Paid")
    PAYMENT_FAILED = "payment_failed", _("Payment failed")
    EXPIRED = "expired", _("Reservation expired")


class Order(models.Model):
    ref = models.CharField(max_length=20, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT
    )
    items_amount = models.BigIntegerField()
    fee_amount = models.BigIntegerField(default=0)
    total_amount = models.BigIntegerField()
    fee_bps = models.PositiveSmallIntegerField(default=0)
    commission_bps = models.PositiveSmallIntegerField(default=1000)
    shipping_address = models.JSONField(default=dict)
    idempotency_key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    reserved_until = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "reserved_until"], name="order_status_reserved")]
        constraints = [
            # Checkout is idempotent per buyer and key: a replay can never create a second order.
            models.UniqueConstraint(fields=["buyer", "idempotency_key"], name="order_idempotency_key"),
            models.CheckConstraint(
                condition=Q(total_amount=F("items_amount") + F("fee_amount")), name="order_total"
            ),
            models.CheckConstraint(
                condition=Q(items_amount__gt=0) & Q(fee_amount__gte=0), name="order_amounts"
            ),
            # docs/design.md §2 Orders: the buyer service fee is capped at 2% of the basket.
            models.CheckConstraint(
                condition=Q(fee_amount__lte=F("items_amount") / 50), name="order_fee_cap_2pct"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(OrderStatus)), name="order_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def total(self) -> Money:
        return Money(self.total_amount, self.currency)

    @property
    def items(self) -> Money:
        return Money(self.items_amount, self.currency)

    @property
    def fee(self) -> Money:
        return Money(self.fee_amount, self.currency)


class Fulfilment(models.Model):
    """The part of an order one seller ships."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fulfilments")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="fulfilments")
    items_amount = models.BigIntegerField()
    commission_amount = models.BigIntegerField()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["order", "seller"], name="fulfilment_one_per_seller")]

    def __str__(self) -> str:
        return f"Fulfilment {self.pk} (order {self.order_id}, seller {self.seller_id})"


class LineStatus(models.TextChoices):
    # docs/design.md §2 Orders: paid → accepted → shipped → delivered → completed; or cancelled / refunded.
    # `reserved` and `released` are the checkout's before-payment states.
    RESERVED = "reserved", _("Awaiting payment")
    RELEASED = "released", _("Not paid")
    PAID = "paid", _("Paid")
    ACCEPTED = "accepted", _("Accepted")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class OrderLine(models.Model):
    """One unit of one offer: the thing a seller ships with one IMEI/serial and a buyer returns or reviews."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    fulfilment = models.ForeignKey(Fulfilment, on_delete=models.CASCADE, related_name="lines")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="order_lines")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="order_lines")
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="order_lines")
    title = models.CharField(max_length=250)
    variant_label = models.CharField(max_length=120, blank=True)
    grade = models.CharField(max_length=16)  # any condition scheme's code ("new_with_tags")
    price_amount = models.BigIntegerField()
    fee_amount = models.BigIntegerField(default=0, help_text=_("This line's share of the buyer service fee."))
    commission_amount = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    warranty_months = models.PositiveSmallIntegerField(default=12)
    # Months added to the legal guarantee when the buyer chose repair as a remedy (Directive (EU) 2024/1799
    # Art. 16, amending 2019/771 Art. 10): written by orders.services.guarantee only.
    legal_guarantee_extension_months = models.PositiveSmallIntegerField(
        default=0, db_default=0
    )  # checkout inserts in SQL
    handling_days = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=LineStatus.choices, default=LineStatus.RESERVED)
    paid_at = models.DateTimeField(null=True, blank=True)
    accept_by = models.DateTimeField(null=True, blank=True)
    ship_by = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(max_length=10, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    delivered_by = models.CharField(max_length=10, blank=True)
    tracking_number = models.CharField(max_length=64, blank=True)
    carrier = models.CharField(max_length=40, blank=True)
    imei = models.CharField(max_length=15, blank=True)
    serial = models.CharField(max_length=64, blank=True)
    # False when the shipped unit has no IMEI or maker's serial to name (a garment: its category's condition
    # scheme says, docs/fashion.md); set by the shipping service, never by a form.
    unit_identified = models.BooleanField(default=True, db_default=True)
    payout = models.ForeignKey(
        "Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    # The main unit this add-on line customises: shipped in its parcel, recorded on its passport.
    attached_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="addons"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="line_seller_status"),
            models.Index(fields=["status", "shipped_at"], name="line_status_shipped"),
            models.Index(fields=["status", "delivered_at"], name="line_status_delivered"),
            models.Index(fields=["product", "status"], name="line_product_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="line_price_positive"),
            models.CheckConstraint(
                condition=Q(commission_amount__gte=0) & Q(commission_amount__lte=F("price_amount")),
                name="line_commission_range",
            ),
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="line_fee_non_negative"),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(LineStatus)), name="line_status_valid"
            ),
            # A shipped unit always names itself and its parcel; an add-on travels in its main unit's parcel
            # and is known by it (a strap has no serial number); a garment has neither IMEI nor serial.
            models.CheckConstraint(
                condition=Q(shipped_at__isnull=True)
                | (
                    ~Q(tracking_number="")
                    & (~Q(imei="") | ~Q(serial="") | Q(attached_to__isnull=False) | Q(unit_identified=False))
                ),
                name="line_shipped_identified",
            ),
            models.CheckConstraint(
                condition=Q(attached_to__isnull=True) | ~Q(attached_to=F("id")), name="line_not_own_addon"
            ),
        ]

    def __str__(self) -> str:
        return f"Line {self.pk} ({self.status})"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def net_amount(self) -> int:
        """What the seller earns for this unit: price minus commission."""
        return self.price_amount - self.commission_amount

    @property
    def paid_amount(self) -> int:
        """What the buyer paid for this unit: price plus its share of the service fee."""
        return self.price_amount + self.fee_amount


# Payments ---------------------------------------------------------------------------------------
class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REQUIRES_ACTION = "requires_action", _("Needs confirmation")
    AUTHORIZED = "authorized", _("Authorized")
    CAPTURED = "captured", _("Captured")
    DECLINED = "declined", _("Declined")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    """The buyer's one payment for an order. Refunds always go back to it (docs/design.md §2 Returns)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(max_length=20)
    provider_ref = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    refunded_amount = models.BigIntegerField(default=0)
    card_last4 = models.CharField(max_length=4, blank=True)
    decline_code = models.CharField(max_length=60, blank=True)
    action_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("amount")),
                name="payment_refund_le_amount",
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(PaymentStatus)), name="payment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.provider}:{self.provider_ref or self.pk} ({self.status})"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed, retrying")


class Refund(models.Model):
    """Money going back to the original payment. Recorded in the ledger first, sent to the provider after
    commit with an idempotency key, retried by a task until the provider confirms."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="refund")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    provider_ref = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"Refund {self.pk} of line {self.line_id} ({self.status})"


# Returns and reviews ----------------------------------------------------------------------------
class ReturnReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("Changed my mind")
    DEFECT = "defect", _("Defect")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    WRONG_GRADE = "wrong_grade", _("Wrong grade")
    TRANSIT_DAMAGE = "transit_damage", _("Damaged in transit")


# Reasons that count as the seller's quality defect (docs/design.md §2 Quality: defect rate).
DEFECT_REASONS = (ReturnReason.DEFECT, ReturnReason.WRONG_GRADE)


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received by the seller")
    REFUNDED = "refunded", _("Refunded")


class ReturnQuerySet(models.QuerySet):
    def escalated(self, at: datetime):
        """Returns whose seller missed a deadline: the staff queue (derived from time, never stored)."""
        return self.filter(
            Q(status=ReturnStatus.REQUESTED, receive_due_at__lte=at)
            | Q(status=ReturnStatus.RECEIVED, refund_due_at__lte=at)
        )

    def open(self):
        return self.filter(status__in=(ReturnStatus.REQUESTED, ReturnStatus.RECEIVED))


class Return(models.Model):
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="return_request")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="returns")
    reason = models.CharField(max_length=20, choices=ReturnReason.choices)
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    requested_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.CharField(max_length=8, blank=True)
    # The prepaid label issued with the return (services/return_labels.py), and the parcel's journey.
    label_carrier = models.CharField(max_length=40, blank=True)
    label_tracking = models.CharField(max_length=64, blank=True)
    parcel_delivered_at = models.DateTimeField(null=True, blank=True)
    # The seller's deadlines (docs/design.md §2 Returns), fixed when the fact that starts them is recorded:
    # receipt within 3 business days of the parcel's delivery, refund within 2 business days of receipt.
    # Escalation is derived from them (ReturnQuerySet.escalated), never stored.
    receive_due_at = models.DateTimeField(null=True, blank=True)
    refund_due_at = models.DateTimeField(null=True, blank=True)
    # A claim this return settled (one remedy, not two): its public reference.
    settled_claim_ref = models.CharField(max_length=20, blank=True)
    # A staff step on an escalated return (receipt or refund in the seller's stead), audited with its reason.
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_reason = models.TextField(blank=True)
    staff_acted_at = models.DateTimeField(null=True, blank=True)
    # Idempotency of the escalation notices (one per missed deadline).
    receipt_escalation_notified_at = models.DateTimeField(null=True, blank=True)
    refund_escalation_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="return_seller_status"),
            models.Index(fields=["label_tracking"], name="return_label_tracking"),
            models.Index(fields=["status", "receive_due_at"], name="return_status_receive_due"),
            models.Index(fields=["status", "refund_due_at"], name="return_status_refund_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=choice_values(ReturnReason)), name="return_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(ReturnStatus)), name="return_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Return {self.pk} of line {self.line_id} ({self.status})"

    def escalation(self, at: datetime) -> str:
        """ "" | "receipt" | "refund": which of the seller's deadlines this return missed, as of `at`."""
        if self.status == ReturnStatus.REQUESTED and self.receive_due_at and self.receive_due_at <= at:
            return "receipt"
        if self.status == ReturnStatus.RECEIVED and self.refund_due_at and self.refund_due_at <= at:
            return "refund"
        return ""

    @property
    def receive_by(self) -> datetime | None:
        """The receipt deadline as people read it (the stored one is exclusive)."""
        return self.receive_due_at - timedelta(minutes=1) if self.receive_due_at else None

    @property
    def refund_by(self) -> datetime | None:
        return self.refund_due_at - timedelta(minutes=1) if self.refund_due_at else None


class Review(models.Model):
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="review")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="reviews")
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="reviews")
    stars = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["product", "-created_at"], name="review_product_recent"),
            models.Index(fields=["seller", "-created_at"], name="review_seller_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="review_stars_1_5")
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ on line {self.line_id}"


# Ledger and payouts -----------------------------------------------------------------------------
class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")
    PAYOUT = "payout", _("Payout")
    HOLDBACK = "holdback", _("Payout holdback")
    RETURNED = "returned", _("Payout returned by the bank")


class LedgerEntry(AppendOnly, models.Model):
    """Append-only double entry: every event's entries sum to zero, hence every order's do too.

    Accounts: `buyer_payments` (money in from buyers, negative), `refunds` (money back to buyers,
    positive), `payouts` (money out to sellers, positive), `platform_fees`, `platform_commission`,
    and `seller:<id>` (what the platform owes the seller). Holdback entries (a payout withholding what a
    seller owes after refunds of already paid-out lines) belong to a payout, not an order.
    """

    account = models.CharField(max_length=40)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    line = models.ForeignKey(
        OrderLine, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    payout = models.ForeignKey(
        "Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["account", "currency"], name="ledger_account_currency")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d} {self.currency}"


class Payout(models.Model):
    """Money sent to a seller on a payout day for lines delivered long enough ago and not in dispute."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="payouts")
    payout_date = models.DateField()
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField(help_text=_("Sum of the paid-out lines' net amounts."))
    transfer_amount = models.BigIntegerField(
        help_text=_("What is actually wired: the amount less any negative balance from later refunds.")
    )
    created_at = models.DateTimeField()
    returned_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The bank sent the money back; the entries were reversed.")
    )

    class Meta:
        ordering = ["-payout_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "payout_date", "currency"],
                condition=Q(returned_at__isnull=True),
                name="payout_one_per_seller_day",
            ),
            models.CheckConstraint(
                condition=Q(transfer_amount__gte=0) & Q(transfer_amount__lte=F("amount")),
                name="payout_transfer_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Payout {self.payout_date} seller {self.seller_id} {self.amount} {self.currency}"


class SentEmail(models.Model):
    """Idempotency for the emails sent from outbox handlers: one row per (event, recipient)."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
