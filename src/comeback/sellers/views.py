"""Seller-trust pages: apply, the seller's own standing, public seller pages and the staff back office.

Views translate HTTP and show problems on forms; rules live in services.py and processes.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comeback.core import clock, ratelimit
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem
from comeback.web.access import login_required, staff_required

from . import monitoring, processes, quality, removal, selectors, services, traceability
from .forms import ApplicationForm, DecisionForm, TraceabilityForm, VerifyForm
from .metrics import latest_comments, seller_metrics
from .models import SellerStatus

# --- applying ------------------------------------------------------------------------------------


def apply(request):
    """The application form. Anyone: a visitor's contact email becomes the login; a user attaches the shop."""
    user = request.user if request.user.is_authenticated else None
    existing = selectors.seller_for_user(user) if user else None
    if existing is not None:
        return redirect("sellers:my_trust")
    form = ApplicationForm(
        request.POST or None,
        needs_password=user is None,
        initial={
            "contact_email": user.email if user else "",
            "contact_name": user.name if user else "",
            "markets": [request.market.code],
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ApplicationData(
            legal_name=d["legal_name"],
            display_name=d.get("display_name", ""),
            company_registration=d["company_registration"],
            vat_number=d["vat_number"],
            country=d["country"],
            address=d["address"],
            contact_name=d["contact_name"],
            contact_email=d["contact_email"] or "",
            contact_phone=d["contact_phone"],
            markets=d["markets"],
            process_description=d["process_description"],
            password=d.get("password") or None,
        )
        try:
            if user is None:  # it creates an account: same limit as sign-up
                ratelimit.hit("signup", ratelimit.client_ip(request))
            seller = services.apply(data=data, user=user)
        except Problem as problem:
            apply_problem(form, problem)
        else:
            if user is None:
                login(request, seller.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Thank you: your application is in. We check it within 2 business days.")
            )
            return redirect("sellers:my_trust")
    return render(
        request,
        "sellers/apply.html",
        {"form": form, "min_process": services.MIN_PROCESS_DESCRIPTION},
        status=422 if form.errors else 200,
    )


# --- the seller's own page ----------------------------------------------------------------------------


def my_trust(request):
    """The seller's standing: status, deadline, today's cap, metrics, alerts and history."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    seller = selectors.seller_for_user(request.user)
    if seller is None:
        return redirect("sellers:apply")
    at = clock.now()
    windows = (
        seller_metrics(seller, at=at)
        if seller.status not in (SellerStatus.APPLIED, SellerStatus.REJECTED)
        else {}
    )
    return render(
        request,
        "sellers/my_trust.html",
        {
            "seller": seller,
            "windows": windows,
            "history": selectors.history(seller),
            "metric_rows": selectors.metric_rows(windows) if windows else [],
            "alerts": selectors.live_alerts(seller),
            "thresholds": quality.THRESHOLDS,
            "rating_threshold": quality.RATING_THRESHOLD_STARS,
        },
    )


# --- public ----------------------------------------------------------------------------------------


def public_seller(request, slug: str):
    seller = selectors.public_seller(slug)
    if seller is None:
        raise Http404(_("No such seller."))
    return render(
        request,
        "sellers/public.html",
        {
            "seller": seller,
            "q": selectors.quality_summary(seller),
            "selling": selectors.phase(seller) in (selectors.Phase.PROBATION, selectors.Phase.FULL),
            "comments": latest_comments(seller.pk, limit=5),
        },
    )


# --- staff back office -------------------------------------------------------------------------------


@staff_required
def staff_home(request):
    return render(
        request,
        "sellers/staff/home.html",
        {
            "counts": selectors.staff_counts(),
            "nav": "home",
            "upcoming": selectors.upcoming_reviews()[:10],
        },
    )


@staff_required
def staff_applications(request):
    page = Paginator(selectors.verification_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "sellers/staff/applications.html", {"page": page, "nav": "applications"})


@staff_required
def staff_reviews(request):
    page = Paginator(selectors.review_queue(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "sellers/staff/reviews.html",
        {
            "page": page,
            "nav": "reviews",
            "upcoming": selectors.upcoming_reviews()[:20],
        },
    )


@staff_required
def staff_alerts(request):
    page = Paginator(selectors.alerts_queue(), 50).get_page(request.GET.get("page"))
    return render(request, "sellers/staff/alerts.html", {"page": page, "nav": "alerts"})


@staff_required
@require_POST
def staff_acknowledge_alert(request, alert_id: int):
    try:
        services.acknowledge_alert(alert_id=alert_id, by=request.user)
        messages.success(request, _("Alert acknowledged."))
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("sellers:staff_alerts")


def _seller_or_404(seller_id: int):
    try:
        return services.get_seller(seller_id)
    except Problem as exc:
        raise Http404(str(exc)) from exc


def _review_context(seller, at) -> dict:
    windows = seller_metrics(seller, at=at)
    onboarding = windows["since_onboarding"]
    return {
        "windows": windows,
        "metric_rows": selectors.metric_rows(windows),
        "recommendation": quality.recommend(onboarding),
        "comments": latest_comments(seller.pk, limit=10),
        "thresholds": quality.THRESHOLDS,
        "rating_threshold": quality.RATING_THRESHOLD_STARS,
        "min_delivered": quality.MIN_REVIEW_DELIVERED,
        "distribution": _distribution(onboarding.rating),
    }


def _distribution(rating) -> list[dict]:
    """Rating bars for the SVG chart: stars, count and bar width out of 200."""
    top = max(rating.distribution.values(), default=0) or 1
    return [
        {
            "stars": k,
            "count": rating.distribution.get(k, 0),
            "width": round(200 * rating.distribution.get(k, 0) / top),
            "y": (5 - k) * 24,
        }
        for k in range(5, 0, -1)
    ]


@staff_required
def staff_seller(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    at = clock.now()
    allowed = processes.decisions_for(seller.status, noticed=seller.removal_due_at is not None)
    ctx = {
        "seller": seller,
        "nav": "",
        "phase": selectors.phase(seller, at),
        "history": selectors.history(seller),
        "alerts": selectors.live_alerts(seller),
        "verify_form": VerifyForm() if seller.status == SellerStatus.APPLIED else None,
        "decision_form": DecisionForm(allowed=allowed) if allowed else None,
        "removal": removal.pending(seller),
        "application": getattr(seller, "application", None),
        "traceability_missing": [str(traceability.PIECES[m]) for m in traceability.missing(seller)],
    }
    if seller.status not in (SellerStatus.APPLIED, SellerStatus.REJECTED):
        ctx.update(_review_context(seller, at))
    return render(request, "sellers/staff/seller.html", ctx)


@login_required
def my_traceability(request):
    """The seller gives its DSA Art. 30 traceability pieces; listing waits until they are complete."""
    seller = selectors.seller_for_user(request.user)
    if seller is None:
        return redirect("sellers:apply")
    form = TraceabilityForm(
        request.POST or None,
        initial={
            "trade_register": seller.trade_register,
            "id_document_type": seller.id_document_type,
            "id_document_number": seller.id_document_number,
            "id_document_holder": seller.id_document_holder,
            "self_certification": seller.self_certified_at is not None,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                traceability.record(seller=seller, **form.cleaned_data)
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(request, _("Traceability information saved."))
                return redirect("sellers:my_traceability")
        status = 422
    missing = [str(traceability.PIECES[m]) for m in traceability.missing(seller)]
    return render(
        request,
        "sellers/traceability.html",
        {"seller": seller, "form": form, "missing": missing},
        status=status,
    )


@staff_required
def staff_review(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    if seller.status in (SellerStatus.APPLIED, SellerStatus.REJECTED):
        return redirect("sellers:staff_seller", seller_id=seller.pk)
    at = clock.now()
    allowed = processes.decisions_for(seller.status, noticed=seller.removal_due_at is not None)
    form = (
        DecisionForm(
            allowed=allowed,
            initial={
                "decision": quality.recommend(seller_metrics(seller, at=at)["since_onboarding"]).decision,
                "days": 14,
            },
        )
        if allowed
        else None
    )
    return render(
        request,
        "sellers/staff/review.html",
        {
            "seller": seller,
            "nav": "reviews",
            "phase": selectors.phase(seller, at),
            "decision_form": form,
            "alerts": selectors.live_alerts(seller),
            **_review_context(seller, at),
        },
    )


@staff_required
def staff_history(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    return render(
        request,
        "sellers/staff/history.html",
        {
            "seller": seller,
            "nav": "",
            "history": selectors.history(seller),
        },
    )


@staff_required
@require_POST
def staff_verify(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify(
                seller_id=seller.pk,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except Problem as problem:
            messages.error(request, problem.detail)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("sellers:staff_seller", seller_id=seller.pk)
    else:
        messages.error(request, _("Choose verify or reject."))
    return redirect("sellers:staff_seller", seller_id=seller.pk)


@staff_required
@require_POST
def staff_decide(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    form = DecisionForm(
        request.POST,
        allowed=processes.decisions_for(seller.status, noticed=seller.removal_due_at is not None)
        or list(services.DECISIONS),
    )
    back = request.POST.get("back") == "review"
    target = reverse("sellers:staff_review" if back else "sellers:staff_seller", args=[seller.pk])
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect(target)
    try:
        services.decide(
            seller_id=seller.pk,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            days=form.cleaned_data.get("days"),
            ground=form.cleaned_data.get("ground") or "",
            by=request.user,
        )
    except Problem as problem:
        messages.error(request, problem.detail)
        return redirect(target)
    messages.success(request, _("Decision recorded."))
    return redirect("sellers:staff_seller", seller_id=seller.pk)


@staff_required
@require_POST
def staff_recompute(request, seller_id: int):
    seller = _seller_or_404(seller_id)
    monitoring.recompute_seller(seller=seller)
    messages.success(request, _("Quality recomputed."))
    return redirect("sellers:staff_seller", seller_id=seller.pk)
