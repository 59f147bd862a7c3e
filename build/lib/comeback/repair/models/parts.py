"""Spare parts: the catalogue item, its prices per market, stock per location and every stock movement
(moved only by conditional UPDATEs in services/parts.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice
from comeback.core.money import Money

from .choices import PartSource, PartType
from .locations import Location


class Part(models.Model):
    """A spare part on offer: a type, the models it fits, where it comes from and how fast it can be had.

    A harvested part is one physical item taken from a donor unit, linked to the donor's passport.
    `seller` empty: managed by Comeback (staff); else by that refurbisher.
    """

    sku = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=160)
    part_type = models.CharField(_("part type"), max_length=16, choices=PartType.choices)
    source = models.CharField(_("source"), max_length=12, choices=PartSource.choices)
    compatible_models = models.ManyToManyField("catalog.ProductModel", related_name="spare_parts", blank=True)
    donor_passport = models.ForeignKey(
        "passports.Passport", null=True, blank=True, on_delete=models.PROTECT, related_name="harvested_parts"
    )
    seller = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.PROTECT, related_name="spare_parts"
    )
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (working days)"), default=5)
    notes = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["part_type", "name"]
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("part_type", PartType), name="repair_part_type_valid"
            ),
            models.CheckConstraint(
                condition=valid_choice("source", PartSource), name="repair_part_source_valid"
            ),
            models.CheckConstraint(
                condition=(Q(source="harvested") & Q(donor_passport__isnull=False))
                | (~Q(source="harvested") & Q(donor_passport__isnull=True)),
                name="repair_part_donor_iff_harvested",
            ),
            models.CheckConstraint(condition=Q(lead_time_days__lte=365), name="repair_part_lead_time_max"),
            # One harvested item per donor and part type: harvesting twice is idempotent.
            models.UniqueConstraint(
                fields=["donor_passport", "part_type"],
                condition=Q(donor_passport__isnull=False),
                name="repair_part_one_per_donor_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"


class PartPrice(models.Model):
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="prices")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)

    class Meta:
        ordering = ["part_id", "market_id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "market"], name="repair_part_price_per_market"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="repair_part_price_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} {self.market_id} {self.amount} {self.currency}"

    @property
    def price(self) -> Money:
        return Money(self.amount, self.currency)


class Stock(models.Model):
    """How many of a part a location holds. Moved only by conditional UPDATEs; never negative."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="stock")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="stock")
    quantity = models.IntegerField(default=0)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["location_id", "part_id"]
        constraints = [
            models.UniqueConstraint(fields=["part", "location"], name="repair_stock_once_per_location"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="repair_stock_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.location_id}: {self.quantity}"


class MovementReason(models.TextChoices):
    RECEIVED = "received", _("Received")
    HARVESTED = "harvested", _("Harvested from a donor")
    IMPORTED = "imported", _("Set by import")
    ADJUSTED = "adjusted", _("Adjusted")
    REPAIR = "repair", _("Used in a repair")
    REFURBISH = "refurbish", _("Used in a refurbishment")


class StockMovement(models.Model):
    """The ledger of stock changes: who took what, for which job (append-only)."""

    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+")
    delta = models.IntegerField()
    reason = models.CharField(max_length=12, choices=MovementReason.choices)
    ref = models.CharField(max_length=80, blank=True, help_text=_("e.g. repair_job:12, refurbish_job:3"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(delta=0), name="repair_movement_nonzero"),
            models.CheckConstraint(
                condition=valid_choice("reason", MovementReason), name="repair_movement_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.location_id} {self.delta:+d} {self.reason}"
