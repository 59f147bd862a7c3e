"""The seller's own pages: its standing (status, deadline, today's cap, metrics, alerts, history) and its
trader traceability. Views translate HTTP and show problems on forms; rules live in services.py and
processes.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.web.access import login_required

from .. import quality, selectors, traceability
from ..forms import TraceabilityForm
from ..metrics import seller_metrics
from ..models import SellerStatus


def my_trust(request):
    """The seller's standing: status, deadline, today's cap, metrics, alerts and history."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    seller = selectors.seller_for_user(request.user)
    if seller is None:
        return redirect("sellers:apply")
    at = clock.now()
    windows = (
        seller_metrics(seller, at=at)
        if seller.status not in (SellerStatus.APPLIED, SellerStatus.REJECTED)
        else {}
    )
    return render(
        request,
        "sellers/my_trust.html",
        {
            "seller": seller,
            "windows": windows,
            "history": selectors.history(seller),
            "metric_rows": selectors.metric_rows(windows) if windows else [],
            "alerts": selectors.live_alerts(seller),
            "thresholds": quality.THRESHOLDS,
            "rating_threshold": quality.RATING_THRESHOLD_STARS,
        },
    )


@login_required
def my_traceability(request):
    """The seller gives its DSA Art. 30 traceability pieces; listing waits until they are complete."""
    seller = selectors.seller_for_user(request.user)
    if seller is None:
        return redirect("sellers:apply")
    form = TraceabilityForm(
        request.POST or None,
        initial={
            "trade_register": seller.trade_register,
            "id_document_type": seller.id_document_type,
            "id_document_number": seller.id_document_number,
            "id_document_holder": seller.id_document_holder,
            "self_certification": seller.self_certified_at is not None,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                traceability.record(seller=seller, **form.cleaned_data)
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(request, _("Traceability information saved."))
                return redirect("sellers:my_traceability")
        status = 422
    missing = [str(traceability.PIECES[m]) for m in traceability.missing(seller)]
    return render(
        request,
        "sellers/traceability.html",
        {"seller": seller, "form": form, "missing": missing},
        status=status,
    )
