"""Staff: trade-in payments past their promise, to chase (the overdue) and to learn from (the late)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import clock
from comeback.core.forms import Form
from comeback.core.problems import Problem
from comeback.web.access import staff_required

from ..models import DeviceRoute, HeldOutcome, Route
from ..processes import PAY_WITHIN_BUSINESS_DAYS
from ..services import payout_promise, routing

LATE_WINDOW = timedelta(days=90)
SHOWN = 100


@staff_required(refusal=gettext_lazy("Only staff follow trade-in payments."))
def payouts(request):
    now = clock.now()
    overdue = list(payout_promise.overdue(now).select_related("market", "seller")[:SHOWN])
    late = list(
        payout_promise.paid_late()
        .filter(payout__sent_at__gte=now - LATE_WINDOW)
        .select_related("market", "seller", "payout")
        .order_by("-payout__sent_at")[:SHOWN]
    )
    for t in overdue:
        t.days_late = (now - t.payout_due_at).days
    return render(
        request,
        "tradein/staff_payouts.html",
        {
            "overdue": overdue,
            "late": late,
            "overdue_count": payout_promise.overdue(now).count(),
            "days": PAY_WITHIN_BUSINESS_DAYS,
            "window_days": LATE_WINDOW.days,
        },
    )


class HeldDecisionForm(Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Where the device goes"), choices=HeldOutcome.choices)
    note = forms.CharField(
        label=gettext_lazy("Record (police report number, owner's proof…)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@staff_required(refusal=gettext_lazy("Only staff decide where a held device goes."))
def held(request):
    """Devices traded in while on a block list: kept for their owner or the police until staff decide."""
    if request.method == "POST":
        form = HeldDecisionForm(request.POST)
        if form.is_valid():
            try:
                routing.decide_held(
                    ref=request.POST.get("ref", ""),
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
            except Problem as problem:
                messages.error(request, problem.detail)
            else:
                messages.success(request, _("Decision recorded."))
        else:
            messages.error(request, _("Choose where the device goes and record on what basis."))
        return redirect("tradein:staff_held")
    rows = DeviceRoute.objects.filter(route=Route.HELD).select_related("tradein__seller", "held_decided_by")
    return render(
        request,
        "tradein/staff_held.html",
        {
            "waiting": list(rows.filter(held_outcome="").order_by("decided_at")[:SHOWN]),
            "decided": list(rows.exclude(held_outcome="").order_by("-held_decided_at")[:20]),
            "form": HeldDecisionForm(),
        },
    )
