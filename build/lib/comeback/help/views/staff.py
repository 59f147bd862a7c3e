"""The back office's help desk: open tickets first, each answered once by email."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.web.access import staff_required

from ..forms import AnswerForm
from ..models import Ticket, TicketStatus

LIST_LIMIT = 100


@staff_required
def tickets(request):
    status = request.GET.get("status", TicketStatus.OPEN)
    if status not in TicketStatus.values:
        status = TicketStatus.OPEN
    rows = Ticket.objects.filter(status=status).select_related("user")
    # Open tickets oldest first (the longest wait is answered first); answered ones newest first.
    rows = list((rows.order_by("created_at", "id") if status == TicketStatus.OPEN else rows)[:LIST_LIMIT])
    return render(
        request,
        "help/staff_tickets.html",
        {
            "tickets": rows,
            "status": status,
            "open_count": Ticket.objects.filter(status=TicketStatus.OPEN).count(),
        },
    )


@staff_required
def ticket(request, ticket_id: int):
    from .. import services

    found = Ticket.objects.filter(pk=ticket_id).select_related("user", "answered_by").first()
    if found is None:
        raise Http404
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_ticket(
                    ticket_id=found.pk, staff=request.user, answer=form.cleaned_data["answer"]
                )
            except NotFound:
                raise Http404 from None
            except Problem as problem:
                apply_problem(form, problem)
                status = problem.status
            else:
                messages.success(request, _("Answer sent to %s.") % found.email)
                return redirect("help:staff_tickets")
        else:
            status = 422
    return render(request, "help/staff_ticket.html", {"ticket": found, "form": form}, status=status)
