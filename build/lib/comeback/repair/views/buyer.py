"""The repair customer's own pages: my bookings (cancel, reschedule, the job's result with the unit's passport)
and the European Repair Information Form issued for a booking (read in the form's language, HTML or PDF with
?format=pdf, and accept)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.core import clock
from comeback.core.problems import NotFound, Problem
from comeback.web.access import login_required

from .. import information_form, selectors, slots
from ..forms import RescheduleForm
from ..models import BookingStatus
from ..services import bookings
from ..services import information_forms as rif


@login_required
@require_GET
def my_bookings(request):
    return render(request, "repair/bookings.html", {"bookings": selectors.bookings_of(request.user)})


def _mine(request, reference: str):
    try:
        return bookings.get_for(user=request.user, reference=reference)
    except NotFound:
        raise Http404(_("No such booking.")) from None


@login_required
@require_GET
def booking(request, reference: str):
    b = _mine(request, reference)
    job = getattr(b, "job", None)
    days = slots.next_days(b.location, b.service) if b.status == BookingStatus.BOOKED else []
    return render(
        request,
        "repair/booking.html",
        {"booking": b, "job": job, "days": days, "form": RescheduleForm()},
    )


@login_required
@require_POST
def cancel(request, reference: str):
    b = _mine(request, reference)
    try:
        bookings.cancel(booking=b, user=request.user)
        messages.success(request, _("Your booking is cancelled."))
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("repair:booking", b.reference)


@login_required
@require_POST
def reschedule(request, reference: str):
    b = _mine(request, reference)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick a new time."))
        return redirect("repair:booking", b.reference)
    try:
        bookings.reschedule(booking=b, user=request.user, starts_at=form.cleaned_data["starts_at"])
        messages.success(request, _("Your booking is moved."))
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("repair:booking", b.reference)


@login_required
@require_http_methods(["GET", "HEAD"])
def show(request, reference: str):
    """The booking's form (the accepted one, else the latest), in its language; ?format=pdf prints it."""
    booking = _mine(request, reference)
    form = rif.current_for(booking)
    if form is None:
        raise Http404(_("No repair information form for this booking yet."))
    if request.GET.get("format") == "pdf":
        response = HttpResponse(information_form.render_pdf(form), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{form.reference}.pdf"'
        return response
    today = clock.local_date(clock.now(), booking.location.timezone)
    with translation.override(form.language):
        rows = information_form.rows(form)
        return render(
            request,
            "repair/information_form.html",
            {
                "booking": booking,
                "form": form,
                "rows": rows,
                "directive": information_form.DIRECTIVE,
                "may_accept": booking.customer_id == request.user.pk
                and form.accepted_at is None
                and today <= form.valid_until,
                "lang": form.language,
            },
        )


@login_required
@require_POST
def accept(request, reference: str):
    booking = _mine(request, reference)
    form = rif.current_for(booking)
    if form is None:
        raise Http404(_("No repair information form for this booking yet."))
    try:
        rif.accept(form=form, user=request.user)
        messages.success(
            request, _("Accepted: the repair is carried out at this price and within this time.")
        )
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("repair:information_form", booking.reference)
