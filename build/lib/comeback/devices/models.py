"""Physical units by their maker's identifier (docs/design.md §2 Orders, Trade-in; docs/trust.md "Stolen and
blocked units").

Two facts live here and nowhere else: who holds the one live unit behind an IMEI or serial
(`UnitRecord`), and what staff must look at because a unit was refused (`DeviceAlert`). Apps that see a unit
(shipping, trade-in, returns) tell `services`; none of them writes these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Holder(models.TextChoices):
    SELLER = "seller", _("A seller")
    BUYER = "buyer", _("A buyer")


class UnitRecord(models.Model):
    """The one live unit an identifier names, and who holds it now.

    `seller` is the seller holding it (holder=seller), or the seller that sold it last (holder=buyer). A unit
    moves only by a guarded update from the state its mover saw, so two sellers shipping one IMEI at once
    cannot both win.
    """

    identifier = models.CharField(max_length=64, unique=True)
    holder = models.CharField(max_length=8, choices=Holder.choices)
    seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    via = models.CharField(max_length=80, help_text=_("What put it there: order_line:12, tradein:TI-…, …"))
    since = models.DateTimeField()

    class Meta:
        ordering = ["identifier"]
        constraints = [
            models.CheckConstraint(condition=Q(holder__in=Holder.values), name="unit_record_holder_valid"),
            models.CheckConstraint(condition=~Q(identifier=""), name="unit_record_identifier_set"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} → {self.holder}"


class AlertKind(models.TextChoices):
    BLOCKED = "blocked", _("On a block list")
    DUPLICATE = "duplicate", _("Identifier already held elsewhere")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class DeviceAlert(models.Model):
    """A unit refused (or let through with doubt) for staff to look at. Recorded in its own transaction, so the
    refusal that raised it rolling back never loses it."""

    identifier = models.CharField(max_length=64, db_index=True)
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    context = models.CharField(max_length=20, help_text=_("shipment, trade-in, hand-over"))
    ref = models.CharField(max_length=80, blank=True)
    seller = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.PROTECT, related_name="device_alerts"
    )
    reason = models.CharField(max_length=300)
    source = models.CharField(
        max_length=80, blank=True, help_text=_("The block-list provider that answered.")
    )
    status = models.CharField(max_length=8, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    created_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AlertKind.values), name="device_alert_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=AlertStatus.values), name="device_alert_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_at__isnull=False), name="device_alert_closed_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.identifier} ({self.context})"


class HandOver(models.Model):
    """Staff recorded that a unit changed hands outside the platform (bought from a trader, a repair shop…);
    the unit's passport chain gets the ownership change. Append-only."""

    identifier = models.CharField(max_length=64, db_index=True)
    from_seller = models.ForeignKey(
        "sellers.Seller", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_seller = models.ForeignKey("sellers.Seller", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.identifier} → {self.to_seller_id}"
