"""Staff: mystery orders (docs/trust.md "Mystery orders"): place one, record what arrived."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.web.access import staff_required

from .. import mystery
from ..forms import InspectionForm, PlaceForm
from ..models import MysteryOrder

REFUSAL = gettext_lazy("Only staff place and inspect mystery orders.")


def _page(request, *, place_form=None, status=200):
    rows = list(MysteryOrder.objects.select_related("seller", "offer")[:100])
    return render(
        request,
        "trust/staff_mystery.html",
        {"rows": rows, "place_form": place_form or PlaceForm(), "inspection_form": InspectionForm()},
        status=status,
    )


@staff_required(refusal=REFUSAL)
def mystery_orders(request):
    if request.method != "POST":
        return _page(request)
    form = PlaceForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            placed = mystery.place(
                staff=request.user,
                offer_id=d["offer_id"],
                shipping_address={k: d[k] for k in ("name", "line1", "postal_code", "city")},
                payment_method=d["payment_method"],
            )
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("Mystery order %s placed.") % placed.pk)
            return redirect("trust:staff_mystery")
    return _page(request, place_form=form, status=422)


@staff_required(refusal=REFUSAL)
def inspect(request, mystery_id: int):
    if request.method != "POST":
        return redirect("trust:staff_mystery")
    form = InspectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the inspection's fields."))
        return redirect("trust:staff_mystery")
    try:
        mystery.inspect(
            mystery_id=mystery_id, staff=request.user, inspection=mystery.Inspection(**form.cleaned_data)
        )
    except Problem as problem:
        messages.error(request, problem.detail)
    else:
        messages.success(request, _("Inspection recorded."))
    return redirect("trust:staff_mystery")


@staff_required(refusal=gettext_lazy("Only staff review contests and reports."))
def queue(request):
    """Contested statements and open reports: the trust queue."""
    from .. import reports, statements
    from ..forms import ReportDecisionForm, StatementDecisionForm
    from ..models import Report, ReportStatus, Statement, StatementStatus

    if request.method == "POST":
        try:
            if request.POST.get("statement_id"):
                form = StatementDecisionForm(request.POST)
                if not form.is_valid():
                    raise _form_problem(form)
                statements.decide(
                    statement_id=int(request.POST["statement_id"]),
                    outcome=form.cleaned_data["outcome"],
                    text=form.cleaned_data["statement"],
                    by=request.user,
                )
            else:
                form = ReportDecisionForm(request.POST)
                if not form.is_valid():
                    raise _form_problem(form)
                reports.decide(
                    report_id=int(request.POST.get("report_id") or 0),
                    action=form.cleaned_data["action"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                )
        except (Problem, ValueError) as problem:
            messages.error(request, getattr(problem, "detail", str(problem)))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect("trust:staff_queue")
    return render(
        request,
        "trust/staff_queue.html",
        {
            "contested": list(
                Statement.objects.filter(status=StatementStatus.CONTESTED).select_related("seller")[:100]
            ),
            "reports": list(
                Report.objects.filter(status=ReportStatus.OPEN).select_related("offer__seller")[:100]
            ),
            "statement_form": StatementDecisionForm(),
            "report_form": ReportDecisionForm(),
        },
    )


def _form_problem(form) -> Problem:
    from comeback.core.problems import Invalid

    field, errs = next(iter(form.errors.items()))
    return Invalid(f"{field}: {errs[0]}")
