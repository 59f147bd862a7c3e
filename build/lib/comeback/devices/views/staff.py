"""Staff: units refused at shipping or trade-in (docs/trust.md "Stolen and blocked units"), closing their
alerts with a record, and recording hand-overs."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.sellers.models import Seller
from comeback.web.access import staff_required

from .. import services
from ..forms import CloseForm, HandOverForm
from ..models import AlertStatus, DeviceAlert, HandOver

SHOWN = 100
REFUSAL = gettext_lazy("Only staff follow refused units.")


def _page(request, *, hand_over_form=None, status=200):
    return render(
        request,
        "devices/staff_alerts.html",
        {
            "open": list(
                DeviceAlert.objects.filter(status=AlertStatus.OPEN).select_related("seller")[:SHOWN]
            ),
            "closed": list(
                DeviceAlert.objects.filter(status=AlertStatus.CLOSED).select_related("seller", "closed_by")[
                    :20
                ]
            ),
            "hand_overs": list(HandOver.objects.select_related("to_seller", "from_seller")[:20]),
            "close_form": CloseForm(),
            "hand_over_form": hand_over_form or HandOverForm(),
        },
        status=status,
    )


@staff_required(refusal=REFUSAL)
def alerts(request):
    return _page(request)


@staff_required(refusal=REFUSAL)
def close(request, alert_id: int):
    if request.method != "POST":
        return redirect("devices:staff_alerts")
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Record what was done before closing the alert."))
        return redirect("devices:staff_alerts")
    try:
        services.close_alert(alert_id=alert_id, by=request.user, note=form.cleaned_data["note"])
    except Problem as problem:
        messages.error(request, problem.detail)
    else:
        messages.success(request, _("Alert closed."))
    return redirect("devices:staff_alerts")


@staff_required(refusal=REFUSAL)
def hand_over(request):
    if request.method != "POST":
        return redirect("devices:staff_alerts")
    form = HandOverForm(request.POST)
    if form.is_valid():
        seller = Seller.objects.filter(pk=form.cleaned_data["to_seller_id"]).first()
        if seller is None:
            form.add_error("to_seller_id", _("No seller has this number."))
        else:
            try:
                services.hand_over(
                    identifier=form.cleaned_data["identifier"],
                    to_seller=seller,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(
                    request, _("Hand-over recorded: %s may now ship this unit.") % seller.display_name
                )
                return redirect("devices:staff_alerts")
    return _page(request, hand_over_form=form, status=422)
