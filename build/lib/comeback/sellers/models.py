"""Sellers: professional refurbishers (docs/design.md §2 "Sellers are professionals only", "Probation",
"Quality, measured and public").

The onboarding and probation process lives in processes.py; this module holds the data: who sells,
where, how good they are, every decision taken about them and the counters that enforce the cap.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PROBATION_DAYS = 40  # docs/design.md §2 Probation: "during the first 40 days"
PROBATION_DAILY_CAP = 5  # docs/design.md §2 Probation: "at most 5 new listings per calendar day"
APPLICATION_CHECK_BUSINESS_DAYS = 2  # the applicant is told staff check their company details this fast


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
    status = models.CharField(
        max_length=12, choices=SellerStatus.choices, default=SellerStatus.APPLIED, db_index=True
    )
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
    # The deadline is stored (not derived from the start) because staff may extend it.
    probation_ends_at = models.DateTimeField(null=True, blank=True, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(
        _("reason shown to the seller"),
        blank=True,
        help_text=_("Why the shop is rejected, suspended or removed."),
    )
    # Where a suspension returns to when staff reinstate (probation or full).
    status_before_suspension = models.CharField(max_length=12, blank=True)
    # Touched by every publish under a guarded update: the row lock that serialises a seller's listings.
    last_listing_at = models.DateTimeField(null=True, blank=True)
    # Quality (metrics.py / quality.py): the last computation, a compact public summary, the breach clock.
    quality_computed_at = models.DateTimeField(null=True, blank=True)
    quality_summary = models.JSONField(default=dict, blank=True)
    breach_since = models.DateTimeField(
        null=True, blank=True, help_text=_("Since when the defect-rate bound has stayed above its threshold.")
    )
    # The probation deadline the "review due" notice was sent for: the notice task is idempotent.
    review_notice_for = models.DateTimeField(null=True, blank=True)
    # Trader traceability (DSA Art. 30; traceability.py): listing waits until every piece is there.
    trade_register = models.CharField(
        _("trade register entry"), max_length=200, blank=True, help_text=_("e.g. RCS Lyon 732 829 320")
    )
    id_document_type = models.CharField(_("identity document"), max_length=20, blank=True)
    id_document_number = models.CharField(_("document number"), max_length=40, blank=True)
    id_document_holder = models.CharField(_("legal representative"), max_length=150, blank=True)
    payment_account_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When a payout bank account was first registered.")
    )
    self_certified_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the seller certified it offers only compliant products.")
    )
    # Removal with notice (removal.py; P2B Regulation Art. 4(1)): the shop keeps selling until this moment,
    # then the scheduler removes it. Set and cleared only by guarded updates in processes.move.
    removal_due_at = models.DateTimeField(
        null=True, blank=True, db_index=True, help_text=_("When a noticed removal takes effect.")
    )
    removal_notice = models.ForeignKey(
        "SellerDecision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quality_score__isnull=True)
                | (models.Q(quality_score__gte=0) & models.Q(quality_score__lte=1)),
                name="seller_quality_score_unit_interval",
            ),
            models.CheckConstraint(
                condition=models.Q(rating_sum__lte=models.F("rating_count") * 5), name="seller_rating_sum_max"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in SellerStatus]), name="seller_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(probation_ends_at__isnull=True)
                | models.Q(probation_started_at__isnull=True)
                | models.Q(probation_ends_at__gt=models.F("probation_started_at")),
                name="seller_probation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # A seller put in probation by hand (admin, fixtures, demo) gets the dates the rules read.
        if self.status == SellerStatus.PROBATION and self.probation_started_at is None:
            from comeback.core import clock

            self.probation_started_at = self.verified_at or clock.now()
        if self.probation_started_at is not None and self.probation_ends_at is None:
            self.probation_ends_at = self.probation_started_at + timedelta(days=PROBATION_DAYS)
        super().save(*args, **kwargs)

    @property
    def rating_avg(self) -> float | None:
        return round(self.rating_sum / self.rating_count, 2) if self.rating_count else None


class SellerApplication(models.Model):
    """What the refurbisher submitted, kept as sent: the file staff verify (docs/design.md §2)."""

    seller = models.OneToOneField(Seller, on_delete=models.PROTECT, related_name="application")
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    markets_wanted = models.JSONField(default=list)
    process_description = models.TextField(_("refurbishing process"))
    submitted_at = models.DateTimeField()
    registry_check = models.JSONField(
        default=dict, blank=True, help_text=_("What a company registry answered about the VAT number.")
    )

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"Application of {self.seller}"


class DecisionKind(models.TextChoices):
    VERIFY = "verify", _("Verified")
    REJECT = "reject", _("Rejected")
    APPROVE = "approve", _("Approved after probation")
    EXTEND = "extend", _("Probation extended")
    REMOVE = "remove", _("Removed")
    SUSPEND = "suspend", _("Suspended")
    REINSTATE = "reinstate", _("Reinstated")
    NOTICE = "notice", _("Removal notice given")
    CANCEL_NOTICE = "cancel_notice", _("Removal notice withdrawn")


class SellerDecision(models.Model):
    """One decision about a seller: who, when, why, from which status to which. Append-only (audit)."""

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=16, choices=DecisionKind.choices)
    from_status = models.CharField(max_length=12, choices=SellerStatus.choices)
    to_status = models.CharField(max_length=12, choices=SellerStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty when the platform decided (a sustained quality breach)."),
    )
    reason = models.TextField(blank=True)
    days = models.PositiveSmallIntegerField(null=True, blank=True)
    probation_ends_at = models.DateTimeField(
        null=True, blank=True, help_text=_("The deadline after the decision.")
    )
    evidence = models.JSONField(
        default=dict, blank=True, help_text=_("Metrics and recommendation at the time.")
    )
    created_at = models.DateTimeField()
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["seller", "created_at"], name="seller_decision_seller_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in DecisionKind]),
                name="seller_decision_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="extend") | models.Q(days__gte=1),
                name="seller_decision_extend_has_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.seller} {self.from_status}→{self.to_status}"


class ProbationDayCount(models.Model):
    """New listings a probation seller published on one calendar date (in the listing market's timezone).

    Incremented by a conditional UPDATE inside the publishing transaction; the CHECK constraint is the
    last line of defence, so even a racing pair of publishes can never make a sixth.
    """

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="probation_days")
    day = models.DateField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["seller_id", "day"]
        constraints = [
            models.UniqueConstraint(fields=["seller", "day"], name="probation_day_one_row"),
            models.CheckConstraint(
                condition=models.Q(count__gte=0) & models.Q(count__lte=PROBATION_DAILY_CAP),
                name="probation_day_count_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seller_id} {self.day}: {self.count}"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class SellerAlert(models.Model):
    """A quality metric whose confidence bound crossed its published threshold (docs/seller-quality.md)."""

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="alerts")
    metric = models.CharField(max_length=30)
    window = models.CharField(max_length=20, default="90d")
    value = models.FloatField(help_text=_("The bound that crossed the threshold, in [0, 1]."))
    threshold = models.FloatField()
    events = models.PositiveIntegerField(default=0)
    trials = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            # One live alert per seller and metric: recomputing refreshes it instead of piling up copies.
            models.UniqueConstraint(
                fields=["seller", "metric"],
                condition=~models.Q(status="resolved"),
                name="seller_alert_one_live",
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0) & models.Q(value__lte=1), name="seller_alert_value_unit"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in AlertStatus]),
                name="seller_alert_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric} alert for {self.seller}"

    @property
    def metric_label(self) -> str:
        from .quality import METRIC_LABELS

        return str(METRIC_LABELS.get(self.metric, self.metric))
