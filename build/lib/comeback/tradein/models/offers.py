"""Buyback offers: what a refurbisher pays for a model, storage and tier in a market, and the weekly
capacity the quotes hold."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money

from .grades import Tier

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
