"""The append-only ledger and the sellers' payouts."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import AppendOnly

from .orders import Order, OrderLine


class EntryKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    REFUND = "refund", _("Refund")
    PAYOUT = "payout", _("Payout")
    HOLDBACK = "holdback", _("Payout holdback")
    RETURNED = "returned", _("Payout returned by the bank")


class LedgerEntry(AppendOnly, models.Model):
    """Append-only double entry: every event's entries sum to zero, hence every order's do too.

    Accounts: `buyer_payments` (money in from buyers, negative), `refunds` (money back to buyers,
    positive), `payouts` (money out to sellers, positive), `platform_fees`, `platform_commission`,
    and `seller:<id>` (what the platform owes the seller). Holdback entries (a payout withholding what a
    seller owes after refunds of already paid-out lines) belong to a payout, not an order.
    """

    account = models.CharField(max_length=40)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    line = models.ForeignKey(
        OrderLine, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    payout = models.ForeignKey(
        "Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["account", "currency"], name="ledger_account_currency")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+d} {self.currency}"


class Payout(models.Model):
    """Money sent to a seller on a payout day for lines delivered long enough ago and not in dispute."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="payouts")
    payout_date = models.DateField()
    currency = models.CharField(max_length=3)
    amount = models.BigIntegerField(help_text=_("Sum of the paid-out lines' net amounts."))
    transfer_amount = models.BigIntegerField(
        help_text=_("What is actually wired: the amount less any negative balance from later refunds.")
    )
    created_at = models.DateTimeField()
    returned_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The bank sent the money back; the entries were reversed.")
    )

    class Meta:
        ordering = ["-payout_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["seller", "payout_date", "currency"],
                condition=Q(returned_at__isnull=True),
                name="payout_one_per_seller_day",
            ),
            models.CheckConstraint(
                condition=Q(transfer_amount__gte=0) & Q(transfer_amount__lte=F("amount")),
                name="payout_transfer_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Payout {self.payout_date} seller {self.seller_id} {self.amount} {self.currency}"


class SentEmail(models.Model):
    """Idempotency for the emails sent from outbox handlers: one row per (event, recipient)."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
