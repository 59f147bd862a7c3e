"""The staff back office of warranty claims: the escalation queue, deciding a claim, and the claims' figures.

Views translate HTTP and show a service's refusal on its form; rules live in services.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.web.access import staff_required

from .. import charts, selectors, services
from ..forms import DecisionForm, MessageForm
from ..models import Author, ClaimStatus, Fault
from .buyer import _detail_context

STATS_DAYS = 90


# Staff -----------------------------------------------------------------------------------------------
@staff_required
def staff_queue(request):
    active = (
        selectors.staff_claims()
        .filter(status__in=[ClaimStatus.OPEN, ClaimStatus.IN_REPAIR, ClaimStatus.AWAITING_BUYER])
        .order_by("answer_due_at")
    )
    return render(
        request,
        "aftersales/staff_queue.html",
        {
            "escalated": selectors.escalated()[:200],
            "active": active[:200],
            "now": clock.now(),
            "nav": "queue",
        },
    )


@staff_required
def staff_claim(request, pk: int):
    try:
        claim = services.staff_claim(user=request.user, claim_id=pk)
    except NotFound:
        raise Http404(_("No such claim.")) from None
    form, message_form = DecisionForm(), MessageForm()
    if request.method == "POST":
        if request.POST.get("action") == "decide":
            form = DecisionForm(request.POST)
            if form.is_valid():
                try:
                    services.decide_claim(user=request.user, claim_id=pk, **form.cleaned_data)
                except Problem as problem:
                    apply_problem(form, problem)
                else:
                    messages.success(request, _("Decision recorded."))
                    return redirect("aftersales:staff_claim", pk)
        else:
            message_form = MessageForm(request.POST)
            if message_form.is_valid():
                try:
                    services.post_message(
                        claim=claim,
                        author=Author.STAFF,
                        user=request.user,
                        body=message_form.cleaned_data["body"],
                    )
                except Problem as problem:
                    messages.error(request, problem.detail)
                return redirect("aftersales:staff_claim", pk)
    return render(
        request,
        "aftersales/staff_claim.html",
        _detail_context(claim, decision_form=form, message_form=message_form, nav="queue"),
    )


@staff_required
def staff_stats(request):
    until = clock.now()
    since = until - timedelta(days=STATS_DAYS)
    market = markets.find(request.GET.get("market"))
    stats = selectors.claim_stats(since=since, until=until, market=market.code if market else None)
    labels = dict(Fault.choices)
    by_fault = sorted(((str(labels[f]), n) for f, n in stats["per_fault"].items()), key=lambda r: -r[1])
    return render(
        request,
        "aftersales/staff_stats.html",
        {
            "stats": stats,
            "since": since,
            "until": until,
            "nav": "stats",
            "selected_market": market,
            "markets": markets.all_markets(),
            "fault_chart": charts.horizontal_bars(
                by_fault, title=_("Claims per fault, last %d days") % STATS_DAYS
            ),
            "seller_chart": charts.horizontal_bars(
                [(r["seller"], r["claims"]) for r in stats["per_seller"][:15]],
                title=_("Claims per seller, last %d days") % STATS_DAYS,
            ),
        },
    )
