"""The staff back office over sellers: applications, reviews, alerts, one seller's file, verification,
decisions and recomputed metrics. Views translate HTTP and show problems on forms; rules live in
services.py and processes.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comeback.core import clock
from comeback.core.problems import Problem
from comeback.web.access import staff_required

from .. import monitoring, processes, quality, removal, selectors, services, traceability
from ..forms import DecisionForm, VerifyForm
from ..metrics import latest_comments, seller_metrics
from ..models import SellerStatus
from ..selectors import queues


@staff_required
def staff_home(request):
    return render(
        request,
        "sellers/staff/home.html",
        {
            "counts": selectors.staff_counts(),
            "nav": "home",
            "upcoming": selectors.upcoming_reviews()[:10],
            "upcoming_days": queues.UPCOMING_REVIEW_WINDOW.days,
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
            "upcoming_days": queues.UPCOMING_REVIEW_WINDOW.days,
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
