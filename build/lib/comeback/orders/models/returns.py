"""Returns and reviews of order lines."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import choice_values

from .orders import Order, OrderLine


class ReturnReason(models.TextChoices):
    CHANGED_MIND = "changed_mind", _("Changed my mind")
    DEFECT = "defect", _("Defect")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    WRONG_GRADE = "wrong_grade", _("Wrong grade")
    TRANSIT_DAMAGE = "transit_damage", _("Damaged in transit")


# Reasons that count as the seller's quality defect (docs/design.md §2 Quality: defect rate).
DEFECT_REASONS = (ReturnReason.DEFECT, ReturnReason.WRONG_GRADE)


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    RECEIVED = "received", _("Received by the seller")
    REFUNDED = "refunded", _("Refunded")


class ReturnQuerySet(models.QuerySet):
    def escalated(self, at: datetime):
        """Returns whose seller missed a deadline: the staff queue (derived from time, never stored)."""
        return self.filter(
            Q(status=ReturnStatus.REQUESTED, receive_due_at__lte=at)
            | Q(status=ReturnStatus.RECEIVED, refund_due_at__lte=at)
        )

    def open(self):
        return self.filter(status__in=(ReturnStatus.REQUESTED, ReturnStatus.RECEIVED))


class Return(models.Model):
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="return_request")
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="returns")
    reason = models.CharField(max_length=20, choices=ReturnReason.choices)
    comment = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    requested_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    refunded_by = models.CharField(max_length=8, blank=True)
    # The prepaid label issued with the return (services/return_labels.py), and the parcel's journey.
    label_carrier = models.CharField(max_length=40, blank=True)
    label_tracking = models.CharField(max_length=64, blank=True)
    parcel_delivered_at = models.DateTimeField(null=True, blank=True)
    # The seller's deadlines (docs/design.md §2 Returns), fixed when the fact that starts them is recorded:
    # receipt within 3 business days of the parcel's delivery, refund within 2 business days of receipt.
    # Escalation is derived from them (ReturnQuerySet.escalated), never stored.
    receive_due_at = models.DateTimeField(null=True, blank=True)
    refund_due_at = models.DateTimeField(null=True, blank=True)
    # A claim this return settled (one remedy, not two): its public reference.
    settled_claim_ref = models.CharField(max_length=20, blank=True)
    # A staff step on an escalated return (receipt or refund in the seller's stead), audited with its reason.
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff_reason = models.TextField(blank=True)
    staff_acted_at = models.DateTimeField(null=True, blank=True)
    # Idempotency of the escalation notices (one per missed deadline).
    receipt_escalation_notified_at = models.DateTimeField(null=True, blank=True)
    refund_escalation_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ReturnQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="return_seller_status"),
            models.Index(fields=["label_tracking"], name="return_label_tracking"),
            models.Index(fields=["status", "receive_due_at"], name="return_status_receive_due"),
            models.Index(fields=["status", "refund_due_at"], name="return_status_refund_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reason__in=choice_values(ReturnReason)), name="return_reason_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(ReturnStatus)), name="return_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Return {self.pk} of line {self.line_id} ({self.status})"

    def escalation(self, at: datetime) -> str:
        """ "" | "receipt" | "refund": which of the seller's deadlines this return missed, as of `at`."""
        if self.status == ReturnStatus.REQUESTED and self.receive_due_at and self.receive_due_at <= at:
            return "receipt"
        if self.status == ReturnStatus.RECEIVED and self.refund_due_at and self.refund_due_at <= at:
            return "refund"
        return ""

    @property
    def receive_by(self) -> datetime | None:
        """The receipt deadline as people read it (the stored one is exclusive)."""
        return self.receive_due_at - timedelta(minutes=1) if self.receive_due_at else None

    @property
    def refund_by(self) -> datetime | None:
        return self.refund_due_at - timedelta(minutes=1) if self.refund_due_at else None


class Review(models.Model):
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="review")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="reviews")
    product = models.ForeignKey("catalog.ProductModel", on_delete=models.PROTECT, related_name="reviews")
    stars = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["product", "-created_at"], name="review_product_recent"),
            models.Index(fields=["seller", "-created_at"], name="review_seller_recent"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=1) & Q(stars__lte=5), name="review_stars_1_5")
        ]

    def __str__(self) -> str:
        return f"{self.stars}★ on line {self.line_id}"
