"""Mails of the help desk: a receipt when a ticket opens, the staff's answer when it is answered."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from comeback.core import outbox

from .models import Ticket, TicketStatus


@outbox.handles("help.ticket.opened")
def email_receipt(event_id: int, payload: dict) -> None:
    ticket = Ticket.objects.filter(pk=payload.get("ticket_id")).first()
    if ticket is None:
        return
    with translation.override(ticket.language):
        body = "\n".join(
            [
                _("Hello,"),
                "",
                _(
                    "We received your message “%(subject)s” (ticket #%(id)s) and answer by email, usually within one business day."
                )
                % {"subject": ticket.subject, "id": ticket.pk},
            ]
        )
        send_mail(_("We received your message (ticket #%s)") % ticket.pk, body, None, [ticket.email])


@outbox.handles("help.ticket.answered")
def email_answer(event_id: int, payload: dict) -> None:
    ticket = Ticket.objects.filter(pk=payload.get("ticket_id"), status=TicketStatus.ANSWERED).first()
    if ticket is None:
        return
    with translation.override(ticket.language):
        body = "\n".join([_("Hello,"), "", ticket.answer, "", "—", _("Your message:"), ticket.message])
        send_mail(
            _("Re: %(subject)s (ticket #%(id)s)") % {"subject": ticket.subject, "id": ticket.pk},
            body,
            None,
            [ticket.email],
        )
