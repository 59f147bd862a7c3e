"""The repairer's desk: today's bookings at their location, walk-ins, each job (diagnosis, parts fitted from the
location's stock, battery health, result and warranty), and the European Repair Information Form issued from a
booking."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.core.forms import Form, apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.web.access import login_required, repairer_required

from .. import access, selectors
from ..forms import CompleteForm, DiagnosisForm, StartForm, UsePartForm, WalkInForm
from ..models import Booking, JobStatus
from ..services import information_forms as rif
from ..services import jobs
from .buyer import _mine


def _chosen(request):
    wanted = request.GET.get("location") or request.POST.get("location")
    return next((loc for loc in request.locations if str(loc.pk) == wanted), request.locations[0])


@repairer_required
@require_GET
def desk(request):
    loc = _chosen(request)
    return render(
        request,
        "repair/desk.html",
        {
            "location": loc,
            "locations": request.locations,
            "market": loc.market,
            "walk_in": WalkInForm(),
            **selectors.desk(location=loc),
        },
    )


@repairer_required
@require_POST
def start_booking(request, reference: str):
    booking = Booking.objects.select_related("location", "product").filter(reference=reference).first()
    if booking is None or not access.works_at(request.user, booking.location):
        raise Http404(_("No such booking."))
    form = StartForm(request.POST)
    form.is_valid()
    try:
        job = jobs.start_job(
            user=request.user, booking=booking, passport_serial=form.cleaned_data.get("passport_serial", "")
        )
    except Problem as problem:
        messages.error(request, problem.detail)
        return redirect(f"{_desk_url()}?location={booking.location_id}")
    return redirect("repair:job", job.pk)


def _desk_url() -> str:
    from django.urls import reverse

    return reverse("repair:desk")


@repairer_required
@require_POST
def walk_in(request):
    loc = _chosen(request)
    form = WalkInForm(request.POST)
    if form.is_valid():
        try:
            job = jobs.start_job(
                user=request.user,
                location=loc,
                product=form.cleaned_data["product"],
                passport_serial=form.cleaned_data["passport_serial"],
                diagnosis=form.cleaned_data["diagnosis"],
                battery_before=form.cleaned_data["battery_before"],
            )
        except Problem as problem:
            apply_problem(form, problem)
        else:
            return redirect("repair:job", job.pk)
    return render(
        request,
        "repair/desk.html",
        {
            "location": loc,
            "locations": request.locations,
            "market": loc.market,
            "walk_in": form,
            **selectors.desk(location=loc),
        },
        status=422,
    )


def _job(request, job_id: int):
    try:
        return jobs.get_for(user=request.user, job_id=job_id)
    except NotFound:
        raise Http404(_("No such repair job.")) from None


def _job_page(request, job, *, diagnosis=None, use=None, complete=None, status=200):
    available = selectors.parts_for(product=job.product, location=job.location)
    return render(
        request,
        "repair/job.html",
        {
            "job": job,
            "location": job.location,
            "market": job.location.market,
            "parts": job.parts.select_related("part", "part__donor_passport").order_by("pk"),
            "diagnosis_form": diagnosis
            or DiagnosisForm(initial={"diagnosis": job.diagnosis, "battery_before": job.battery_before}),
            "use_form": use or UsePartForm(available=[a for a in available if a.quantity_here > 0]),
            "complete_form": complete
            or CompleteForm(initial={"warranty_months": jobs.REPAIR_WARRANTY_MONTHS}),
            "available": available,
            "open": job.status == JobStatus.OPEN,
        },
        status=status,
    )


@repairer_required
@require_http_methods(["GET", "POST"])
def job(request, job_id: int):
    j = _job(request, job_id)
    if request.method != "POST":
        return _job_page(request, j)
    action = request.POST.get("action")
    if action == "diagnosis":
        form = DiagnosisForm(request.POST)
        if form.is_valid():
            try:
                jobs.update_job(
                    job=j,
                    user=request.user,
                    diagnosis=form.cleaned_data["diagnosis"],
                    battery_before=form.cleaned_data["battery_before"],
                    passport_serial=form.cleaned_data["passport_serial"] or None,
                )
                messages.success(request, _("Diagnosis saved."))
                return redirect("repair:job", j.pk)
            except Problem as problem:
                apply_problem(form, problem)
        return _job_page(request, j, diagnosis=form, status=422)
    if action == "part":
        available = [
            a for a in selectors.parts_for(product=j.product, location=j.location) if a.quantity_here > 0
        ]
        form = UsePartForm(request.POST, available=available)
        if form.is_valid():
            try:
                jobs.use_part(
                    job=j,
                    user=request.user,
                    part=form.cleaned_data["part"],
                    quantity=form.cleaned_data["quantity"],
                )
                messages.success(request, _("Part fitted and taken from stock."))
                return redirect("repair:job", j.pk)
            except Problem as problem:
                apply_problem(form, problem, field_for={"part_id": "part"})
        return _job_page(request, j, use=form, status=422)
    if action == "complete":
        form = CompleteForm(request.POST)
        if form.is_valid():
            try:
                jobs.complete_job(job=j, user=request.user, **form.cleaned_data)
                messages.success(request, _("Job closed; the unit's passport is updated."))
                return redirect("repair:job", j.pk)
            except Problem as problem:
                apply_problem(form, problem)
        return _job_page(request, j, complete=form, status=422)
    raise Http404


class IssueForm(Form):
    defect = forms.CharField(
        label=gettext_lazy("Defect"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    repair = forms.CharField(
        label=gettext_lazy("Repair proposed"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    price = forms.IntegerField(label=gettext_lazy("Price (minor units)"), min_value=0, required=False)
    max_price = forms.IntegerField(
        label=gettext_lazy("Or its maximum (minor units)"), min_value=0, required=False
    )
    price_method = forms.CharField(
        label=gettext_lazy("How the price is calculated, without a fixed price"),
        max_length=500,
        required=False,
    )
    working_days = forms.IntegerField(
        label=gettext_lazy("Working days to repair"), min_value=1, max_value=rif.MAX_WORKING_DAYS, initial=2
    )
    replacement_available = forms.BooleanField(
        label=gettext_lazy("Temporary replacement available"), required=False
    )
    replacement_price = forms.IntegerField(
        label=gettext_lazy("Its price (minor units, empty: free)"), min_value=0, required=False
    )
    ancillary = forms.CharField(
        label=gettext_lazy("Ancillary services and their cost"), max_length=500, required=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, reference: str):
    """The repairer's page: fill the form from the booking, then the customer is shown it."""
    booking = _mine(request, reference)
    if not access.works_at(request.user, booking.location):
        return render(request, "repair/not_a_repairer.html", status=403)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rif.issue(booking=booking, user=request.user, draft=rif.FormDraft(**form.cleaned_data))
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("The repair information form is issued to the customer."))
            return redirect("repair:information_form", booking.reference)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "repair/information_form_issue.html", {"booking": booking, "form": form}, status=status
    )
