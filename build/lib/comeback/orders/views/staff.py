"""Back-office pages for returns: the queue (escalated first) and one return, where staff record the
parcel's delivery, confirm receipt or refund in the seller's stead, each with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comeback.core import clock
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.web.access import staff_required

from ..forms import StaffReturnForm
from ..services import return_escalation, return_labels

ACTIONS = {
    "parcel-delivered": (return_escalation.staff_parcel_delivered, _("Parcel delivery recorded.")),
    "receive": (return_escalation.staff_receive, _("Receipt recorded in the seller's stead.")),
    "refund": (return_escalation.staff_refund, _("Refunded to the buyer's original payment.")),
}


@staff_required
def queue(request):
    now = clock.now()
    only = request.GET.get("escalated") == "1"
    rows = return_escalation.sort_for_staff(
        list(return_escalation.staff_queue(at=now, escalated_only=only)[:300]), at=now
    )
    for r in rows:
        r.escalated_stage = r.escalation(now)
    return render(
        request,
        "orders/staff_returns.html",
        {"rows": rows, "escalated_only": only, "escalated_count": sum(1 for r in rows if r.escalated_stage)},
    )


def _detail(request, return_id: int, *, form=None, status: int = 200):
    try:
        ret = return_escalation.staff_return(user=request.user, return_id=return_id)
    except NotFound:
        raise Http404 from None
    ret.escalated_stage = ret.escalation(clock.now())
    return render(
        request,
        "orders/staff_return.html",
        {
            "ret": ret,
            "form": form or StaffReturnForm(),
            "instructions": return_labels.instructions(carrier=ret.label_carrier)
            if ret.label_tracking
            else [],
        },
        status=status,
    )


@staff_required
def detail(request, return_id: int):
    return _detail(request, return_id)


@staff_required
@require_POST
def act(request, return_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    service, success = ACTIONS[action]
    form = StaffReturnForm(request.POST)
    if form.is_valid():
        try:
            service(user=request.user, return_id=return_id, reason=form.cleaned_data["reason"])
        except NotFound:
            raise Http404 from None
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, success)
            return redirect("orders:staff_return", return_id)
    return _detail(request, return_id, form=form, status=422)
