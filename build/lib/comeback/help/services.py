"""Tickets: a contact form opens one; staff answer it once, by email (through the outbox)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from comeback.core import clock, outbox, text
from comeback.core.problems import Conflict, Invalid, NotFound

from .models import Ticket, TicketStatus, TicketTopic

MAX_MESSAGE = 5000


def open_ticket(
    *,
    email: str,
    name: str,
    topic: str,
    subject: str,
    message: str,
    market: str,
    user=None,
    at: datetime | None = None,
) -> Ticket:
    email = (email or "").strip().lower()
    errors = []
    try:
        validate_email(email)
    except ValidationError:
        errors.append(
            {"field": "email", "code": "invalid_email", "message": _("Enter a valid email address.")}
        )
    if topic not in TicketTopic.values:
        errors.append({"field": "topic", "code": "invalid_choice", "message": _("Choose a topic.")})
    for field, value, limit, multiline in (
        ("name", name, 150, False),
        ("subject", subject, 200, False),
        ("message", message, MAX_MESSAGE, True),
    ):
        value = (value or "").strip()
        if field != "name" and not value:
            errors.append({"field": field, "code": "required", "message": _("This field is required.")})
        elif len(value) > limit:
            errors.append(
                {"field": field, "code": "too_long", "message": _("At most %(n)s characters.") % {"n": limit}}
            )
        elif not text.is_clean(value, multiline=multiline):
            errors.append(text.refusal(field))
    if errors:
        raise Invalid(errors[0]["message"], code=errors[0]["code"], errors=errors)
    with transaction.atomic():
        ticket = Ticket.objects.create(
            email=email,
            name=(name or "").strip(),
            user=user if user is not None and user.is_authenticated else None,
            topic=topic,
            subject=subject.strip(),
            message=message.strip(),
            market=market,
            language=(get_language() or "en").split("-")[0],
            created_at=at or clock.now(),
        )
        outbox.emit("help.ticket.opened", ticket_id=ticket.pk)
    return ticket


def answer_ticket(*, ticket_id: int, staff, answer: str, at: datetime | None = None) -> Ticket:
    """Answer once (a guarded update: two staff answering at once cannot both send a mail)."""
    answer = (answer or "").strip()
    if not answer:
        raise Invalid.field("answer", "required", _("This field is required."))
    text.ensure_clean(answer, field="answer", multiline=True)
    if not Ticket.objects.filter(pk=ticket_id).exists():
        raise NotFound(_("No ticket %s.") % ticket_id, code="ticket_not_found")
    with transaction.atomic():
        moved = Ticket.objects.filter(pk=ticket_id, status=TicketStatus.OPEN).update(
            status=TicketStatus.ANSWERED, answer=answer, answered_at=at or clock.now(), answered_by=staff
        )
        if not moved:
            raise Conflict(_("This ticket was already answered."), code="ticket_already_answered")
        outbox.emit("help.ticket.answered", ticket_id=ticket_id)
    return Ticket.objects.get(pk=ticket_id)
