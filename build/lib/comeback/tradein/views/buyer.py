"""The trade-in customer's own pages: printable prepaid label, status page with its timeline, ship, cancel,
answer a counter-offer; plus the wipe certificate and the counter-offer's evidence photos, shown only to
those concerned."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comeback.core import clock
from comeback.core.problems import NotFound, Problem
from comeback.sellers import selectors as seller_selectors
from comeback.web.access import login_required

from .. import certificates, processes, selectors
from ..forms import TrackingForm
from ..models import CounterOffer, EvidencePhoto, TradeIn, WipeCertificate
from ..models import TradeInStatus as S
from ..services import access, orders

# The steps a customer sees on the status page, in order (a refused device takes the other branch).
STEPS = [S.AWAITING_SHIPMENT, S.SHIPPED, S.RECEIVED, S.VALIDATED, S.PAID]
CUSTOMER_EVENTS = {"accepted", *S.values, "wiped"}


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
    return render(
        request,
        "tradein/status.html",
        {
            "tradein": tradein,
            "events": events,
            "counter": counter,
            "steps": _steps(tradein),
            "certificate": WipeCertificate.objects.filter(tradein=tradein).first(),
            "tracking_form": TrackingForm(),
            "now": clock.now(),
        },
    )


def _steps(tradein: TradeIn) -> list[dict]:
    reached = (
        STEPS.index(tradein.status)
        if tradein.status in STEPS
        else (2 if tradein.status in (S.COUNTER_OFFERED, S.RETURNING, S.RETURNED, S.BLOCKED) else -1)
    )
    return [
        {"status": s, "label": S(s).label, "done": i < reached, "current": i == reached}
        for i, s in enumerate(STEPS)
    ]


@login_required
@require_GET
def mine(request):
    now = clock.now()
    tradeins = [processes.as_of(t, now) for t in selectors.customer_tradeins(request.user)[:100]]
    return render(request, "tradein/mine.html", {"tradeins": tradeins})


@login_required
@require_POST
def ship(request, ref: str):
    form = TrackingForm(request.POST)
    form.is_valid()
    return _act(
        request,
        ref,
        lambda: orders.mark_shipped(
            user=request.user, ref=ref, tracking=form.cleaned_data.get("tracking", "")
        ),
        _("Marked as shipped. The refurbisher inspects it within %(days)d business days of receipt.")
        % {"days": processes.INSPECT_WITHIN_BUSINESS_DAYS},
    )


@login_required
@require_POST
def cancel(request, ref: str):
    return _act(request, ref, lambda: orders.cancel(user=request.user, ref=ref), _("Trade-in cancelled."))


@login_required
@require_POST
def answer_counter(request, ref: str):
    accept = request.POST.get("answer") == "accept"
    done = (
        _("Counter-offer accepted: payment follows within %(days)d business days.")
        % {"days": processes.PAY_WITHIN_BUSINESS_DAYS}
        if accept
        else _("Counter-offer refused: your device comes back to you, free.")
    )
    return _act(
        request, ref, lambda: orders.answer_counter_offer(user=request.user, ref=ref, accept=accept), done
    )


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
    cert = (
        WipeCertificate.objects.filter(tradein=tradein).select_related("tradein").first() if tradein else None
    )
    if cert is None or not may_see(request.user, tradein):
        raise Http404(_("No certificate."))
    if request.GET.get("format") == "pdf":
        response = HttpResponse(certificates.render_pdf(cert), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{cert.ref}.pdf"'
        return response
    response = render(
        request,
        "tradein/certificate.html",
        {"cert": cert, "rows": certificates.rows(cert), "tradein": tradein},
    )
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
