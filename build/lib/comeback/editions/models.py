"""Upcycled limited editions (docs/fashion.md "Upcycled editions").

An `Edition` is a numbered run of N pieces a maker makes in a creative collection (recovery's `Collection`):
one catalogue product whose variants are its numbered items. An `EditionItem` is one piece, "7/50": its own
variant, sold as an offer of one unit (so checkout is the same as for anything else), with its own passport.
An `EditionDonor` is a collected unit the piece was made from; a unit goes into one piece only.

What must hold whatever the code does is a constraint here: a number is given once per edition and never
above the run's size; the run never makes more pieces than its size; a donor unit is used once.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_EDITION_SIZE = 999  # a limited run; numbers print as "7/50"
MAX_DONORS = 10  # donor units per piece


class Edition(models.Model):
    collection = models.ForeignKey("recovery.Collection", on_delete=models.PROTECT, related_name="editions")
    seller = models.ForeignKey(
        "sellers.Seller",
        on_delete=models.PROTECT,
        related_name="editions",
        help_text=_("The shop that sells it"),
    )
    product = models.OneToOneField("catalog.ProductModel", on_delete=models.PROTECT, related_name="edition")
    market = models.ForeignKey("core.Market", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    story = models.TextField(_("story"), blank=True)
    size = models.PositiveSmallIntegerField(_("edition size"))
    made = models.PositiveSmallIntegerField(
        default=0, help_text=_("Pieces made so far: the last number given")
    )
    price_amount = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collection", "-created_at"], name="edition_collection_recent")]
        constraints = [
            models.CheckConstraint(
                condition=Q(size__gte=1) & Q(size__lte=MAX_EDITION_SIZE), name="edition_size_range"
            ),
            models.CheckConstraint(condition=Q(made__lte=F("size")), name="edition_made_within_size"),
            models.CheckConstraint(condition=Q(price_amount__gt=0), name="edition_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.made}/{self.size})"


class EditionItem(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField()
    variant = models.OneToOneField("catalog.Variant", on_delete=models.PROTECT, related_name="edition_item")
    offer = models.OneToOneField("offers.Offer", on_delete=models.PROTECT, related_name="edition_item")
    passport = models.OneToOneField(
        "passports.Passport", on_delete=models.PROTECT, related_name="edition_item"
    )
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["edition_id", "number"]
        constraints = [
            # Numbering never repeats: of two makers racing for the same number, the database refuses one.
            models.UniqueConstraint(fields=["edition", "number"], name="edition_item_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="edition_item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.edition.name} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.number}/{self.edition.size}"


class EditionDonor(models.Model):
    item = models.ForeignKey(EditionItem, on_delete=models.CASCADE, related_name="donors")
    device = models.OneToOneField(
        "recovery.CollectedDevice", on_delete=models.PROTECT, related_name="edition_donor"
    )
    passport = models.ForeignKey("passports.Passport", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return f"{self.device_id} → {self.item_id}"
