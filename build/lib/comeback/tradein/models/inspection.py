"""Inspection: counter-offers and their evidence, data-wipe certificates, where a collected device goes
and the devices refused for a block list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from comeback.core.constraints import valid_choice

from .tradeins import TradeIn


class CounterReason(models.TextChoices):
    """Defects the customer could have seen: the only grounds for a counter-offer (docs/design.md §2)."""

    DOES_NOT_POWER_ON = "does_not_power_on", _("The device does not power on (declared as powering on)")
    SCREEN_UNDECLARED = "screen_damage_undeclared", _("Screen cracked or scratched, declared better")
    BODY_UNDECLARED = "body_damage_undeclared", _("Dents or scratches on the body, declared better")
    FUNCTION_FAULTY = "function_faulty", _("A function does not work (declared all working)")
    ACCOUNT_LOCKED = "account_locked", _("An account (iCloud / Google) is still locked on it")
    DIFFERENT_MODEL = "different_model", _("A different model or storage than quoted")
    # A garment's (garments.py): each only when the customer declared better.
    STAINS_UNDECLARED = "stains_undeclared", _("Stains, declared fewer or none")
    HOLES_UNDECLARED = "holes_undeclared", _("Holes or tears, declared smaller or none")
    PILLING_UNDECLARED = "pilling_undeclared", _("Pilling, declared less or none")
    CONDITION_UNDECLARED = "condition_worse", _("More worn than the condition declared")
    LABEL_MISSING = "brand_label_missing", _("The brand label is missing (declared present)")


class CounterDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for the customer")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused: device returned")
    LAPSED = "lapsed", _("No answer in time: device returned")


class CounterOffer(models.Model):
    tradein = models.OneToOneField(TradeIn, on_delete=models.CASCADE, related_name="counter_offer")
    reason = models.CharField(max_length=30, choices=CounterReason.choices)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    note = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    decision = models.CharField(
        max_length=10, choices=CounterDecision.choices, default=CounterDecision.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("reason", CounterReason), name="counter_reason_valid"
            ),
            models.CheckConstraint(
                condition=valid_choice("decision", CounterDecision), name="counter_decision_valid"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="counter_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"Counter-offer on {self.tradein_id}: {self.reason}"


class EvidencePhoto(models.Model):
    """A photo proving a counter-offer's reason; checked by content (JPEG, PNG or WebP), not by name."""

    counter_offer = models.ForeignKey(CounterOffer, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="tradein/evidence/%Y/%m/")
    content_type = models.CharField(max_length=20)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Photo {self.pk} of counter-offer {self.counter_offer_id}"


class WipeMethod(models.TextChoices):
    """NIST SP 800-88 Rev. 2 sanitization methods."""

    CLEAR = "clear", _("Clear")
    PURGE = "purge", _("Purge")
    DESTROY = "destroy", _("Destroy")


class Verification(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class WipeCertificate(models.Model):
    """The record that the customer's data was sanitized (NIST SP 800-88 Rev. 2); required before payout."""

    tradein = models.OneToOneField(TradeIn, on_delete=models.PROTECT, related_name="wipe_certificate")
    ref = models.CharField(max_length=20, unique=True)
    method = models.CharField(max_length=10, choices=WipeMethod.choices)
    technique = models.CharField(
        max_length=200, help_text=_("e.g. cryptographic erase, factory reset + overwrite")
    )
    tool = models.CharField(max_length=100)
    tool_version = models.CharField(max_length=40)
    operator_name = models.CharField(max_length=120)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    verification = models.CharField(max_length=10, choices=Verification.choices)
    verification_method = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=valid_choice("method", WipeMethod), name="wipe_method_valid"),
            models.CheckConstraint(
                condition=valid_choice("verification", Verification), name="wipe_verification_valid"
            ),
            models.CheckConstraint(condition=Q(ended_at__gte=F("started_at")), name="wipe_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.ref


class Route(models.TextChoices):
    """Where a collected device goes (docs/design.md §2 "Where collected devices go"); routes.py decides."""

    RESELL = "resell", _("Resell as is")
    REFURBISH = "refurbish", _("Refurbish, then resell")
    HARVEST = "harvest", _("Harvest for spare parts")
    UPCYCLE = "upcycle", _("Upcycle (creative collections)")
    RECYCLE = "recycle", _("Recycle with a certified recycler")
    REPAIR = "repair", _("Repair, then resell (a garment)")
    HELD = "held", _("Held for its owner or the police (on a block list)")


class HeldOutcome(models.TextChoices):
    """What staff decide for a held device (docs/trust.md "Stolen and blocked units")."""

    RETURN_TO_OWNER = "return_to_owner", _("Returned to its rightful owner")
    HAND_TO_POLICE = "hand_to_police", _("Handed to the police")
    RETURN_TO_SENDER = "return_to_sender", _("Sent back to the customer (block lifted)")


class DeviceRoute(models.Model):
    """The route a trade-in's device takes: the rule's choice, and the refurbisher's override if any."""

    tradein = models.OneToOneField(TradeIn, on_delete=models.CASCADE, related_name="route")
    route = models.CharField(max_length=10, choices=Route.choices)
    rule_route = models.CharField(max_length=10, choices=Route.choices)
    rule_reason = models.CharField(max_length=300)
    overridden = models.BooleanField(default=False)
    override_reason = models.CharField(max_length=300, blank=True)
    recycler = models.CharField(max_length=120, blank=True)
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A held device (on a block list): kept until staff decide where it goes, with their record.
    held_outcome = models.CharField(max_length=20, choices=HeldOutcome.choices, blank=True)
    held_note = models.TextField(blank=True)
    held_decided_at = models.DateTimeField(null=True, blank=True)
    held_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=valid_choice("route", Route) & valid_choice("rule_route", Route),
                name="device_route_valid",
            ),
            models.CheckConstraint(
                condition=Q(held_outcome="") | (Q(route="held") & Q(held_decided_at__isnull=False)),
                name="device_route_held_outcome_recorded",
            ),
            # Nothing is silently discarded: a recycled device records its weight.
            models.CheckConstraint(
                condition=~Q(route="recycle") | Q(weight_grams__isnull=False),
                name="device_route_recycle_weight",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tradein_id} → {self.route}"


class BlockedDevice(models.Model):
    """The demo's local block list (blocklist.LocalBlocklist): IMEIs or serials reported lost or stolen."""

    identifier = models.CharField(max_length=40, unique=True)
    reason = models.CharField(max_length=200, default="reported lost or stolen")
    source = models.CharField(max_length=80, default="local")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["identifier"]

    def __str__(self) -> str:
        return self.identifier
