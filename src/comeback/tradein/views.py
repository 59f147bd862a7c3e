"""The customer's trade-in wizard: model search → questionnaire → quote → accept (identity, IMEI, bank
account) → printable prepaid label → status page with its timeline; plus the wipe certificate and the
counter-offer's evidence photos, shown only to those concerned."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comeback.core import clock, ratelimit
from comeback.core.problems import NotFound, Problem
from comeback.sellers import selectors as seller_selectors

from . import certificates, conditions, selectors
from .forms import AcceptForm, QuestionnaireForm, TrackingForm, apply_problem
from .models import CounterOffer, EvidencePhoto, TradeIn, WipeCertificate
from .models import TradeInStatus as S
from .services import access, orders, quotes
from .services.deadlines import catch_up
from .services.quotes import quote_status

# The steps a customer sees on the status page, in order (a refused device takes the other branch).
STEPS = [S.AWAITING_SHIPMENT, S.SHIPPED, S.RECEIVED, S.VALIDATED, S.PAID]
CUSTOMER_EVENTS = {"accepted", *S.values, "wiped"}


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
    return render(request, "tradein/start.html", {"q": q, "found": found, "popular": popular, "partner": partner})


@require_http_methods(["GET", "POST"])
@ratelimit.limit_view("quote")
def questionnaire(request, product_id: int):
    """Step 2: five questions; the answers map to a condition tier and an instant quote."""
    product = selectors.tradeable_product(product_id)
    if product is None:
        raise Http404(_("No such model."))
    partner = _partner(request)
    options = selectors.storage_options(product)
    form = QuestionnaireForm(request.POST or None, product=product, storage_options=options,
                             initial={"partner": partner.slug if partner else ""})
    if request.method == "POST" and form.is_valid():
        try:
            quote = quotes.request_quote(
                product_id=product.pk, storage_gb=form.cleaned_data.get("storage_gb") or 0, market=request.market.code,
                answers=form.answers(), partner=form.cleaned_data.get("partner") or None, user=request.user,
            )
            return redirect("tradein:quote", ref=quote.ref)
        except Problem as problem:
            apply_problem(form, problem)
    return render(request, "tradein/questionnaire.html", {
        "product": product, "form": form, "partner": partner, "has_screen": conditions.has_screen(product),
    })


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
        form = AcceptForm(request.POST or None, product=q.product, market_code=q.market_id,
                          initial={"first_name": (request.user.name or "").split(" ")[0],
                                   "last_name": " ".join((request.user.name or "").split(" ")[1:])})
    elif request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('web:login')}?next={request.path}")
    if request.method == "POST" and form is not None and form.is_valid():
        d = form.cleaned_data
        acceptance = orders.Acceptance(
            first_name=d["first_name"], last_name=d["last_name"], date_of_birth=d["date_of_birth"],
            imei=d.get("imei", ""), serial=d.get("serial", ""), payout=form.payout(), email=request.user.email,
            address=d.get("address", ""),
        )
        try:
            tradein = orders.accept_quote(ref=q.ref, acceptance=acceptance, customer=request.user)
            messages.success(request, _("Accepted. Print your prepaid label and ship within 14 days."))
            return redirect("tradein:label", ref=tradein.ref)
        except Problem as problem:
            apply_problem(form, problem)
    return render(request, "tradein/quote.html", {"quote": q, "status": status, "form": form,
                                                  "has_imei": conditions.has_imei(q.product)})


def _mine(request, ref: str) -> TradeIn:
    try:
        return access.for_customer(user=request.user, ref=ref)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@login_required
@require_GET
def label(request, ref: str):
    """Step 5: the prepaid shipping label, to print and stick on the parcel."""
    tradein = _mine(request, ref)
    if not tradein.label_ref:
        raise Http404(_("This trade-in has no shipping label."))
    return render(request, "tradein/label.html", {"tradein": tradein})


@login_required
@require_GET
def status(request, ref: str):
    tradein = _mine(request, ref)
    events = [e for e in selectors.timeline(tradein) if e.kind in CUSTOMER_EVENTS]
    counter = CounterOffer.objects.filter(tradein=tradein).prefetch_related("photos").first()
    return render(request, "tradein/status.html", {
        "tradein": tradein, "events": events, "counter": counter, "steps": _steps(tradein),
        "certificate": WipeCertificate.objects.filter(tradein=tradein).first(), "tracking_form": TrackingForm(),
        "now": clock.now(),
    })


def _steps(tradein: TradeIn) -> list[dict]:
    reached = STEPS.index(tradein.status) if tradein.status in STEPS else (
        2 if tradein.status in (S.COUNTER_OFFERED, S.RETURNING, S.RETURNED, S.BLOCKED) else -1)
    return [{"status": s, "label": S(s).label, "done": i < reached, "current": i == reached}
            for i, s in enumerate(STEPS)]


@login_required
@require_GET
def mine(request):
    tradeins = [catch_up(t) for t in selectors.customer_tradeins(request.user)[:100]]
    return render(request, "tradein/mine.html", {"tradeins": tradeins})


@login_required
@require_POST
def ship(request, ref: str):
    form = TrackingForm(request.POST)
    form.is_valid()
    return _act(request, ref, lambda: orders.mark_shipped(user=request.user, ref=ref,
                                                          tracking=form.cleaned_data.get("tracking", "")),
                _("Marked as shipped. The refurbisher inspects it within 2 business days of receipt."))


@login_required
@require_POST
def cancel(request, ref: str):
    return _act(request, ref, lambda: orders.cancel(user=request.user, ref=ref), _("Trade-in cancelled."))


@login_required
@require_POST
def answer_counter(request, ref: str):
    accept = request.POST.get("answer") == "accept"
    done = _("Counter-offer accepted: payment follows within 5 business days.") if accept else _(
        "Counter-offer refused: your device comes back to you, free.")
    return _act(request, ref, lambda: orders.answer_counter_offer(user=request.user, ref=ref, accept=accept), done)


def _act(request, ref, action, done: str):
    try:
        action()
        messages.success(request, done)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("tradein:status", ref=ref)


# Documents shown to those concerned ---------------------------------------------------------------


def may_see(user, tradein: TradeIn) -> bool:
    """The customer, the refurbisher, or a member of the store that handled it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if tradein.customer_id == user.pk or user.is_staff:
        return True
    seller = seller_selectors.seller_for_user(user)
    if seller is not None and seller.pk == tradein.seller_id:
        return True
    member = selectors.membership(user, tradein.partner) if tradein.partner_id else None
    return member is not None and (member.store_id is None or member.store_id == tradein.store_id)


@login_required
@require_GET
def certificate(request, ref: str):
    """The data-wipe certificate as an HTML page, or `?format=pdf` to download it."""
    tradein = selectors.tradein_by_ref(ref)
    cert = WipeCertificate.objects.filter(tradein=tradein).select_related("tradein").first() if tradein else None
    if cert is None or not may_see(request.user, tradein):
        raise Http404(_("No certificate."))
    if request.GET.get("format") == "pdf":
        response = HttpResponse(certificates.render_pdf(cert), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{cert.ref}.pdf"'
        return response
    response = render(request, "tradein/certificate.html", {"cert": cert, "rows": certificates.rows(cert),
                                                             "tradein": tradein})
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{cert.ref}.html"'
    return response


@login_required
@require_GET
def photo(request, pk: int):
    row = EvidencePhoto.objects.select_related("counter_offer__tradein").filter(pk=pk).first()
    if row is None or not may_see(request.user, row.counter_offer.tradein):
        raise Http404(_("No photo."))
    response = FileResponse(row.file.open("rb"), content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
