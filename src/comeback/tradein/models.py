"""Trade-in (buyback): refurbishers' buyback offers, customers' quotes and trade-in orders, inspection
evidence, data-wipe certificates, routes, payouts and the partner channels (docs/design.md §2 "Trade-in
(buyback)", "Where collected devices go").

The trade-in's process (who may move it where, and the deadlines derived from time) is in processes.py;
this module holds the data and the invariants the database itself enforces.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import AppendOnly, valid_choice
from comeback.core.money import Money

# Condition -----------------------------------------------------------------------------------------


class Tier(models.TextChoices):
    """Condition tiers a buyback offer prices; derived from the questionnaire (conditions.py)."""

    FLAWLESS = "flawless", _("Flawless")
    GOOD = "good", _("Good")
    USED = "used", _("Used")
    BROKEN = "broken", _("Broken")


TIER_ORDER = [Tier.FLAWLESS, Tier.GOOD, Tier.USED, Tier.BROKEN]  # best first


class Screen(models.TextChoices):
    FLAWLESS = "flawless", _("Flawless")
    SCRATCHES = "scratches", _("Scratches")
    CRACKED = "cracked", _("Cracked")


class Body(models.TextChoices):
    FLAWLESS = "flawless", _("Flawless")
    SCRATCHES = "scratches", _("Scratches")
    DENTS = "dents", _("Dents")


# The garment questionnaire's answers (garments.py maps them to a tier).


class GarmentCondition(models.TextChoices):
    NEW_WITH_TAGS = "new_with_tags", _("New with tags, never worn")
    LIKE_NEW = "like_new", _("Like new: worn a few times, no sign of wear")
    VERY_GOOD = "very_good", _("Very good: light signs of wear")
    GOOD = "good", _("Good: visible wear, still presentable")
    WORN = "worn", _("Worn: faded, stretched or misshapen")


class Stains(models.TextChoices):
    NONE = "none", _("None")
    MINOR = "minor", _("Small, hardly visible")
    MAJOR = "major", _("Visible stains")


class Holes(models.TextChoices):
    NONE = "none", _("None")
    SMALL = "small", _("Small hole or loose seam")
    LARGE = "large", _("Tear or large hole")


class Pilling(models.TextChoices):
    NONE = "none", _("None")
    LIGHT = "light", _("A little")
    HEAVY = "heavy", _("A lot")


# Buyback offers ------------------------------------------------------------------------------------


class BuybackStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class BuybackOffer(models.Model):
    """What a refurbisher pays for a model (and storage) in one condition tier and market, up to a weekly
    number of devices. `storage_gb = 0` prices every storage of the model (or a model without storage)."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="buyback_offers")
    product = models.ForeignKey(
        "catalog.ProductModel", on_delete=models.PROTECT, related_name="buyback_offers"
    )
    storage_gb = models.PositiveIntegerField(default=0, help_text=_("0 = every storage"))
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="buyback_offers")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    price_amount = models.BigIntegerField(help_text=_("Minor units of currency"))
    currency = models.CharField(max_length=3)
    weekly_capacity = models.PositiveIntegerField(
        help_text=_("Devices accepted per week (Monday–Sunday, market time)")
    )
    status = models.CharField(max_length=10, choices=BuybackStatus.choices, default=BuybackStatus.ACTIVE)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["product", "market", "tier", "status"], name="buyback_slot"),
            models.Index(fields=["seller", "status"], name="buyback_seller_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="buyback_price_positive"),
            models.CheckConstraint(condition=Q(weekly_capacity__gte=1), name="buyback_capacity_positive"),
            models.CheckConstraint(condition=valid_choice("tier", Tier), name="buyback_tier_valid"),
            models.CheckConstraint(
                condition=valid_choice("status", BuybackStatus), name="buyback_status_valid"
            ),
            models.UniqueConstraint(
                fields=["seller", "product", "storage_gb", "market", "tier"],
                condition=~Q(status="withdrawn"),
                name="buyback_one_live_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"Buyback {self.pk}: {self.product_id}/{self.storage_gb} {self.tier} {self.market_id}"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


# Partners --------------------------------------------------------------------------------------------


class PartnerKind(models.TextChoices):
    BRAND = "brand", _("Brand programme")
    RETAIL = "retail", _("Retail network")


class Partner(models.Model):
    """A brand running its official trade-in on Comeback, or a retail network trading in at its stores."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=PartnerKind.choices)
    tagline = models.CharField(max_length=200, blank=True)
    logo_text = models.CharField(max_length=40, help_text=_("Word mark shown on the landing page"))
    colour_primary = models.CharField(max_length=7, default="#0b6a55", help_text="#rrggbb")
    colour_on_primary = models.CharField(max_length=7, default="#ffffff", help_text="#rrggbb")
    bonus_bps = models.PositiveIntegerField(
        default=0, help_text=_("Bonus on top of the quote, paid by the brand")
    )
    commission_bps = models.PositiveIntegerField(
        default=0, help_text=_("Commission earned per paid trade-in")
    )
    brand = models.ForeignKey(
        "catalog.Brand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        help_text=_("A brand programme's own brand: its members upload the official photos of its models"),
    )
    eligible_models = models.ManyToManyField(
        "catalog.ProductModel", blank=True, related_name="tradein_partners", help_text=_("Empty: every model")
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(bonus_bps__lte=5000), name="partner_bonus_max_50pct"),
            models.CheckConstraint(
                condition=Q(commission_bps__lte=5000), name="partner_commission_max_50pct"
            ),
            models.CheckConstraint(condition=valid_choice("kind", PartnerKind), name="partner_kind_valid"),
            models.CheckConstraint(
                condition=Q(colour_primary__regex=r"^#[0-9a-fA-F]{6}$")
                & Q(colour_on_primary__regex=r"^#[0-9a-fA-F]{6}$"),
                name="partner_colours_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Store(models.Model):
    """One of a retail partner's stores: a drop-off point and a counter where staff trade in on the spot."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="stores")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=120)
    address = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    city = models.CharField(max_length=80)
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    commission_bps = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Overrides the partner's")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["partner_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "code"], name="store_code_per_partner"),
            models.CheckConstraint(
                condition=Q(latitude__gte=-90) & Q(latitude__lte=90), name="store_latitude"
            ),
            models.CheckConstraint(
                condition=Q(longitude__gte=-180) & Q(longitude__lte=180), name="store_longitude"
            ),
            models.CheckConstraint(
                condition=Q(commission_bps__isnull=True) | Q(commission_bps__lte=5000),
                name="store_commission_max_50pct",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PartnerMember(models.Model):
    """A user working for a partner: at headquarters (store empty: every store) or at one store."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="members")
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="members")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["partner_id", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "partner"], name="partner_member_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.store or self.partner}"


class PartnerToken(models.Model):
    """A partner API bearer token (hashed at rest, shown once); a store token sees only its store."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="tokens")
    store = models.ForeignKey(Store, null=True, blank=True, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=100, default="api")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.partner})"


class BuybackCapacity(models.Model):
    """How much of a buyback offer's weekly capacity the quotes issued in one week hold (docs/trade-in.md
    "Capacity"). A quote takes one place with a conditional increment (`reserved < weekly_capacity`), so
    racing quotes can never overshoot; the trade-in accepted from it uses the place its quote took."""

    buyback_offer = models.ForeignKey(BuybackOffer, on_delete=models.CASCADE, related_name="capacity_weeks")
    week_start = models.DateTimeField(help_text=_("Monday 00:00 in the market's timezone"))
    reserved = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyback_offer", "week_start"], name="buyback_capacity_once"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="buyback_capacity_reserved_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.buyback_offer_id} week of {self.week_start:%Y-%m-%d}: {self.reserved}"


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


class CounterReason(models.TextChoices):
    """Defects the customer could have seen: the only grounds for a counter-offer (docs/design.md §2)."""

    DOES_NOT_POWER_ON = "does_not_power_on", _("The device does not power on (declared as powering on)")
    SCREEN_UNDECLARED = "screen_damage_undeclared", _("Screen cracked or scratched, declared better")
    BODY_UNDECLARED = "body_damage_undeclared", _("Dents or scratches on the body, declared better")
    FUNCTION_FAULTY = "function_faulty", _("A function does not work (declared all working)")
    ACCOUNT_LOCKED = "account_locked", _("An account (iCloud / Google) is still locked on it")
    DIFFERENT_MODEL = "different_model", _("A different model or storage than quoted")
    # A garment's (garments.py): each only when the customer declared better.
    STAINS_UNDECLARED = "stains_undeclared", _("Stains, declared fewer or none")
    HOLES_UNDECLARED = "holes_undeclared", _("Holes or tears, declared smaller or none")
    PILLING_UNDECLARED = "pilling_undeclared", _("Pilling, declared less or none")
    CONDITION_UNDECLARED = "condition_worse", _("More worn than the condition declared")
    LABEL_MISSING = "brand_label_missing", _("The brand label is missing (declared present)")


class CounterDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for the customer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused: device returned")
    LAPSED = "lapsed", _("No answer in time: device returned")


class CounterOffer(models.Model):
    tradein = models.OneToOneField(TradeIn, on_delete=models.CASCADE, related_name="counter_offer")
    reason = models.CharField(max_length=30, choices=CounterReason.choices)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    decision = models.CharField(
        max_length=10, choices=CounterDecision.choices, default=CounterDecision.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("reason", CounterReason), name="counter_reason_valid"
            ),
            models.CheckConstraint(
                condition=valid_choice("decision", CounterDecision), name="counter_decision_valid"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="counter_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Counter-offer on {self.tradein_id}: {self.reason}"


class EvidencePhoto(models.Model):
    """A photo proving a counter-offer's reason; checked by content (JPEG, PNG or WebP), not by name."""

    counter_offer = models.ForeignKey(CounterOffer, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="tradein/evidence/%Y/%m/")
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of counter-offer {self.counter_offer_id}"


class WipeMethod(models.TextChoices):
    """NIST SP 800-88 Rev. 2 sanitization methods."""

    CLEAR = "clear", _("Clear")
    PURGE = "purge", _("Purge")
    DESTROY = "destroy", _("Destroy")


class Verification(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class WipeCertificate(models.Model):
    """The record that the customer's data was sanitized (NIST SP 800-88 Rev. 2); required before payout."""

    tradein = models.OneToOneField(TradeIn, on_delete=models.PROTECT, related_name="wipe_certificate")
    ref = models.CharField(max_length=20, unique=True)
    method = models.CharField(max_length=10, choices=WipeMethod.choices)
    technique = models.CharField(
        max_length=200, help_text=_("e.g. cryptographic erase, factory reset + overwrite")
    )
    tool = models.CharField(max_length=100)
    tool_version = models.CharField(max_length=40)
    operator_name = models.CharField(max_length=120)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    verification = models.CharField(max_length=10, choices=Verification.choices)
    verification_method = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=valid_choice("method", WipeMethod), name="wipe_method_valid"),
            models.CheckConstraint(
                condition=valid_choice("verification", Verification), name="wipe_verification_valid"
            ),
            models.CheckConstraint(condition=Q(ended_at__gte=F("started_at")), name="wipe_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.ref


class Route(models.TextChoices):
    """Where a collected device goes (docs/design.md §2 "Where collected devices go"); routes.py decides."""

    RESELL = "resell", _("Resell as is")
    REFURBISH = "refurbish", _("Refurbish, then resell")
    HARVEST = "harvest", _("Harvest for spare parts")
    UPCYCLE = "upcycle", _("Upcycle (creative collections)")
    RECYCLE = "recycle", _("Recycle with a certified recycler")
    REPAIR = "repair", _("Repair, then resell (a garment)")
    HELD = "held", _("Held for its owner or the police (on a block list)")


class HeldOutcome(models.TextChoices):
    """What staff decide for a held device (docs/trust.md "Stolen and blocked units")."""

    RETURN_TO_OWNER = "return_to_owner", _("Returned to its rightful owner")
    HAND_TO_POLICE = "hand_to_police", _("Handed to the police")
    RETURN_TO_SENDER = "return_to_sender", _("Sent back to the customer (block lifted)")


class DeviceRoute(models.Model):
    """The route a trade-in's device takes: the rule's choice, and the refurbisher's override if any."""

    tradein = models.OneToOneField(TradeIn, on_delete=models.CASCADE, related_name="route")
    route = models.CharField(max_length=10, choices=Route.choices)
    rule_route = models.CharField(max_length=10, choices=Route.choices)
    rule_reason = models.CharField(max_length=300)
    overridden = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=300, blank=True)
    recycler = models.CharField(max_length=120, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A held device (on a block list): kept until staff decide where it goes, with their record.
    held_outcome = models.CharField(max_length=20, choices=HeldOutcome.choices, blank=True)
    held_note = models.TextField(blank=True)
    held_decided_at = models.DateTimeField(null=True, blank=True)
    held_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("route", Route) & valid_choice("rule_route", Route),
                name="device_route_valid",
            ),
            models.CheckConstraint(
                condition=Q(held_outcome="") | (Q(route="held") & Q(held_decided_at__isnull=False)),
                name="device_route_held_outcome_recorded",
            ),
            # Nothing is silently discarded: a recycled device records its weight.
            models.CheckConstraint(
                condition=~Q(route="recycle") | Q(weight_grams__isnull=False),
                name="device_route_recycle_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tradein_id} → {self.route}"


class BlockedDevice(models.Model):
    """The demo's local block list (blocklist.LocalBlocklist): IMEIs or serials reported lost or stolen."""

    identifier = models.CharField(max_length=40, unique=True)
    reason = models.CharField(max_length=200, default="reported lost or stolen")
    source = models.CharField(max_length=80, default="local")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return self.identifier


# Money out -------------------------------------------------------------------------------------------


class PayoutStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, will retry")


class TradeInPayout(models.Model):
    """The one transfer of a trade-in's money to the customer's bank account (idempotent by construction:
    one row per trade-in, one idempotency key sent to the provider on every attempt)."""

    tradein = models.OneToOneField(TradeIn, on_delete=models.PROTECT, related_name="payout")
    amount = models.BigIntegerField(help_text=_("The agreed price plus any partner bonus"))
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    provider = models.CharField(max_length=20)
    idempotency_key = models.CharField(max_length=80, unique=True)
    transfer_id = models.CharField(max_length=80, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="tradein_payout_positive"),
            models.CheckConstraint(
                condition=valid_choice("status", PayoutStatus), name="tradein_payout_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="tradein_payout_sent_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Payout of {self.tradein_id}"


class LedgerEntry(AppendOnly, models.Model):
    """Trade-in money, double entry: each event's entries sum to zero (ledger.py has the postings)."""

    account = models.CharField(max_length=40)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=12)
    tradein = models.ForeignKey(TradeIn, on_delete=models.PROTECT, related_name="ledger_entries")
    payout = models.ForeignKey(TradeInPayout, on_delete=models.PROTECT, related_name="entries")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["account", "currency"], name="tradein_ledger_account")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d} {self.currency}"
