"""Web pages of after-sales: the buyer's claims, the seller portal's claims and the staff back office.

Views translate HTTP and show a service's refusal on its form; rules live in services.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comeback.core import clock, markets
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.offers.models import Offer, OfferStatus
from comeback.offers.views import seller_required
from comeback.orders.services import fulfilment
from comeback.web.access import staff_required

from . import charts, selectors, services, warranty
from .forms import AnswerForm, ClaimForm, DecisionForm, MessageForm, ReopenForm, RepairedForm
from .models import Author, ClaimPhoto, ClaimStatus, Fault

STATS_DAYS = 90
BUYER_ACTIONS = ("confirm", "reopen", "message")


def _detail_context(claim, **extra) -> dict:
    at = clock.now()
    return {
        "claim": claim,
        "escalated": claim.is_escalated(at),
        "thread": selectors.thread(claim),
        "warranty": warranty.for_line(claim.order_line, at=at),
        "photos": list(claim.photos.all()),
        "market": markets.find(claim.market),
        "message_form": MessageForm(),
        **extra,
    }


# Buyer -----------------------------------------------------------------------------------------------
@login_required
def my_claims(request):
    page = Paginator(selectors.buyer_claims(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "aftersales/my_claims.html", {"page": page, "now": clock.now()})


@login_required
def new_claim(request, line_id: int):
    try:
        line = fulfilment.buyer_line(buyer=request.user, line_id=line_id)
    except NotFound:
        raise Http404(_("No such item in your orders.")) from None
    w = warranty.for_line(line)
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = services.ClaimDraft(
            line_id=line.pk,
            fault=data["fault"],
            description=data["description"],
            declared_dropped=data["declared_dropped"],
            declared_liquid=data["declared_liquid"],
            declared_third_party_repair=data["declared_third_party_repair"],
            battery_health=data["battery_health"],
            photos=data["photos"],
        )
        try:
            claim = services.open_claim(buyer=request.user, draft=draft)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(request, _("Your claim is open. The seller answers within 2 business days."))
            return redirect("aftersales:claim", claim.pk)
    return render(
        request,
        "aftersales/new_claim.html",
        {"form": form, "line": line, "warranty": w, "market": markets.find(line.order.market_id)},
    )


@login_required
def claim_detail(request, pk: int):
    try:
        claim = services.buyer_claim(buyer=request.user, claim_id=pk)
    except NotFound:
        raise Http404(_("No such claim.")) from None
    return render(request, "aftersales/claim_detail.html", _detail_context(claim, reopen_form=ReopenForm()))


@login_required
@require_POST
def buyer_action(request, pk: int, action: str):
    if action not in BUYER_ACTIONS:
        raise Http404(_("No such action."))
    try:
        claim = services.buyer_claim(buyer=request.user, claim_id=pk)
    except NotFound:
        raise Http404(_("No such claim.")) from None
    try:
        if action == "confirm":
            services.confirm_resolution(buyer=request.user, claim_id=pk)
            messages.success(request, _("Thank you: the claim is resolved."))
        elif action == "reopen":
            services.reopen_claim(buyer=request.user, claim_id=pk, reason=request.POST.get("reason", ""))
            messages.success(
                request, _("The claim is open again; the seller answers within 2 business days.")
            )
        else:
            services.post_message(
                claim=claim, author=Author.BUYER, user=request.user, body=request.POST.get("body", "")
            )
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("aftersales:claim", pk)


@login_required
@require_GET
def photo(request, pk: int):
    row = ClaimPhoto.objects.select_related("claim").filter(pk=pk).first()
    user = request.user
    allowed = row is not None and (
        user.is_staff or row.claim.buyer_id == user.pk or row.claim.seller.user_id == user.pk
    )
    if not allowed:
        raise Http404(_("No photo."))
    response = FileResponse(row.image.open("rb"), content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Seller ----------------------------------------------------------------------------------------------
@seller_required
def seller_claims(request):
    status = request.GET.get("status") or None
    claims = selectors.seller_claims(request.seller, status=status, active=status is None)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "aftersales/seller_claims.html",
        {"page": page, "now": clock.now(), "status": status, "statuses": ClaimStatus.choices},
    )


def _answer_form(claim, data=None):
    offers = Offer.objects.filter(
        seller_id=claim.seller_id,
        market_id=claim.market,
        quantity__gte=1,
        variant_id=claim.order_line.offer.variant_id,
        status__in=[OfferStatus.ACTIVE, OfferStatus.PAUSED],
    )
    return AnswerForm(data, offers=list(offers))


@seller_required
def seller_claim(request, pk: int):
    try:
        claim = services.seller_claim(seller=request.seller, claim_id=pk)
    except NotFound:
        raise Http404(_("No such claim.")) from None
    answer_form, repaired_form = _answer_form(claim), RepairedForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                answer_form = _answer_form(claim, request.POST)
                if answer_form.is_valid():
                    data = answer_form.cleaned_data
                    services.answer_claim(
                        seller=request.seller, claim_id=pk, draft=services.AnswerDraft(**data)
                    )
                    messages.success(request, _("Your answer is sent to the buyer."))
                    return redirect("aftersales:seller_claim", pk)
            elif action == "repaired":
                repaired_form = RepairedForm(request.POST)
                if repaired_form.is_valid():
                    services.complete_repair(seller=request.seller, claim_id=pk, **repaired_form.cleaned_data)
                    messages.success(request, _("The buyer is told the unit is on its way back."))
                    return redirect("aftersales:seller_claim", pk)
            else:
                services.post_message(
                    claim=claim, author=Author.SELLER, user=request.user, body=request.POST.get("body", "")
                )
                return redirect("aftersales:seller_claim", pk)
        except Problem as problem:
            apply_problem(repaired_form if action == "repaired" else answer_form, problem)
            if action not in ("answer", "repaired"):
                messages.error(request, problem.detail)
        claim = services.seller_claim(seller=request.seller, claim_id=pk)
    return render(
        request,
        "aftersales/seller_claim.html",
        _detail_context(claim, answer_form=answer_form, repaired_form=repaired_form),
    )


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
    form = DecisionForm()
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
            try:
                services.post_message(
                    claim=claim, author=Author.STAFF, user=request.user, body=request.POST.get("body", "")
                )
            except Problem as problem:
                messages.error(request, problem.detail)
            return redirect("aftersales:staff_claim", pk)
    return render(
        request, "aftersales/staff_claim.html", _detail_context(claim, decision_form=form, nav="queue")
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
