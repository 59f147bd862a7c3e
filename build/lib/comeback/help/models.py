"""A question sent through the contact form: a ticket staff answer from the back office, by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")


class TicketTopic(models.TextChoices):
    ORDER = "order", _("An order or a delivery")
    RETURN = "return", _("A return or a refund")
    WARRANTY = "warranty", _("A warranty claim")
    TRADEIN = "tradein", _("Trade-in or a payment")
    SELLING = "selling", _("Selling on Comeback")
    AUTHORITY = "authority", _("An authority's request (Digital Services Act)")
    OTHER = "other", _("Something else")


class Ticket(models.Model):
    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="help_tickets",
    )
    topic = models.CharField(
        _("topic"), max_length=12, choices=TicketTopic.choices, default=TicketTopic.OTHER
    )
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    market = models.CharField(max_length=2)
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    created_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="ticket_status_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="ticket_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"
