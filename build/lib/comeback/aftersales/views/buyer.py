"""The buyer's warranty claims: open one, follow it, confirm, reopen or write; and a claim's photos, shown only
to its buyer, its seller and staff.

Views translate HTTP and show a service's refusal on its form; rules live in services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comeback.core import clock, markets
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.orders import warranty
from comeback.orders.services import fulfilment
from comeback.web.access import login_required

from .. import selectors, services
from ..forms import ClaimForm, MessageForm, ReopenForm
from ..models import Author, ClaimPhoto
from ..processes import ANSWER_BUSINESS_DAYS

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
            remedy=data["remedy"],
            photos=data["photos"],
        )
        try:
            claim = services.open_claim(buyer=request.user, draft=draft)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            messages.success(
                request,
                _("Your claim is open. The seller answers within %(days)d business days.")
                % {"days": ANSWER_BUSINESS_DAYS},
            )
            return redirect("aftersales:claim", claim.pk)
    return render(
        request,
        "aftersales/new_claim.html",
        {"form": form, "line": line, "warranty": w, "market": markets.find(line.order.market_id)},
        status=422 if request.method == "POST" else 200,
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
    form = {"reopen": ReopenForm, "message": MessageForm}.get(action, lambda data: None)(request.POST)
    if form is not None and not form.is_valid():
        forms = (
            {"reopen_form": form}
            if action == "reopen"
            else {"reopen_form": ReopenForm(), "message_form": form}
        )
        return render(request, "aftersales/claim_detail.html", _detail_context(claim, **forms), status=422)
    try:
        if action == "confirm":
            services.confirm_resolution(buyer=request.user, claim_id=pk)
            messages.success(request, _("Thank you: the claim is resolved."))
        elif action == "reopen":
            services.reopen_claim(buyer=request.user, claim_id=pk, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("The claim is open again; the seller answers within %(days)d business days.")
                % {"days": ANSWER_BUSINESS_DAYS},
            )
        else:
            services.post_message(
                claim=claim, author=Author.BUYER, user=request.user, body=form.cleaned_data["body"]
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
