"""Anyone reports a listing (docs/trust.md "Reports")."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from comeback.core import ratelimit
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.offers.models import Offer

from .. import reports
from ..forms import ReportForm


def report(request, offer_id: int):
    offer = Offer.objects.select_related("variant__product", "seller").filter(pk=offer_id).first()
    if offer is None:
        raise Http404(_("No such listing."))
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                ratelimit.hit("report", ratelimit.client_ip(request), rate="20/h")
                reports.file(
                    offer_id=offer.pk,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    reporter=request.user if request.user.is_authenticated else None,
                    email=form.cleaned_data["email"],
                )
            except Problem as problem:
                apply_problem(form, problem)
            else:
                return render(request, "trust/report_sent.html", {"offer": offer})
        return render(request, "trust/report.html", {"offer": offer, "form": form}, status=422)
    return render(request, "trust/report.html", {"offer": offer, "form": form})
