"""Money out: the customer's payout and the trade-in ledger (append-only)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import AppendOnly, valid_choice

from .tradeins import TradeIn

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
