"""The staff payouts page: runs with their files, reconciliation state, statement import, a chart."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, to_locale
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comeback.core import clock
from comeback.core.money import Money
from comeback.core.problems import Problem
from comeback.web.access import staff_required

from .. import charts, conf, dac7, selectors
from ..api.staff import xml_download
from ..forms import RunForm, StatementForm
from ..models import PayoutFile, PayoutRun
from ..services import runs, statements

staff_only = staff_required(refusal=gettext_lazy("Only staff run payouts and import bank statements."))


@staff_only
def home(request):
    rows = selectors.runs()
    today = runs.run_date(clock.now())
    return render(
        request,
        "payouts/staff_home.html",
        {
            "rows": rows,
            "chart": charts.runs_chart(rows),
            "reconciliation": selectors.reconciliation(),
            "statements": selectors.statements(),
            "statement_form": StatementForm(),
            "run_form": RunForm(),
            "today": today,
            "is_payout_day": runs.is_payout_day(today),
            "next_run": runs.next_payout_day(today),
            "payout_days": conf.payout_days(),
        },
    )


@staff_only
def run_detail(request, run_id: int):
    run = get_object_or_404(PayoutRun, pk=run_id)
    context = {"run": run, "transfers": selectors.run_transfers(run), "files": run.files.defer("content")}
    return render(request, "payouts/staff_run.html", context)


@staff_only
def file_download(request, file_id: int):
    return xml_download(get_object_or_404(PayoutFile, pk=file_id))


@require_POST
@staff_only
def start_run(request):
    form = RunForm(request.POST)
    force = form.is_valid() and form.cleaned_data["force"]
    run = runs.run_due(user=request.user, force=force)
    if run is None:
        messages.error(request, _("Today is not a payout day; tick the box to run anyway."))
        return redirect("payouts:staff_home")
    messages.success(
        request,
        _("Payout run of %(date)s: %(status)s.") % {"date": run.run_date, "status": run.get_status_display()},
    )
    return redirect("payouts:staff_run", run_id=run.pk)


@require_POST
@staff_only
def import_statement(request):
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a camt.053 file to import."))
        return redirect("payouts:staff_home")
    try:
        statement = statements.import_statement(
            content=form.cleaned_data["file"].read(statements.MAX_BYTES + 1), user=request.user
        )
    except Problem as problem:
        messages.error(request, problem.detail)
        return redirect("payouts:staff_home")
    messages.success(
        request,
        _("Statement %(id)s imported: %(matched)d of %(count)d entries settled a transfer.")
        % {"id": statement.statement_id, "matched": statement.matched_count, "count": statement.entry_count},
    )
    return redirect("payouts:staff_home")


@staff_only
def dac7_report(request):
    """The year's sellers with their DAC7 figures, and the report to download."""
    this_year = clock.local_date(clock.now(), dac7.CALENDAR_TZ).year
    try:
        year = int(request.GET.get("year", this_year - 1))
    except ValueError:
        year = this_year - 1
    year = min(max(year, 2000), this_year)
    try:
        report, problem = dac7.build(year=year), None
    except Problem as refused:
        report, problem = None, refused
    context = {
        "year": year,
        "years": list(range(this_year, this_year - 5, -1)),
        "report": report,
        "problem": problem,
        "min_sales": dac7.MIN_SALES,
        "min_consideration": Money(dac7.MIN_CONSIDERATION_EUR, "EUR").format(
            to_locale(get_language() or "en")
        ),
    }
    return render(request, "payouts/staff_dac7.html", context, status=409 if problem else 200)


@staff_only
def dac7_download(request, year: int, fmt: str):
    try:
        report = dac7.build(year=year)
    except Problem as problem:
        messages.error(request, problem.detail)
        return redirect(f"{reverse('payouts:staff_dac7')}?year={year}")
    if fmt == "xml":
        body, content_type = dac7.to_xml(report, platform=conf.platform_identity()), "application/xml"
    else:
        body, content_type = dac7.to_csv(report).encode(), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dac7-{year}.{fmt}"'
    return response
