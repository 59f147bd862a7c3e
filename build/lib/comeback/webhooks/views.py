"""Seller portal pages for webhooks: /seller/webhooks/ (list, create — the secret shown once — and the
delivery log with "send test", pause/resume, delete and redeliver). Rules live in services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from comeback.core.problems import NotFound, Problem
from comeback.offers.forms import apply_problem
from comeback.web.access import seller_required

from . import selectors, services
from .forms import SubscriptionForm
from .models import DeliveryStatus

BADGES = {
    DeliveryStatus.PENDING: "badge-info",
    DeliveryStatus.SUCCEEDED: "badge-success",
    DeliveryStatus.FAILED: "badge-warning",
    DeliveryStatus.GAVE_UP: "badge-danger",
}


def _own(request, pk: int):
    try:
        return selectors.subscription_of(request.seller, pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


@require_http_methods(["GET", "POST"])
@seller_required
def subscriptions(request):
    form = SubscriptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.create_subscription(
                    seller=request.seller,
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                )
            except Problem as problem:
                apply_problem(form, problem)
                status = problem.status
            else:
                # Rendered, not redirected: the secret must not travel through a cookie or the session.
                return render(
                    request,
                    "webhooks/created.html",
                    {"subscription": created.subscription, "secret": created.secret},
                    status=201,
                )
        else:
            status = 422
    context = {"subscriptions": selectors.subscriptions_of(request.seller), "form": form}
    return render(request, "webhooks/subscriptions.html", context, status=status)


@seller_required
def detail(request, pk: int):
    subscription = _own(request, pk)
    status = request.GET.get("status") or ""
    if status not in DeliveryStatus.values:
        status = ""
    try:
        page = max(1, min(int(request.GET.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    rows = selectors.deliveries_of(
        subscription, status=status or None, page=page, page_size=selectors.PAGE_SIZE + 1
    )
    context = {
        "subscription": subscription,
        "deliveries": [
            (d, BADGES[d.status], json.dumps(services.envelope(d), indent=2, ensure_ascii=False))
            for d in rows[: selectors.PAGE_SIZE]
        ],
        "has_next": len(rows) > selectors.PAGE_SIZE,
        "page": page,
        "status": status,
        "statuses": DeliveryStatus.choices,
    }
    return render(request, "webhooks/detail.html", context)


@require_POST
@seller_required
def send_test(request, pk: int):
    _own(request, pk)
    delivery = services.send_test(seller=request.seller, subscription_id=pk)
    if delivery.status == DeliveryStatus.SUCCEEDED:
        messages.success(request, _("Test event delivered (HTTP %s).") % delivery.last_status_code)
    else:
        messages.error(
            request,
            _("Test event failed: %s") % (delivery.last_error or _("HTTP %s") % delivery.last_status_code),
        )
    return redirect("webhooks:detail", pk=pk)


@require_POST
@seller_required
def toggle(request, pk: int):
    subscription = _own(request, pk)
    services.update_subscription(
        seller=request.seller, subscription_id=pk, changes={"is_active": not subscription.is_active}
    )
    messages.success(
        request, _("Subscription resumed.") if not subscription.is_active else _("Subscription paused.")
    )
    return redirect("webhooks:detail", pk=pk)


@require_POST
@seller_required
def delete(request, pk: int):
    _own(request, pk)
    services.delete_subscription(seller=request.seller, subscription_id=pk)
    messages.success(request, _("Subscription deleted."))
    return redirect("webhooks:list")


@require_POST
@seller_required
def redeliver(request, pk: int, delivery_pk: int):
    _own(request, pk)
    try:
        services.redeliver(seller=request.seller, subscription_id=pk, delivery_id=delivery_pk)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    except Problem as problem:
        messages.error(request, problem.detail)
    else:
        messages.success(request, _("Delivery queued again."))
    return redirect("webhooks:detail", pk=pk)
