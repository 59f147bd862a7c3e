"""The trade-in wizard anyone may start: model search → questionnaire → quote → accept (identity, IMEI,
bank account). The customer's own trade-ins are in buyer.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comeback.core import ratelimit
from comeback.core.problems import Problem

from .. import conditions, processes, selectors
from ..forms import AcceptForm, QuestionnaireForm, apply_problem
from ..models import TradeIn
from ..services import orders, quotes
from ..services.quotes import quote_status


def _partner(request):
    slug = request.GET.get("partner") or request.POST.get("partner") or ""
    return selectors.partner_by_slug(slug) if slug else None


@require_GET
def start(request):
    """Step 1: what is your device worth? Search the models refurbishers buy back in this market."""
    partner = _partner(request)
    q = request.GET.get("q", "")[:200]
    found = selectors.search_models(q=q, market=request.market, partner=partner) if q or partner else []
    popular = [] if found else selectors.search_models(q="", market=request.market, limit=12)
    rules = {
        "quote_days": processes.QUOTE_VALIDITY.days,
        "ship_days": processes.SHIP_WITHIN.days,
        "inspect_days": processes.INSPECT_WITHIN_BUSINESS_DAYS,
        "pay_days": processes.PAY_WITHIN_BUSINESS_DAYS,
    }
    context = {"q": q, "found": found, "popular": popular, "partner": partner, "rules": rules}
    return render(request, "tradein/start.html", context)


@require_http_methods(["GET", "POST"])
@ratelimit.limit_view("quote")
def questionnaire(request, product_id: int):
    """Step 2: five questions; the answers map to a condition tier and an instant quote."""
    product = selectors.tradeable_product(product_id)
    if product is None:
        raise Http404(_("No such model."))
    partner = _partner(request)
    options = selectors.storage_options(product)
    form = QuestionnaireForm(
        request.POST or None,
        product=product,
        storage_options=options,
        initial={"partner": partner.slug if partner else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            quote = quotes.request_quote(
                product_id=product.pk,
                storage_gb=form.cleaned_data.get("storage_gb") or 0,
                market=request.market.code,
                answers=form.answers(),
                partner=form.cleaned_data.get("partner") or None,
                user=request.user,
            )
            return redirect("tradein:quote", ref=quote.ref)
        except Problem as problem:
            apply_problem(form, problem)
    return render(
        request,
        "tradein/questionnaire.html",
        {
            "product": product,
            "form": form,
            "partner": partner,
            "has_screen": conditions.has_screen(product),
        },
    )


def _quote_or_404(ref: str):
    quote = selectors.quote_by_ref(ref)
    if quote is None or quote.store_id is not None:
        raise Http404(_("No such quote."))
    return quote


@require_http_methods(["GET", "POST"])
def quote(request, ref: str):
    """Step 3: the quote, valid 30 days; step 4 (signed in): accept it with identity, device and bank account."""
    q = _quote_or_404(ref)
    status = quote_status(q)
    if status == "accepted":
        tradein = TradeIn.objects.filter(quote=q, customer_id=getattr(request.user, "pk", None)).first()
        if tradein is not None:
            return redirect("tradein:status", ref=tradein.ref)
    form = None
    if request.user.is_authenticated and status == "open":
        form = AcceptForm(
            request.POST or None,
            product=q.product,
            market_code=q.market_id,
            initial={
                "first_name": (request.user.name or "").split(" ")[0],
                "last_name": " ".join((request.user.name or "").split(" ")[1:]),
            },
        )
    elif request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        acceptance = orders.Acceptance(
            first_name=d["first_name"],
            last_name=d["last_name"],
            date_of_birth=d["date_of_birth"],
            imei=d.get("imei", ""),
            serial=d.get("serial", ""),
            payout=form.payout(),
            email=request.user.email,
            address=d.get("address", ""),
        )
        try:
            tradein = orders.accept_quote(ref=q.ref, acceptance=acceptance, customer=request.user)
            messages.success(
                request,
                _("Accepted. Print your prepaid label and ship within %(days)d days.")
                % {"days": processes.SHIP_WITHIN.days},
            )
            return redirect("tradein:label", ref=tradein.ref)
        except Problem as problem:
            apply_problem(form, problem)
    return render(
        request,
        "tradein/quote.html",
        {
            "quote": q,
            "status": status,
            "form": form,
            "has_imei": conditions.has_imei(q.product),
            "identifier": conditions.identifier(q.product),
            "tier_label": conditions.tier_label(q.product, q.tier),
        },
    )
