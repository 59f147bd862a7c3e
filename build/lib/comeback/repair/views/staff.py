"""The repair back office: the spare parts (staff see everything, a refurbisher its own parts and workshops):
the catalogue, stock per location, CSV import and the 7-year obligation report (page and CSV); and repairs as
open data (the Open Repair Data Standard)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comeback.core import clock, csv_export, markets
from comeback.core.forms import apply_problem
from comeback.core.money import Money
from comeback.core.problems import Problem
from comeback.web.access import parts_manager_required, staff_required

from .. import access, charts, obligation, ords, selectors
from ..forms import ImportForm, PartForm, StockForm
from ..models import Part, PartType, Stock
from ..services import parts, parts_csv


@parts_manager_required
@require_GET
def part_list(request):
    q, part_type = request.GET.get("q", "")[:100], request.GET.get("part_type", "")
    rows = selectors.managed_parts(user=request.user, query=q, part_type=part_type)[:300]
    return render(
        request,
        "repair/parts.html",
        {"parts": rows, "q": q, "part_type": part_type, "part_types": PartType.choices},
    )


def _draft(form: PartForm) -> parts.PartDraft:
    data = form.cleaned_data
    prices = {}
    for name in form.price_fields:
        if data.get(name) is not None:
            market = markets.get(name.removeprefix("price_"))
            prices[market.code] = Money(data[name], market.currency)
    return parts.PartDraft(
        sku=data["sku"],
        name=data["name"],
        part_type=data["part_type"],
        source=data["source"],
        compatible_models=list(data["compatible_models"]),
        lead_time_days=data["lead_time_days"],
        prices=prices,
        notes=data["notes"],
    )


@parts_manager_required
@require_http_methods(["GET", "POST"])
def part_new(request):
    form = PartForm(request.POST or None, markets=markets.all_markets())
    if request.method == "POST" and form.is_valid():
        try:
            part = parts.save_part(draft=_draft(form), actor=request.user)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("Part added."))
            return redirect("repair:part", part.pk)
    return render(
        request, "repair/part_form.html", {"form": form, "part": None}, status=422 if form.errors else 200
    )


def _managed(request, part_id: int) -> Part:
    part = Part.objects.select_related("seller", "donor_passport").filter(pk=part_id).first()
    if part is None or not access.manages_part(request.user, part):
        raise Http404(_("No such spare part."))
    return part


@parts_manager_required
@require_http_methods(["GET", "POST"])
def part_detail(request, part_id: int):
    part = _managed(request, part_id)
    locations = selectors.locations_of(request.user)
    initial = {
        "sku": part.sku,
        "name": part.name,
        "part_type": part.part_type,
        "source": part.source,
        "compatible_models": list(part.compatible_models.all()),
        "lead_time_days": part.lead_time_days,
        "notes": part.notes,
        **{f"price_{p.market_id}": p.amount for p in part.prices.all()},
    }
    form = PartForm(initial=initial, markets=markets.all_markets())
    stock_form = StockForm(locations=locations)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "stock":
        stock_form = StockForm(request.POST, locations=locations)
        if stock_form.is_valid():
            try:
                parts.set_stock(
                    part=part,
                    location=stock_form.cleaned_data["location"],
                    quantity=stock_form.cleaned_data["quantity"],
                    actor=request.user,
                )
                messages.success(request, _("Stock saved."))
                return redirect("repair:part", part.pk)
            except Problem as problem:
                apply_problem(stock_form, problem)
        status = 422
    elif request.method == "POST":
        form = PartForm(request.POST, markets=markets.all_markets())
        if form.is_valid():
            try:
                parts.save_part(draft=_draft(form), actor=request.user, part=part)
                messages.success(request, _("Part saved."))
                return redirect("repair:part", part.pk)
            except Problem as problem:
                apply_problem(form, problem)
        status = 422
    stock = Stock.objects.filter(part=part).select_related("location").order_by("location__name")
    movements = part.movements.select_related("location")[:20]
    return render(
        request,
        "repair/part_form.html",
        {"form": form, "part": part, "stock": stock, "stock_form": stock_form, "movements": movements},
        status=status,
    )


@parts_manager_required
@require_http_methods(["GET", "POST"])
def part_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = parts_csv.import_csv(
                data=form.cleaned_data["file"].read(parts_csv.MAX_CSV_BYTES + 1), actor=request.user
            )
        except Problem as problem:
            form.add_error(None, problem.detail)
            for error in problem.errors[:30]:
                form.add_error(None, f"{error['field']}: {error['message']}")
    return render(
        request,
        "repair/part_import.html",
        {"form": form, "result": result, "columns": parts_csv.REQUIRED_COLUMNS},
        status=422 if form.errors else 200,
    )


@parts_manager_required
@require_GET
def obligations(request):
    at_risk = request.GET.get("at_risk") == "1"
    q = request.GET.get("q", "")[:100]
    on = clock.now().date()
    rows = obligation.report(on=on, query=q)
    counts = obligation.summary(rows)
    shown = [r for r in rows if r.at_risk] if at_risk else rows
    return render(
        request,
        "repair/obligations.html",
        {
            "rows": shown,
            "counts": counts,
            "on": on,
            "at_risk": at_risk,
            "q": q,
            "chart": charts.state_bars(counts, title=_("Models under the parts obligation, by state")),
            "years": obligation.OBLIGATION_YEARS,
            "max_days": obligation.MAX_LEAD_TIME_WORKING_DAYS,
        },
    )


@parts_manager_required
@require_GET
def obligations_csv(request):
    """Models at risk (or all with ?all=1), one row per model and part type with an issue."""
    on = clock.now().date()
    rows = obligation.report(on=on, at_risk_only=request.GET.get("all") != "1")
    response, writer = csv_export.download(f"parts-obligation-{on.isoformat()}.csv")
    writer.writerow(
        [
            "product_id",
            "brand",
            "model",
            "end_of_placement",
            "parts_until",
            "running",
            "at_risk",
            "part_type",
            "parts",
            "stock",
            "best_lead_time_days",
            "issue",
        ]
    )
    for row in rows:
        for t in row.types:
            writer.writerow(
                [
                    row.product.pk,
                    row.product.brand.name,
                    row.product.name,
                    row.end_of_placement.isoformat() if row.end_of_placement else "",
                    row.until.isoformat() if row.until else "",
                    int(row.running),
                    int(row.at_risk),
                    t.part_type,
                    t.parts,
                    t.stock,
                    "" if t.best_lead_time is None else t.best_lead_time,
                    t.issue or "",
                ]
            )
    return response


PREVIEW_ROWS = 20


def _day(request, name: str) -> tuple[date | None, str]:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, ""
    try:
        return date.fromisoformat(raw), ""
    except ValueError:
        return None, _("Use a date like 2027-03-01.")


@staff_required
@require_GET
def open_data(request):
    """What the ORDS export holds, a preview of its latest rows, and the download."""
    since, since_error = _day(request, "since")
    until, until_error = _day(request, "until")
    found = ords.jobs(since=since, until=until)
    latest = list(found.reverse()[:PREVIEW_ROWS])
    status = 422 if since_error or until_error else 200
    return render(
        request,
        "repair/staff_open_data.html",
        {
            "count": found.count(),
            "rows": [ords.row(job) for job in latest],
            "columns": ords.COLUMNS,
            "version": ords.ORDS_VERSION,
            "since": request.GET.get("since", ""),
            "until": request.GET.get("until", ""),
            "since_error": since_error,
            "until_error": until_error,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


def ords_response(*, since: date | None, until: date | None) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        ords.csv_lines(ords.jobs(since=since, until=until).iterator()), content_type="text/csv; charset=utf-8"
    )
    name = f"comeback-repairs-ords-{ords.ORDS_VERSION}-{clock.now().date().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_required
@require_GET
def ords_csv(request):
    since, since_error = _day(request, "since")
    until, until_error = _day(request, "until")
    if since_error or until_error:
        return open_data(request)
    return ords_response(since=since, until=until)
