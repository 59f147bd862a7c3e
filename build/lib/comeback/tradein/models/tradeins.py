"""Quotes and trade-in orders, with the timeline of their events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money

from .grades import Tier
from .offers import BuybackOffer
from .partners import Partner, Store

# Quotes and trade-ins --------------------------------------------------------------------------------


class Quote(models.Model):
    """An instant price for a model in a declared condition: the best buyback offer with capacity, valid 30
    days (its expiry is a timestamp, so a quote lapses without any job)."""

    ref = models.CharField(max_length=20, unique=True)
    product = models.ForeignKey(
        "catalog.ProductModel", on_delete=models.PROTECT, related_name="tradein_quotes"
    )
    storage_gb = models.PositiveIntegerField(default=0)
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    tier = models.CharField(max_length=10, choices=Tier.choices)
    buyback_offer = models.ForeignKey(BuybackOffer, on_delete=models.PROTECT, related_name="quotes")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="tradein_quotes")
    price_amount = models.BigIntegerField()
    bonus_amount = models.BigIntegerField(default=0, help_text=_("Partner bonus on top, paid by the brand"))
    currency = models.CharField(max_length=3)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes"
    )
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="quotes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tradein_quotes",
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["buyback_offer", "created_at"], name="quote_offer_time")]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="quote_price_positive"),
            models.CheckConstraint(condition=Q(bonus_amount__gte=0), name="quote_bonus_non_negative"),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="quote_expires_after_creation"
            ),
            models.CheckConstraint(condition=valid_choice("tier", Tier), name="quote_tier_valid"),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)

    @property
    def total(self) -> Money:
        return Money(self.price_amount + self.bonus_amount, self.currency)


class TradeInStatus(models.TextChoices):
    AWAITING_SHIPMENT = "awaiting_shipment", _("Awaiting shipment")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", _("Received, being inspected")
    COUNTER_OFFERED = "counter_offered", _("Counter-offer to answer")
    VALIDATED = "validated", _("Validated, payment on its way")
    PAID = "paid", _("Paid")
    RETURNING = "returning", _("Being returned to you")
    RETURNED = "returned", _("Returned")
    LAPSED = "lapsed", _("Lapsed (not shipped in time)")
    CANCELLED = "cancelled", _("Cancelled")
    BLOCKED = "blocked", _("Refused: device on a block list")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online, shipped")
    STORE = "store", _("At a partner store's counter")


class PayoutMethod(models.TextChoices):
    IBAN = "iban", _("Bank account (IBAN)")
    US_ACCOUNT = "us_account", _("US bank account (ABA routing number)")
    JP_ACCOUNT = "jp_account", _("Japanese bank account (Zengin)")


class TradeIn(models.Model):
    """A customer's accepted quote: the device's journey from label to payout (or back)."""

    ref = models.CharField(max_length=20, unique=True)
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="tradein")
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tradeins",
        help_text=_("Empty for a walk-in customer at a store"),
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="tradeins")
    buyback_offer = models.ForeignKey(BuybackOffer, on_delete=models.PROTECT, related_name="tradeins")
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="tradeins")
    storage_gb = models.PositiveIntegerField(default=0)
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    # The questionnaire its category asked when it was quoted: a garment has no IMEI or serial, no data to
    # wipe and no activation lock (garments.py).
    questionnaire = models.CharField(max_length=12, default="device")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="tradeins"
    )
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.PROTECT, related_name="tradeins")
    status = models.CharField(
        max_length=20, choices=TradeInStatus.choices, default=TradeInStatus.AWAITING_SHIPMENT
    )

    currency = models.CharField(max_length=3)
    quoted_amount = models.BigIntegerField()
    counter_amount = models.BigIntegerField(null=True, blank=True)
    final_amount = models.BigIntegerField(
        null=True, blank=True, help_text=_("The agreed price, set on validation")
    )
    bonus_amount = models.BigIntegerField(default=0)
    commission_amount = models.BigIntegerField(default=0)

    # Identity (18+, checked in the market's timezone) and the device
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    date_of_birth = models.DateField()
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=300, blank=True, help_text=_("Where a refused device is returned"))
    imei = models.CharField(max_length=15, blank=True)
    serial = models.CharField(max_length=40, blank=True)

    # Where the money goes: a bank account, never store credit
    payout_method = models.CharField(max_length=12, choices=PayoutMethod.choices)
    account_holder = models.CharField(max_length=120)
    iban = models.CharField(max_length=34, blank=True)
    account_number = models.CharField(max_length=17, blank=True)
    routing_number = models.CharField(max_length=9, blank=True)
    bank_code = models.CharField(max_length=4, blank=True)
    branch_code = models.CharField(max_length=3, blank=True)

    # Shipping there and, after a refused counter-offer, back
    label_ref = models.CharField(max_length=30, blank=True)
    tracking_number = models.CharField(max_length=60, blank=True)
    return_label = models.CharField(max_length=60, blank=True)
    return_tracking = models.CharField(max_length=60, blank=True)

    # Inspection
    inspected_answers = models.JSONField(default=dict, blank=True)
    inspection_notes = models.TextField(blank=True)
    auto_validated = models.BooleanField(default=False)
    activation_lock_off_at = models.DateTimeField(null=True, blank=True)
    block_reason = models.CharField(max_length=200, blank=True)

    # The clock: every deadline is stored when its step starts, every step stamps its time
    accepted_at = models.DateTimeField()
    ship_by = models.DateTimeField()
    shipped_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    inspection_due_at = models.DateTimeField(null=True, blank=True)
    counter_offered_at = models.DateTimeField(null=True, blank=True)
    counter_due_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    payout_due_at = models.DateTimeField(null=True, blank=True)
    payout_overdue_alerted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When staff were told the payment was past its promised time.")
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    returning_at = models.DateTimeField(null=True, blank=True)
    return_due_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    lapsed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    blocked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-accepted_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="tradein_seller_status"),
            models.Index(fields=["buyback_offer", "accepted_at"], name="tradein_offer_week"),
            models.Index(fields=["partner", "store", "accepted_at"], name="tradein_partner_store"),
            models.Index(fields=["status", "ship_by"], name="tradein_status_ship_by"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("status", TradeInStatus), name="tradein_status_valid"
            ),
            models.CheckConstraint(
                condition=valid_choice("payout_method", PayoutMethod), name="tradein_payout_method_valid"
            ),
            models.CheckConstraint(condition=Q(quoted_amount__gt=0), name="tradein_quoted_positive"),
            models.CheckConstraint(
                condition=Q(counter_amount__isnull=True)
                | (Q(counter_amount__gt=0) & Q(counter_amount__lt=F("quoted_amount"))),
                name="tradein_counter_below_quote",
            ),
            models.CheckConstraint(
                condition=Q(final_amount__isnull=True) | Q(final_amount__gt=0), name="tradein_final_positive"
            ),
            models.CheckConstraint(
                condition=Q(bonus_amount__gte=0) & Q(commission_amount__gte=0),
                name="tradein_bonus_commission_non_negative",
            ),
            # Paid means an agreed price, a payout time and the activation lock confirmed off (docs/design.md §2);
            # a garment has no lock.
            models.CheckConstraint(
                condition=~Q(status="paid")
                | (
                    Q(final_amount__isnull=False)
                    & Q(paid_at__isnull=False)
                    & (Q(activation_lock_off_at__isnull=False) | Q(questionnaire="garment"))
                ),
                name="tradein_paid_has_price_and_lock_off",
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(final_amount__isnull=False),
                name="tradein_validated_has_price",
            ),
            models.CheckConstraint(
                condition=~Q(imei="", serial="") | Q(questionnaire="garment"),
                name="tradein_has_device_identifier",
            ),
            models.CheckConstraint(
                condition=Q(questionnaire__in=["device", "garment"]), name="tradein_questionnaire_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def quoted(self) -> Money:
        return Money(self.quoted_amount, self.currency)

    @property
    def agreed(self) -> Money | None:
        return Money(self.final_amount, self.currency) if self.final_amount is not None else None

    @property
    def device_id(self) -> str:
        return self.imei or self.serial


class TradeInEvent(models.Model):
    """One step of a trade-in, for its timeline: append-only."""

    tradein = models.ForeignKey(TradeIn, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30)
    actor = models.CharField(max_length=12)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.tradein_id} {self.kind}"
