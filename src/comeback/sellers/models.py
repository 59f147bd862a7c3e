"""Sellers: professional refurbishers (DESIGN.md §2 "Sellers are professionals only").

The onboarding and probation process lives in processes.py (issue "Seller trust"); this module
holds the data offers need: who sells, where, and how good they are.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SellerStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")
    PROBATION = "probation", _("Probation")
    FULL = "full", _("Full seller")
    SUSPENDED = "suspended", _("Suspended")
    REMOVED = "removed", _("Removed")


# Statuses whose listings buyers may see (probation still subject to its time-derived pause).
SELLING_STATUSES = (SellerStatus.PROBATION, SellerStatus.FULL)


class Seller(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seller")
    legal_name = models.CharField(_("legal name"), max_length=200)
    display_name = models.CharField(_("shop name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    country = models.CharField(_("country"), max_length=2)
    company_registration = models.CharField(_("company registration number"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    markets = models.JSONField(default=list, help_text=_("Market codes the seller may sell in."))
    description = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=SellerStatus.choices, default=SellerStatus.APPLIED, db_index=True)
    default_handling_days = models.PositiveSmallIntegerField(default=1)
    # Reputation inputs, kept current by services as reviews land; the score is derived in offers.ranking.
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    quality_score = models.FloatField(
        null=True, blank=True, help_text=_("Published quality score in [0, 1]; null until metrics exist.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    probation_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quality_score__isnull=True)
                | (models.Q(quality_score__gte=0) & models.Q(quality_score__lte=1)),
                name="seller_quality_score_unit_interval",
            ),
            models.CheckConstraint(condition=models.Q(rating_sum__lte=models.F("rating_count") * 5), name="seller_rating_sum_max"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def rating_avg(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None
