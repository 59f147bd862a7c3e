"""Partner pages: a brand programme's landing page (`/partners/{slug}/trade-in`, with its branding served as
a stylesheet so the strict CSP holds), the partner dashboard (attribution, commission, a weekly chart, API
tokens) and the store counter screen (questionnaire after an on-the-spot inspection, identity, bank
account, wipe, immediate payout) and drop-off desk. Members only: headquarters see every store, store staff
only their own."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.core import clock
from comeback.core.problems import NotFound, Problem
from comeback.web.access import partner_member_required

from .. import charts, conditions, processes, selectors
from ..forms import AcceptForm, DropOffForm, QuestionnaireForm, StoreWipeForm, apply_problem
from ..models import PartnerKind, PartnerToken
from ..services import orders, partners
from ..services.quotes import quote_status


@require_GET
def landing(request, slug: str):
    """A brand's official trade-in: its word mark and colours, its eligible models, its bonus."""
    partner = selectors.partner_by_slug(slug)
    if partner is None:
        raise Http404(_("No such partner programme."))
    models = selectors.search_models(
        q=request.GET.get("q", "")[:200], market=request.market, partner=partner, limit=60
    )
    return render(
        request,
        "tradein/partner_landing.html",
        {
            "partner": partner,
            "models": models,
            "q": request.GET.get("q", ""),
            "bonus_percent": partner.bonus_bps / 100 if partner.kind == PartnerKind.BRAND else 0,
            "pay_days": processes.PAY_WITHIN_BUSINESS_DAYS,
        },
    )


@require_GET
def brand_css(request, slug: str):
    """The programme's colours as a stylesheet (colours are validated #rrggbb by a database CHECK)."""
    partner = selectors.partner_by_slug(slug)
    if partner is None:
        raise Http404()
    css = (
        f".partner-brand {{ --partner: {partner.colour_primary}; --partner-ink: {partner.colour_on_primary}; }}\n"
        ".partner-brand .partner-hero { background: var(--partner); color: var(--partner-ink); }\n"
        ".partner-brand .partner-hero h1, .partner-brand .partner-hero p { color: var(--partner-ink); }\n"
        ".partner-brand .partner-mark { border-color: var(--partner-ink); }\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


def member_required(view):
    """Logged in and a partner member (else a 403 page); passes the membership to the view."""

    @wraps(view)
    def with_member(request, *args, **kwargs):
        return view(request, request.member, *args, **kwargs)

    return partner_member_required(with_member)


@require_GET
@member_required
def dashboard(request, member):
    partner, store = member.partner, member.store
    tokens = PartnerToken.objects.filter(partner=partner, revoked_at__isnull=True)
    if store is not None:
        tokens = tokens.filter(store=store)
    weekly = selectors.weekly_counts(partner, store)
    return render(
        request,
        "tradein/partner_dashboard.html",
        {
            "member": member,
            "partner": partner,
            "store": store,
            "stats": selectors.partner_stats(partner, store),
            "stores": selectors.visible_stores(partner, store),
            "recent": selectors.partner_tradeins(partner, store)[:20],
            "chart": charts.weekly_bars(weekly, title=_("Trade-ins accepted per week, last 12 weeks")),
            "weekly": weekly,
            "tokens": tokens,
            "new_secret": request.session.pop("partner_token_secret", None),
            "drop_off_form": DropOffForm(),
        },
    )


@require_POST
@member_required
def token_new(request, member):
    issued = partners.issue_token_for_member(member=member, name=request.POST.get("name", "api")[:100])
    request.session["partner_token_secret"] = issued.secret  # shown once, on the next page
    return redirect("tradein:partner_dashboard")


@require_POST
@member_required
def token_revoke(request, member, token_id: int):
    try:
        partners.revoke_token(member=member, token_id=token_id)
        messages.success(request, _("Token revoked."))
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    return redirect("tradein:partner_dashboard")


def _store(member, store_id: int):
    try:
        return partners.store_of(partner=member.partner, scope_store=member.store, store_id=store_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@require_POST
@member_required
def drop_off(request, member, store_id: int):
    store = _store(member, store_id)
    form = DropOffForm(request.POST)
    if form.is_valid():
        try:
            tradein = partners.drop_off(
                store=store, ref=form.cleaned_data["tradein_id"].strip().upper(), by=request.user
            )
            messages.success(
                request,
                _("%(ref)s received at the counter; it goes on to the refurbisher.") % {"ref": tradein.ref},
            )
        except Problem as problem:
            messages.error(request, problem.detail)
    return redirect("tradein:partner_dashboard")


@require_http_methods(["GET", "POST"])
@member_required
def counter(request, member, store_id: int):
    """Counter step 1: find the model, inspect it on the spot, answer the questionnaire: the quote."""
    store = _store(member, store_id)
    product = selectors.tradeable_product(int(request.GET.get("product") or request.POST.get("product") or 0))
    form = None
    if product is not None:
        form = QuestionnaireForm(
            request.POST or None, product=product, storage_options=selectors.storage_options(product)
        )
        if request.method == "POST" and form.is_valid():
            try:
                quote = partners.counter_quote(
                    store=store,
                    product_id=product.pk,
                    storage_gb=form.cleaned_data.get("storage_gb") or 0,
                    answers=form.answers(),
                    by=request.user,
                )
                return redirect("tradein:counter_complete", store_id=store.pk, ref=quote.ref)
            except Problem as problem:
                apply_problem(form, problem)
    q = request.GET.get("q", "")[:200]
    found = selectors.search_models(q=q, market=store.market, limit=20) if q else []
    return render(
        request,
        "tradein/counter.html",
        {"store": store, "member": member, "product": product, "form": form, "q": q, "found": found},
    )


@require_http_methods(["GET", "POST"])
@member_required
def counter_complete(request, member, store_id: int, ref: str):
    """Counter step 2: the customer accepts; identity, bank account, lock and wipe; paid on the spot."""
    store = _store(member, store_id)
    quote = selectors.quote_by_ref(ref)
    if quote is None or quote.store_id != store.pk:
        raise Http404(_("No such quote at this store."))
    status = quote_status(quote)
    accept_form = AcceptForm(
        request.POST or None, product=quote.product, market_code=quote.market_id, store_counter=True
    )
    wipe_form = StoreWipeForm(
        request.POST or None,
        initial={
            "method": "purge",
            "tool": "Comeback Counter Wipe",
            "tool_version": "1.0",
            "operator_name": request.user.name or request.user.email,
            "started_at": clock.now().replace(second=0, microsecond=0, tzinfo=None),
            "ended_at": clock.now().replace(second=0, microsecond=0, tzinfo=None),
            "verification": "passed",
        },
    )
    if request.method == "POST" and status == "open" and accept_form.is_valid() and wipe_form.is_valid():
        d, w = accept_form.cleaned_data, wipe_form.cleaned_data
        acceptance = orders.Acceptance(
            first_name=d["first_name"],
            last_name=d["last_name"],
            date_of_birth=d["date_of_birth"],
            imei=d.get("imei", ""),
            serial=d.get("serial", ""),
            payout=accept_form.payout(),
        )
        try:
            tradein, payout = partners.counter_complete(
                store=store,
                quote_ref=quote.ref,
                acceptance=acceptance,
                wipe=wipe_form.draft(),
                lock_off=w.get("lock_off", False),
                by=request.user,
            )
            return render(
                request, "tradein/counter_done.html", {"store": store, "tradein": tradein, "payout": payout}
            )
        except Problem as problem:
            apply_problem(wipe_form if _is_wipe_problem(problem) else accept_form, problem)
    return render(
        request,
        "tradein/counter_complete.html",
        {
            "store": store,
            "quote": quote,
            "status": status,
            "accept_form": accept_form,
            "wipe_form": wipe_form,
            "has_imei": conditions.has_imei(quote.product),
            "identifier": conditions.identifier(quote.product),
        },
        status=422 if request.method == "POST" else 200,
    )


def _is_wipe_problem(problem: Problem) -> bool:
    wipe_fields = {
        "method",
        "technique",
        "tool",
        "tool_version",
        "operator_name",
        "started_at",
        "ended_at",
        "verification",
        "lock_off",
    }
    return any(e.get("field") in wipe_fields for e in problem.errors)
