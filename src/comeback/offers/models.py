"""Offers: a seller's listing of a variant, in one market and one grade (DESIGN.md §2, §4)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from comeback.core.money import Money


class Grade(models.TextChoices):
    # Cosmetic grades; every grade is 100% functional (DESIGN.md §2 Grades).
    PREMIUM = "premium", _("Premium")
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")


GRADE_ORDER = [Grade.PREMIUM, Grade.EXCELLENT, Grade.GOOD, Grade.FAIR]
PREMIUM_BATTERY_MIN = 90  # DESIGN.md §2: Premium = battery ≥ 90% at delivery


class OfferStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Offer(models.Model):
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="offers")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.PROTECT, related_name="offers")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="offers")
    grade = models.CharField(max_length=10, choices=Grade.choices)
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
            models.CheckConstraint(condition=models.Q(grade__in=[g.value for g in Grade]), name="offer_grade_valid"),
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
