"""Webhooks for sellers: subscriptions and the delivery log (docs/webhooks.md).

A delivery is one event for one subscription. Its life is a small process (services.TRANSITIONS):
pending → succeeded | failed (a retry is scheduled) | gave_up; failed → succeeded | failed | gave_up.
Whether a delivery is due is derived from `next_attempt_at` at the moment of asking, never from a cron.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_URL_LENGTH = 500


class WebhookSubscription(models.Model):
    seller = models.ForeignKey(
        "sellers.Seller", on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("endpoint URL"), max_length=MAX_URL_LENGTH)
    events = models.JSONField(
        _("events"), default=list, help_text=_('Event types, or ["*"] for all of them.')
    )
    # Needed in clear to sign each delivery; shown to the seller once, at creation, never returned again.
    secret = models.CharField(max_length=80, editable=False)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["seller", "is_active"], name="webhook_sub_seller_active")]

    def __str__(self) -> str:
        return f"{self.url} ({self.seller_id})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed, will retry")
    GAVE_UP = "gave_up", _("Gave up")


class WebhookDelivery(models.Model):
    subscription = models.ForeignKey(WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries")
    # The event's public id: "evt_<outbox event id>", the same in every retry and for every subscription,
    # so receivers can de-duplicate; test pings get "evt_test_<random>".
    event_id = models.CharField(max_length=40)
    topic = models.CharField(max_length=80)
    payload = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Fan-out is idempotent: an outbox event replayed after a crash finds its deliveries already there.
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values), name="webhook_delivery_status_valid"
            ),
            # Only a delivery that will be tried again has a next attempt.
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "failed"], next_attempt_at__isnull=False)
                | models.Q(status__in=["succeeded", "gave_up"], next_attempt_at__isnull=True),
                name="webhook_delivery_next_attempt_iff_open",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.topic} {self.event_id} → {self.subscription_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
