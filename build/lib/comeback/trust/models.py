"""Trust: mystery orders (docs/trust.md "Mystery orders").

Staff buy from a seller like any buyer (the seller cannot tell), record what arrived, and the result counts in
the seller's quality metrics and the public trust report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MysteryStatus(models.TextChoices):
    PLACED = "placed", _("Placed")
    INSPECTED = "inspected", _("Inspected")


class MysteryOrder(models.Model):
    """A staff purchase to check a seller. Never shown to the seller: its order looks like any other."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="+")
    line = models.OneToOneField("orders.OrderLine", on_delete=models.PROTECT, related_name="+")
    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    market = models.CharField(max_length=2)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=MysteryStatus.choices, default=MysteryStatus.PLACED)
    # What arrived (the inspection)
    grade_as_described = models.BooleanField(null=True)
    battery_health = models.PositiveSmallIntegerField(null=True, blank=True)
    battery_ok = models.BooleanField(null=True)
    wiped = models.BooleanField(null=True)
    accessories_ok = models.BooleanField(null=True)
    packaging_ok = models.BooleanField(null=True)
    passed = models.BooleanField(null=True)
    notes = models.TextField(blank=True)
    inspected_at = models.DateTimeField(null=True, blank=True)
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-placed_at", "-id"]
        indexes = [models.Index(fields=["seller", "inspected_at"], name="mystery_seller_inspected")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MysteryStatus.values), name="mystery_status_valid"),
            models.CheckConstraint(
                condition=Q(status="placed")
                | (
                    Q(inspected_at__isnull=False)
                    & Q(passed__isnull=False)
                    & Q(grade_as_described__isnull=False)
                ),
                name="mystery_inspected_complete",
            ),
            models.CheckConstraint(
                condition=Q(battery_health__isnull=True) | Q(battery_health__lte=100),
                name="mystery_battery_pct",
            ),
        ]

    def __str__(self) -> str:
        return f"mystery order {self.pk} ({self.seller_id})"

    @property
    def failures(self) -> list[str]:
        checks = {
            "grade_as_described": self.grade_as_described,
            "battery_ok": self.battery_ok,
            "wiped": self.wiped,
            "accessories_ok": self.accessories_ok,
            "packaging_ok": self.packaging_ok,
        }
        return [k for k, v in checks.items() if v is False]


class StatementKind(models.TextChoices):
    LISTING_WITHDRAWN = "listing_withdrawn", _("Listing withdrawn")
    LISTINGS_PAUSED = "listings_paused", _("Listings paused")
    SELLER_SUSPENDED = "seller_suspended", _("Shop suspended")
    SELLER_REMOVED = "seller_removed", _("Shop removed")
    APPLICATION_REJECTED = "application_rejected", _("Application rejected")
    PAYOUT_HELD = "payout_held", _("Payouts held")
    AUTHENTICATION_REFUSED = "authentication_refused", _("Listing refused at authentication")


class StatementStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    CONTESTED = "contested", _("Contested")
    UPHELD = "upheld", _("Upheld after review")
    REVERSED = "reversed", _("Reversed after review")


class Statement(models.Model):
    """A statement of reasons for a restriction of a seller (DSA Art. 17, P2B Regulation Art. 4): the facts,
    the rule, whether automated, and how to contest; then the seller's contest and staff's own statement."""

    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="statements")
    kind = models.CharField(max_length=24, choices=StatementKind.choices)
    subject = models.CharField(max_length=80, help_text=_("What it restricts: seller:3, offer:12, …"))
    facts = models.TextField()
    rule = models.CharField(max_length=300)
    automated = models.BooleanField(default=False)
    redress = models.TextField()
    issued_at = models.DateTimeField()
    effective_at = models.DateTimeField(help_text=_("When the restriction takes effect."))
    immediate_grounds = models.CharField(max_length=300, blank=True)
    source_key = models.CharField(max_length=120, unique=True, help_text=_("The fact it answers: one each."))
    status = models.CharField(max_length=10, choices=StatementStatus.choices, default=StatementStatus.ISSUED)
    contest_text = models.TextField(blank=True)
    contested_at = models.DateTimeField(null=True, blank=True)
    contested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_text = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["seller", "-issued_at"], name="statement_seller_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=StatementKind.values), name="statement_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values), name="statement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="issued") | Q(contested_at__isnull=False),
                name="statement_contest_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["upheld", "reversed"]) | Q(decided_at__isnull=False),
                name="statement_decision_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"


class ReportReason(models.TextChoices):
    ILLEGAL = "illegal", _("Illegal")
    UNSAFE = "unsafe", _("Unsafe or recalled")
    COUNTERFEIT = "counterfeit", _("Counterfeit")
    MISLEADING = "misleading", _("Misleading")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACTIONED = "actioned", _("Listing withdrawn")
    DISMISSED = "dismissed", _("Dismissed")


class Report(models.Model):
    """Anyone's notice that a listing is illegal, unsafe, counterfeit or misleading (DSA Art. 16)."""

    offer = models.ForeignKey("offers.Offer", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=12, choices=ReportReason.choices)
    details = models.TextField()
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_email = models.EmailField(blank=True)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    decision_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    buyers_notified = models.PositiveIntegerField(default=0)
    buyers_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(reason__in=ReportReason.values), name="report_reason_valid"),
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False), name="report_decision_recorded"
            ),
        ]

    def __str__(self) -> str:
        return f"report {self.pk} on offer {self.offer_id}"
