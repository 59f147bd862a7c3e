"""Orders, their fulfilments (one per seller) and their lines (one unit each)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import choice_values
from comeback.core.money import Money


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
