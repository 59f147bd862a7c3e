"""Payments (one per order) and refunds (one per line)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import choice_values

from .orders import Order, OrderLine


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    REQUIRES_ACTION = "requires_action", _("Needs confirmation")
    AUTHORIZED = "authorized", _("Authorized")
    CAPTURED = "captured", _("Captured")
    DECLINED = "declined", _("Declined")
    FAILED = "failed", _("Failed")


class Payment(models.Model):
    """The buyer's one payment for an order. Refunds always go back to it (docs/design.md §2 Returns)."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="payment")
    provider = models.CharField(max_length=20)
    provider_ref = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    refunded_amount = models.BigIntegerField(default=0)
    card_last4 = models.CharField(max_length=4, blank=True)
    decline_code = models.CharField(max_length=60, blank=True)
    action_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("amount")),
                name="payment_refund_le_amount",
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(PaymentStatus)), name="payment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Payment {self.provider}:{self.provider_ref or self.pk} ({self.status})"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Failed, retrying")


class Refund(models.Model):
    """Money going back to the original payment. Recorded in the ledger first, sent to the provider after
    commit with an idempotency key, retried by a task until the provider confirms."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="refund")
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.CharField(max_length=30)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    provider_ref = models.CharField(max_length=100, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"Refund {self.pk} of line {self.line_id} ({self.status})"
