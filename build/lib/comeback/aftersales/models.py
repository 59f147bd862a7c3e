"""After-sales: warranty claims on delivered units (docs/design.md §2 "Warranty"; docs/warranty.md).

Published contract (other apps — insights — read these names; keep them stable):

- `Claim.order_line` (FK orders.OrderLine), `Claim.seller` (FK sellers.Seller), `Claim.buyer` (FK user),
  `Claim.market` (ISO 3166 code, CharField(2)), `Claim.fault` (`Fault`: battery, screen, camera, audio,
  connectivity, charging, buttons, software, other), `Claim.status` (`ClaimStatus`), `Claim.resolution`
  (nullable `Resolution`: remote_assistance, repair, replace, refund), `opened_at`, `answer_due_at` (the
  2-business-day deadline in the market's timezone), `answered_at` (null until the seller — or staff —
  answers), `resolved_at` (null until resolved or rejected).
- Escalation is derived from time, never stored: a claim is escalated when `answer_due_at < now` and
  `answered_at is null` (see `Claim.objects.escalated(at)` and `Claim.is_escalated(at)`).
- `comeback.aftersales.selectors.claim_stats(*, since, until, market=None, seller_id=None)` returns
  `{"total", "per_fault": {fault: n}, "per_seller": [{"seller_id", "seller", "claims"}],
  "per_status": {status: n}, "per_resolution": {resolution: n}, "escalated", "resolved",
  "median_resolution_hours": float | None}` for claims opened in [since, until).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comeback.core.constraints import choice_values
from comeback.orders import warranty


def _battery_defect_help() -> str:
    """The covered battery defect, its numbers read from `orders.warranty` when the help is shown."""
    return ngettext(
        "Battery below %(floor)s within %(months)d month on a Premium or new-battery offer.",
        "Battery below %(floor)s within %(months)d months on a Premium or new-battery offer.",
        warranty.BATTERY_DEFECT_MONTHS,
    ) % {"floor": warranty.battery_floor(), "months": warranty.BATTERY_DEFECT_MONTHS}


class Fault(models.TextChoices):
    BATTERY = "battery", _("Battery")
    SCREEN = "screen", _("Screen")
    CAMERA = "camera", _("Camera")
    AUDIO = "audio", _("Audio (speaker, microphone)")
    CONNECTIVITY = "connectivity", _("Connectivity (network, Wi-Fi, Bluetooth)")
    CHARGING = "charging", _("Charging")
    BUTTONS = "buttons", _("Buttons")
    SOFTWARE = "software", _("Software")
    OTHER = "other", _("Other")


class ClaimStatus(models.TextChoices):
    # processes.py holds the transition table.
    OPEN = "open", _("Awaiting the seller's answer")
    IN_REPAIR = "in_repair", _("In repair")
    AWAITING_BUYER = "awaiting_buyer", _("Awaiting your confirmation")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Not covered (staff decision)")


ACTIVE_STATUSES = (ClaimStatus.OPEN, ClaimStatus.IN_REPAIR, ClaimStatus.AWAITING_BUYER)
CLOSED_STATUSES = (ClaimStatus.RESOLVED, ClaimStatus.REJECTED)


class Resolution(models.TextChoices):
    # docs/design.md §2 Warranty: the seller answers with one of these four.
    REMOTE_ASSISTANCE = "remote_assistance", _("Remote assistance")
    REPAIR = "repair", _("Repair")
    REPLACE = "replace", _("Replacement")
    REFUND = "refund", _("Refund")
    # Not a seller's answer: the buyer returned the item instead, and the return's refund is the remedy.
    RETURN = "return", _("Settled by a return")


class RemedyChoice(models.TextChoices):
    REPAIR = "repair", _("Repair")
    REPLACEMENT = "replacement", _("Replacement")


class ReplacementSource(models.TextChoices):
    OFFER = "offer", _("From one of the seller's listings (stock decremented)")
    SELLER_UNIT = "seller_unit", _("A unit from the seller's own reserve (not listed)")


class Decision(models.TextChoices):
    # Staff deciding a claim (escalated, or reopened in a dispute): for the buyer, or not covered.
    REFUND = "refund", _("Refund the buyer, charged to the seller's balance")
    NOT_COVERED = "not_covered", _("Not covered by the warranty")


class ClaimQuerySet(models.QuerySet):
    def escalated(self, at: datetime):
        """Claims past their answer deadline without an answer: the staff queue (derived, never stored)."""
        return self.filter(status=ClaimStatus.OPEN, answered_at__isnull=True, answer_due_at__lt=at)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)


class Claim(models.Model):
    ref = models.CharField(max_length=20, unique=True)
    order_line = models.ForeignKey("orders.OrderLine", on_delete=models.PROTECT, related_name="claims")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="warranty_claims"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="claims")
    market = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    fault = models.CharField(max_length=12, choices=Fault.choices)
    description = models.TextField()
    # The buyer's declaration (docs/design.md §2 Warranty): evidence for the seller and staff, not a refusal.
    declared_dropped = models.BooleanField(default=False)
    declared_liquid = models.BooleanField(default=False)
    declared_third_party_repair = models.BooleanField(default=False)
    battery_health = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Battery health reported by the buyer, in %.")
    )
    battery_defect = models.BooleanField(default=False, help_text=lazy(_battery_defect_help, str)())
    status = models.CharField(max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.OPEN)
    resolution = models.CharField(max_length=20, choices=Resolution.choices, null=True, blank=True)
    # What the buyer asked for (the consumer chooses between repair and replacement, Directive 2019/771
    # Art. 13(2)); a repair chosen within the legal guarantee extends it (services.answer_claim).
    remedy_chosen = models.CharField(max_length=12, choices=RemedyChoice.choices, blank=True)
    legal_extension_months = models.PositiveSmallIntegerField(default=0)
    opened_at = models.DateTimeField()
    answer_due_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    # The seller's answer.
    answer_note = models.TextField(blank=True)
    return_label_url = models.URLField(blank=True)
    return_tracking = models.CharField(max_length=64, blank=True)
    ship_back_carrier = models.CharField(max_length=40, blank=True)
    ship_back_tracking = models.CharField(max_length=64, blank=True)
    replacement_source = models.CharField(max_length=12, choices=ReplacementSource.choices, blank=True)
    replacement_offer = models.ForeignKey(
        "offers.Offer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replacement_imei = models.CharField(max_length=15, blank=True)
    replacement_serial = models.CharField(max_length=64, blank=True)
    # A staff decision (for the buyer: a forced refund; or the claim is not covered).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    decision = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    # Idempotency of the escalation notice (the job only notifies; escalation itself is derived).
    escalation_notified_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "status"], name="claim_seller_status"),
            models.Index(fields=["status", "answer_due_at"], name="claim_status_due"),
            models.Index(fields=["market", "opened_at"], name="claim_market_opened"),
        ]
        constraints = [
            # One live claim per unit: a second one while the first runs would split the evidence.
            models.UniqueConstraint(
                fields=["order_line"],
                condition=Q(status__in=choice_values(ACTIVE_STATUSES)),
                name="claim_one_active_per_line",
            ),
            models.CheckConstraint(condition=Q(fault__in=choice_values(Fault)), name="claim_fault_valid"),
            models.CheckConstraint(
                condition=Q(status__in=choice_values(ClaimStatus)), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(resolution__isnull=True) | Q(resolution__in=choice_values(Resolution)),
                name="claim_resolution_valid",
            ),
            models.CheckConstraint(
                condition=Q(answer_due_at__gt=F("opened_at")), name="claim_due_after_opened"
            ),
            # Closed claims carry when they closed; a resolved one says how.
            models.CheckConstraint(
                condition=Q(status__in=choice_values(CLOSED_STATUSES), resolved_at__isnull=False)
                | Q(status__in=choice_values(ACTIVE_STATUSES), resolved_at__isnull=True),
                name="claim_resolved_at_iff_closed",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.RESOLVED) | Q(resolution__isnull=False),
                name="claim_resolved_has_resolution",
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.OPEN) | Q(answered_at__isnull=True),
                name="claim_open_is_unanswered",
            ),
            models.CheckConstraint(
                condition=Q(battery_health__isnull=True) | Q(battery_health__lte=100),
                name="claim_battery_pct",
            ),
            models.CheckConstraint(
                condition=~Q(resolution=Resolution.REPLACE)
                | ~Q(replacement_imei="")
                | ~Q(replacement_serial=""),
                name="claim_replacement_identified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} ({self.status})"

    def is_escalated(self, at: datetime) -> bool:
        return self.status == ClaimStatus.OPEN and self.answered_at is None and self.answer_due_at < at

    @property
    def answer_by(self) -> datetime:
        """The deadline as people read it: the last minute of the last business day (the stored one is exclusive)."""
        return self.answer_due_at - timedelta(minutes=1)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def declarations(self) -> list[str]:
        labels = []
        if self.declared_dropped:
            labels.append(str(_("dropped")))
        if self.declared_liquid:
            labels.append(str(_("liquid contact")))
        if self.declared_third_party_repair:
            labels.append(str(_("third-party repair")))
        return labels


class ClaimPhoto(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="claims/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of {self.claim_id}"


class SentNotice(models.Model):
    """Idempotency of the emails sent from outbox handlers: one row per (event, recipient)."""

    key = models.CharField(max_length=160, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


class Author(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    SELLER = "seller", _("Seller")
    STAFF = "staff", _("Comeback staff")
    SYSTEM = "system", _("Comeback")


class ClaimMessage(models.Model):
    """The thread on a claim: buyer, seller and staff messages, plus the system's notes of each step."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=8, choices=Author.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(author__in=choice_values(Author)), name="claim_message_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.claim_id}"
