"""Seller portal pages for orders: the seller's own lines with status filters, accept / ship / cancel,
and returns to receive and refund. Another seller's line is a 404; a visitor without a shop gets 403."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from comeback.core import clock
from comeback.core.problems import NotFound, Problem
from comeback.web.access import seller_required

from .. import ledger, selectors
from ..forms import CancelForm, ShipForm
from ..models import LineStatus
from ..processes import OPEN_FOR_SELLER
from ..services import fulfilment, returns
from .buyer import act_and_report, problem_on_form

PER_PAGE = 25
FILTERS = [
    ("", gettext_lazy("All")),
    ("to_accept", gettext_lazy("To accept")),
    ("to_ship", gettext_lazy("To ship")),
    ("shipped", gettext_lazy("Shipped")),
    ("delivered", gettext_lazy("Delivered")),
    ("cancelled", gettext_lazy("Cancelled / refunded")),
]


def seller_view(view):
    """`seller_required` (login, then the user's shop or the 403 page), passing the shop as an argument."""

    @seller_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, request.seller, *args, **kwargs)

    return wrapper


@seller_view
def seller_orders(request, seller):
    status = request.GET.get("status", "")
    if status not in dict(FILTERS):
        status = ""
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    lines, count = selectors.seller_lines(seller=seller, status=status or None, page=page, per_page=PER_PAGE)
    now = clock.now()
    for line in lines:
        line.late = selectors.is_late(line, now)
        line.can_accept = line.status == LineStatus.PAID
        line.can_ship = line.status == LineStatus.ACCEPTED
        line.can_cancel = line.status in OPEN_FOR_SELLER
    paginator = Paginator(range(count), PER_PAGE)
    return render(
        request,
        "orders/seller_orders.html",
        {
            "seller": seller,
            "lines": lines,
            "count": count,
            "status": status,
            "filters": FILTERS,
            "page_obj": paginator.get_page(page),
            "returns": _with_escalation(selectors.seller_returns(seller=seller), now),
            "balances": ledger.seller_balances(seller.pk),
            "cancel_form": CancelForm(),
        },
    )


def _with_escalation(rows: list, at) -> list:
    for r in rows:
        r.escalated_stage = r.escalation(at)
    return rows


@seller_view
@require_POST
def seller_accept(request, seller, line_id: int):
    return _act(
        request,
        lambda: fulfilment.accept_line(seller=seller, line_id=line_id),
        _("Accepted. Ship it within your handling time."),
    )


@seller_view
def seller_ship(request, seller, line_id: int):
    try:
        line = fulfilment.seller_line(seller=seller, line_id=line_id)
    except NotFound:
        raise Http404 from None
    form = ShipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fulfilment.ship_line(seller=seller, line_id=line_id, **form.cleaned_data)
        except Problem as problem:
            problem_on_form(form, problem)
        else:
            messages.success(request, _("Shipped. The buyer has the tracking number."))
            return redirect("orders:seller_orders")
    status = 422 if request.method == "POST" else 200
    return render(request, "orders/seller_ship.html", {"line": line, "form": form}, status=status)


def _act(request, action, success: str):
    return act_and_report(request, action, success, "orders:seller_orders")


@seller_view
@require_POST
def seller_cancel(request, seller, line_id: int):
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        lambda: fulfilment.seller_cancel_line(seller=seller, line_id=line_id, reason=reason),
        _("Cancelled and refunded to the buyer. Cancellations count in your metrics."),
    )


@seller_view
@require_POST
def seller_return_receive(request, seller, return_id: int):
    return _act(
        request,
        lambda: returns.receive_return(seller=seller, return_id=return_id),
        _("Marked as received. Refund the buyer once you have checked it."),
    )


@seller_view
@require_POST
def seller_return_refund(request, seller, return_id: int):
    return _act(
        request,
        lambda: returns.refund_return(seller=seller, return_id=return_id),
        _("Refunded to the buyer's original payment."),
    )
