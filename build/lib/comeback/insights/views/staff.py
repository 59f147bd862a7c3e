"""Staff insights pages: the dashboard (htmx-updated, works without JS), CSV exports, the rate table and the
backstage (dead outbox events, jobs, queues). Views only translate HTTP; numbers come from selectors."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comeback.core import csv_export
from comeback.core.forms import apply_problem
from comeback.core.problems import Invalid, Problem
from comeback.web.access import staff_required

from .. import backstage as backstage_selectors
from .. import filters, selectors, services
from .. import rates as rate_table
from ..forms import RateForm

# Resolved when the refusal is shown, in the visitor's language.
ONLY_STAFF = gettext_lazy("Only staff may open the operator insights.")


def _filters(request) -> tuple[filters.Filters, str]:
    """The request's filters, or the defaults with the refusal to show (a bad link must not 500)."""
    try:
        return filters.parse(request.GET), ""
    except Invalid as problem:
        return filters.parse({}), problem.detail


def _options(choices, selected) -> SafeString:
    """<option>s of (pk, name) pairs, built here rather than in a template loop: every seller is one."""
    return mark_safe(  # names are escaped
        "".join(
            f'<option value="{pk}"{" selected" if pk == selected else ""}>{escape(name)}</option>'
            for pk, name in choices
        )
    )


@staff_required(refusal=ONLY_STAFF)
def dashboard(request):
    f, error = _filters(request)
    ctx = {
        "f": f,
        "error": error,
        "panels": selectors.dashboard(f),
        "refresh": selectors.correct_to(),
        "query": urlencode(f.query()),
        "periods": filters.PERIOD_WEEKS,
    }
    if request.headers.get("HX-Request"):
        return render(request, "insights/_panels.html", ctx)
    choices = selectors.filter_choices()
    ctx.update(
        choices=choices,
        category_options=_options(choices["categories"], f.category),
        seller_options=_options(choices["sellers"], f.seller),
    )
    return render(request, "insights/dashboard.html", ctx)


@staff_required(refusal=ONLY_STAFF)
def export_csv(request, key: str):
    f, _error = _filters(request)
    panel = selectors.panel(key, f)
    if panel is None:
        raise Http404(_("No such panel."))
    response, writer = csv_export.download(f"insights-{key}-{f.start}-{f.end}.csv")
    writer.writerow([c.label for c in panel.columns])
    writer.writerows(panel.table)
    return response


@staff_required(refusal=ONLY_STAFF)
def rates(request):
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate = services.save_rate(**form.cleaned_data, by=request.user)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("Rate saved: %(rate)s.") % {"rate": rate})
            return redirect("insights:rates")
    return render(
        request,
        "insights/rates.html",
        {"form": form, "rates": rate_table.rates_list()},
        status=422 if request.method == "POST" else 200,
    )


@staff_required(refusal=ONLY_STAFF)
def backstage(request):
    """Dead outbox events (replayed from here), the scheduler's jobs and the task queues."""
    if request.method == "POST":
        try:
            event_id = int(request.POST.get("event_id", ""))
        except ValueError:
            messages.error(request, _("Choose an event to replay."))
        else:
            try:
                backstage_selectors.replay(event_id=event_id, staff=request.user)
            except Problem as problem:
                messages.error(request, problem.detail)
            else:
                messages.success(
                    request, _("Event %(id)s replayed: a drain delivers it now.") % {"id": event_id}
                )
        return redirect("insights:backstage")
    dead, total = backstage_selectors.dead_letters()
    return render(
        request,
        "insights/backstage.html",
        {
            "dead": dead,
            "dead_total": total,
            "jobs": backstage_selectors.jobs(),
            "queues": backstage_selectors.task_queues(),
            "max_attempts": settings.OUTBOX_MAX_ATTEMPTS,
        },
    )
