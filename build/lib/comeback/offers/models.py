"""Offers: a seller's listing of a variant, in one market and one grade (docs/design.md §2, §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from comeback.catalog.conditions import DEFECT_CHOICES, DEFECT_KINDS, DISPLAY_ORDER, defect_label
from comeback.core.money import Money


class Grade(models.TextChoices):
    # Every grade of every condition scheme (catalog/conditions.py); an offer's category decides which of
    # them it may carry. Devices: cosmetic grades, every one 100% functional (docs/design.md §2 Grades).
    PREMIUM = "premium", _("Premium")
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    # Clothing, shoes and bags (docs/fashion.md "Conditions").
    NEW_WITH_TAGS = "new_with_tags", _("New with tags")
    LIKE_NEW = "like_new", _("Like new")
    VERY_GOOD = "very_good", _("Very good")
    # Accessories (straps, cases, chargers) are also sold new (docs/fashion.md "Customisation").
    NEW = "new", _("New")


# Best first across schemes, each scheme's own order kept (catalog/conditions.DISPLAY_ORDER).
GRADE_ORDER = [Grade(code) for code in DISPLAY_ORDER]
PREMIUM_BATTERY_MIN = 90  # docs/design.md §2: Premium = battery ≥ 90% at delivery


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Above its category's threshold a listing waits for an authenticator (authentication.py).
    IN_REVIEW = "in_review", _("Awaiting authentication")


class Offer(models.Model):
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="offers")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="offers")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="offers")
    grade = models.CharField(max_length=16, choices=Grade.choices)
    price_amount = models.BigIntegerField(help_text=_("Minor units of currency"))
    currency = models.CharField(max_length=3)
    quantity = models.IntegerField(default=0)
    battery_health_min = models.PositiveSmallIntegerField(null=True, blank=True)
    warranty_months = models.PositiveSmallIntegerField(default=12)
    handling_days = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["variant", "market", "status"], name="offer_variant_market_status"),
            models.Index(fields=["market", "status", "price_amount"], name="offer_market_status_price"),
            models.Index(fields=["seller", "status"], name="offer_seller_status"),
        ]
        constraints = [
            # Stock is guarded by the database too: a racing decrement can never go below zero.
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="offer_quantity_non_negative"),
            models.CheckConstraint(condition=models.Q(price_amount__gt=0), name="offer_price_positive"),
            models.CheckConstraint(
                condition=models.Q(battery_health_min__isnull=True) | models.Q(battery_health_min__lte=100),
                name="offer_battery_pct",
            ),
            models.CheckConstraint(condition=models.Q(warranty_months__gte=12), name="offer_warranty_min_12"),
            models.CheckConstraint(
                condition=models.Q(grade__in=[g.value for g in Grade]), name="offer_grade_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in OfferStatus]), name="offer_status_valid"
            ),
            # One live listing per seller, variant, market and grade: update it instead of duplicating.
            models.UniqueConstraint(
                fields=["seller", "variant", "market", "grade"],
                condition=~models.Q(status="withdrawn"),
                name="offer_one_live_per_seller_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk}: {self.variant} {self.grade} {self.market_id}"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


class OfferPhoto(models.Model):
    """A photo of the very unit an offer sells, taken by its seller (docs/storefront.md "Photos").

    Stored through Django's storage API in several widths, each as WebP and JPEG (`files` maps "640.webp"
    to the stored name); the original upload is not kept, only its re-encoded, metadata-free renditions."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    alt = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A defect this photo discloses (a garment's stain, pilling, repair…), blank for a plain photo of the
    # unit: the offer's defect disclosure is its photos with a defect (docs/fashion.md "Defects").
    defect = models.CharField(
        _("defect shown"), max_length=12, blank=True, default="", choices=DEFECT_CHOICES
    )
    defect_note = models.CharField(_("defect note"), max_length=200, blank=True, default="")
    files = models.JSONField(default=dict)
    uploaded_at = models.DateTimeField()
    # A passport's grading report names it (photos.keep_for_passport): it is evidence of how the unit was
    # sold, so deleting it from the listing retires it (hidden from the listing, still served) instead.
    in_passport = models.BooleanField(default=False)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [
            models.Index(fields=["offer", "position"], name="offerphoto_offer_position"),
            # A passport's grading report names its unit photos by content (passports/selectors.py).
            models.Index(fields=["sha256"], name="offerphoto_sha256"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(defect="") | models.Q(defect__in=DEFECT_KINDS),
                name="offerphoto_defect_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(retired_at__isnull=True) | models.Q(in_passport=True),
                name="offerphoto_retired_only_in_passport",
            ),
        ]

    def __str__(self) -> str:
        return f"Photo {self.pk} of offer {self.offer_id}"

    @property
    def defect_label(self) -> str:
        return defect_label(self.defect) if self.defect else ""

    def widths(self) -> list[int]:
        return sorted({int(key.split(".")[0]) for key in self.files})


class AuthenticationThreshold(models.Model):
    """From which price a category's listings need authentication before they are published (docs/trust.md §5).
    Data, not code: staff edit them in the admin; a category matches by its slug or an ancestor's."""

    category_slug = models.SlugField(_("category slug"), max_length=80)
    currency = models.CharField(max_length=3)
    min_price_amount = models.BigIntegerField(_("from price (minor units)"))

    class Meta:
        ordering = ["category_slug", "currency"]
        constraints = [
            models.UniqueConstraint(
                fields=["category_slug", "currency"], name="auth_threshold_one_per_currency"
            ),
            models.CheckConstraint(
                condition=models.Q(min_price_amount__gt=0), name="auth_threshold_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_slug} ≥ {self.min_price_amount} {self.currency}"


class AuthenticationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting authentication")
    AUTHENTICATED = "authenticated", _("Authenticated")
    REFUSED = "refused", _("Refused")


class Authentication(models.Model):
    """An authenticator's verdict on one listing: evidence photos, the result and its reasons."""

    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="authentication")
    status = models.CharField(
        max_length=14, choices=AuthenticationStatus.choices, default=AuthenticationStatus.PENDING
    )
    threshold_amount = models.BigIntegerField(help_text=_("The threshold the price reached."))
    requested_at = models.DateTimeField()
    authenticator = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    checked = models.JSONField(default=list, blank=True, help_text=_("What was examined: stitching, serial…"))

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=AuthenticationStatus.values), name="authentication_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending")
                | (
                    models.Q(decided_at__isnull=False)
                    & models.Q(authenticator__isnull=False)
                    & ~models.Q(reasons="")
                ),
                name="authentication_decided_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"authentication of offer {self.offer_id}: {self.status}"


class AuthenticationPhoto(models.Model):
    """An evidence photo the authenticator took (core.images gate and renditions, like listing photos)."""

    authentication = models.ForeignKey(Authentication, on_delete=models.CASCADE, related_name="photos")
    position = models.PositiveSmallIntegerField(default=0)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    files = models.JSONField(default=dict)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"evidence {self.pk} of authentication {self.authentication_id}"

    def widths(self) -> list[int]:
        return sorted({int(key.split(".")[0]) for key in self.files})
