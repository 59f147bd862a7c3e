"""The seller portal's warranty claims: the list and answering one (remote help, repair, replacement, refund).

Views translate HTTP and show a service's refusal on its form; rules live in services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.offers.models import Offer, OfferStatus
from comeback.web.access import seller_required

from .. import selectors, services
from ..forms import AnswerForm, MessageForm, RepairedForm
from ..models import Author, ClaimStatus
from .buyer import _detail_context


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
    answer_form, repaired_form, message_form = _answer_form(claim), RepairedForm(), MessageForm()
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
                message_form = MessageForm(request.POST)
                if message_form.is_valid():
                    services.post_message(
                        claim=claim,
                        author=Author.SELLER,
                        user=request.user,
                        body=message_form.cleaned_data["body"],
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
        _detail_context(
            claim, answer_form=answer_form, repaired_form=repaired_form, message_form=message_form
        ),
    )
