from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Market(models.Model):
    """A country where Comeback sells: currency, locale, timezone and legal settings (DESIGN.md §2 Markets)."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, help_text="ISO 3166-1 alpha-2")
    name = models.CharField(_("name"), max_length=60)
    currency = models.CharField(_("currency"), max_length=3, help_text="ISO 4217")
    locale = models.CharField(_("locale"), max_length=10, help_text="CLDR locale, e.g. fr_FR")
    language = models.CharField(_("language"), max_length=5)
    timezone = models.CharField(_("timezone"), max_length=40)
    commercial_warranty_min_months = models.PositiveSmallIntegerField(default=12)
    return_window_days = models.PositiveSmallIntegerField(default=30)
    legal_guarantee_months = models.PositiveSmallIntegerField(
        default=0, help_text=_("Statutory conformity guarantee; 0 where the law sets no fixed period.")
    )
    legal_guarantee_note = models.CharField(max_length=300, blank=True)
    buyer_fee_bps = models.PositiveSmallIntegerField(
        default=150, help_text=_("Buyer service fee in basis points; capped at 2% (200 bps) by DESIGN.md §2.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(buyer_fee_bps__lte=200), name="market_buyer_fee_cap_2pct"),
            models.CheckConstraint(condition=models.Q(commercial_warranty_min_months__gte=12), name="market_warranty_min_12"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        from comeback.core import markets

        markets.clear_cache()


class OutboxEvent(models.Model):
    """A side effect recorded in the same transaction as the change that causes it (transactional outbox).

    Delivered after commit by `core.outbox.drain`; handlers are idempotent, keyed by the event id.
    """

    topic = models.CharField(max_length=80, db_index=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.topic}#{self.pk}"
