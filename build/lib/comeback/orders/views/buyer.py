"""Buyer pages: cart, checkout, the payment confirmation step, orders with their timeline, cancel,
returns and reviews. Views translate HTTP; services hold the rules, and a refusal (`Problem`) comes
back as a message or next to the form field it names.
"""

from __future__ import annotations

import uuid

import segno
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comeback.accounts.profile import addresses_of
from comeback.core import clock
from comeback.core import forms as core_forms
from comeback.core.problems import Problem
from comeback.web.access import login_required

from .. import guest_cart, selectors
from ..forms import AddToCartForm, CartQuantityForm, CheckoutForm, ReturnForm, ReviewForm
from ..models import LineStatus, OrderStatus, PaymentStatus
from ..processes import CANCELLABLE
from ..services import cart as cart_service
from ..services import checkout as checkout_service
from ..services import customise, fulfilment, return_labels, returns, reviews
from ..services.returns import RETURNABLE


def act_and_report(request, action, success: str, to: str, **kwargs):
    """Run one action, report its outcome as a message (a refusal's own words), then redirect."""
    try:
        action()
        messages.success(request, success)
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect(to, **kwargs)


def problem_on_form(form, problem: Problem) -> None:
    """Put a service's refusal next to the fields it names (`shipping_address.city` → city), or on top."""
    core_forms.apply_problem(form, problem)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


# Cart -------------------------------------------------------------------------------------------
def _cart_view(request):
    """The account's cart, or a visitor's session cart: the same page serves both."""
    if request.user.is_authenticated:
        return selectors.cart_view(user=request.user, market_code=request.market.code)
    return selectors.guest_cart_view(
        lines=guest_cart.lines(request.session, request.market.code),
        market_code=request.market.code,
        attached=guest_cart.attached(request.session, request.market.code),
    )


def cart(request):
    view = _cart_view(request)
    product_ids = sorted({i.offer.variant.product_id for i in view.items})
    return render(
        request,
        "orders/cart.html",
        {
            "cart": view,
            "addons": selectors.addon_offers(product_ids=product_ids, market_code=request.market.code),
        },
    )


@require_POST
def cart_add(request):
    """Add an offer (from a product page, or an add-on from the cart), optionally with an add-on attached
    to it. A visitor's cart, add-ons included, is kept in the session until they log in or sign up, then
    joins the account's."""
    back = _safe_next(request, reverse("orders:cart"))
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity between 1 and 10."))
        return HttpResponseRedirect(back)
    offer_id, quantity = form.cleaned_data["offer_id"], form.cleaned_data["quantity"]
    addon_id, attach_to = form.cleaned_data.get("addon_offer_id"), form.cleaned_data.get("attach_to")
    try:
        if attach_to:
            offer = _attach(request, offer_id=offer_id, attach_to=attach_to, quantity=quantity)
        elif request.user.is_authenticated:
            item = cart_service.add_to_cart(user=request.user, offer_id=offer_id, quantity=quantity)
            offer, item_id = item.offer, item.pk
        else:
            offer = guest_cart.add(request.session, offer_id=offer_id, quantity=quantity)
            item_id = offer.pk  # a visitor's item is named by its offer
    except Problem as problem:
        messages.error(request, problem.detail)
        return HttpResponseRedirect(back)
    messages.success(request, _("%(item)s is in your cart.") % {"item": offer.variant})
    if addon_id and not attach_to:  # the item is in the cart either way; a refused add-on says why
        try:
            addon = _attach(request, offer_id=addon_id, attach_to=item_id, quantity=1)
            messages.success(
                request,
                _("%(addon)s is attached to %(item)s and ships with it.")
                % {"addon": addon.variant, "item": offer.variant},
            )
        except Problem as problem:
            messages.error(request, problem.detail)
    return redirect("orders:cart")


def _attach(request, *, offer_id: int, attach_to: int, quantity: int):
    """Attach an add-on to a cart item: the account's, or a visitor's in the session; returns its offer."""
    if request.user.is_authenticated:
        return customise.attach_addon(
            user=request.user, offer_id=offer_id, attach_to=attach_to, quantity=quantity
        ).offer
    return guest_cart.attach(request.session, offer_id=offer_id, attach_to=attach_to, quantity=quantity)


@require_POST
def cart_item(request, item_id: int):
    """Change or remove a cart item; a visitor's items are named by their offer id."""
    quantity = 0 if "remove" in request.POST else None
    if quantity is None:
        form = CartQuantityForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a quantity between 0 and 10."))
            return redirect("orders:cart")
        quantity = form.cleaned_data["quantity"]
    try:
        if request.user.is_authenticated:
            cart_service.set_quantity(user=request.user, item_id=item_id, quantity=quantity)
        else:
            guest_cart.set_quantity(
                request.session, market_code=request.market.code, offer_id=item_id, quantity=quantity
            )
    except Problem as problem:
        messages.error(request, problem.detail)
    return redirect("orders:cart")


# Checkout ---------------------------------------------------------------------------------------
@login_required  # where an account is needed: the login page says the cart is kept (accounts/login.html)
def checkout(request):
    view = selectors.cart_view(user=request.user, market_code=request.market.code)
    if request.method != "POST" and not view.items:
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    saved = [a for a in addresses_of(request.user) if a.country == request.market.code]
    chosen = _chosen_address(request, saved)
    initial = {"name": request.user.name, **(chosen.as_shipping() if chosen else {})}
    form = CheckoutForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            result = checkout_service.checkout(
                buyer=request.user,
                market_code=request.market.code,
                idempotency_key=form.cleaned_data["idempotency_key"],
                shipping_address=form.address(),
                payment_method=form.cleaned_data["card_number"],
            )
        except Problem as problem:
            problem_on_form(form, problem)
        else:
            order = result.order
            if order.status == OrderStatus.PAID:
                messages.success(request, _("Thank you! Order %s is paid.") % order.ref)
                return redirect("orders:detail", ref=order.ref)
            if (
                order.status == OrderStatus.AWAITING_PAYMENT
                and order.payment.status == PaymentStatus.REQUIRES_ACTION
            ):
                return redirect("orders:pay_confirm", ref=order.ref)
            form.add_error(
                "card_number", _("The payment was declined; nothing was charged. Try another card.")
            )
        # A refused attempt is final for its key: the next submit is a new checkout.
        form = _fresh_key(form)
    return render(
        request,
        "orders/checkout.html",
        {"cart": view, "form": form, "saved_addresses": saved, "chosen_address": chosen},
    )


def _chosen_address(request, saved: list):
    """The saved address picked with ?address=<id> (only the buyer's own), else the default one."""
    wanted = request.GET.get("address", "")
    for address in saved:
        if str(address.pk) == wanted:
            return address
    return next((a for a in saved if a.is_default), saved[0] if saved else None)


def _fresh_key(form: CheckoutForm) -> CheckoutForm:
    form.data = form.data.copy()
    form.data["idempotency_key"] = uuid.uuid4().hex
    return form


@login_required
def pay_confirm(request, ref: str):
    """The payment's confirmation step (a 3-D Secure-like page of the test provider)."""
    order = selectors.buyer_order(buyer=request.user, ref=ref)
    if order is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "approve":
                order = checkout_service.confirm_payment(buyer=request.user, ref=ref)
            else:
                order = checkout_service.abandon_payment(buyer=request.user, ref=ref)
        except Problem as problem:
            messages.error(request, problem.detail)
            return redirect("orders:detail", ref=ref)
        if order.status == OrderStatus.PAID:
            messages.success(request, _("Thank you! Order %s is paid.") % order.ref)
            return redirect("orders:detail", ref=ref)
        messages.error(
            request, _("The payment was not confirmed; nothing was charged and the items are back on sale.")
        )
        return redirect("orders:cart")
    if order.status != OrderStatus.AWAITING_PAYMENT:
        return redirect("orders:detail", ref=ref)
    return render(request, "orders/pay_confirm.html", {"order": order})


# Orders -----------------------------------------------------------------------------------------
@login_required
def order_list(request):
    return render(request, "orders/order_list.html", {"orders": selectors.buyer_orders(buyer=request.user)})


def _detail_context(order, *, return_form=None, review_forms=None) -> dict:
    fulfilments = selectors.fulfilments_of(order)
    lines = [ln for f in fulfilments for ln in f["lines"]]
    returnable = [
        ln for ln in lines if ln.status in RETURNABLE and selectors.related(ln, "return_request") is None
    ]
    review_forms = review_forms or {}
    now = clock.now()
    for line in lines:
        line.can_cancel = line.status in CANCELLABLE
        line.can_confirm = line.status == LineStatus.SHIPPED
        line.review_obj = selectors.related(line, "review")
        line.return_obj = selectors.related(line, "return_request")
        if line.return_obj is not None:
            line.return_obj.escalated_stage = line.return_obj.escalation(now)
        line.refund_obj = selectors.related(line, "refund")
        line.review_form = (
            review_forms.get(line.pk) or ReviewForm(prefix=f"r{line.pk}")
            if line.delivered_at and line.review_obj is None
            else None
        )
    return {
        "order": order,
        "fulfilments": fulfilments,
        "timeline": selectors.timeline(order),
        "return_form": return_form or (ReturnForm(lines=returnable) if returnable else None),
        "can_cancel": any(ln.can_cancel for ln in lines) or order.status == OrderStatus.AWAITING_PAYMENT,
    }


def _own_order(request, ref: str):
    order = selectors.buyer_order(buyer=request.user, ref=ref)
    if order is None:
        raise Http404
    return order


@login_required
def order_detail(request, ref: str):
    return render(request, "orders/order_detail.html", _detail_context(_own_order(request, ref)))


@login_required
@require_POST
def order_cancel(request, ref: str):
    return act_and_report(
        request,
        lambda: fulfilment.buyer_cancel_order(buyer=request.user, ref=ref),
        _("Cancelled. Anything you paid for comes back to your card."),
        "orders:detail",
        ref=ref,
    )


@login_required
@require_POST
def line_cancel(request, ref: str, line_id: int):
    _own_order(request, ref)
    return act_and_report(
        request,
        lambda: fulfilment.buyer_cancel_line(buyer=request.user, line_id=line_id),
        _("Cancelled. The refund goes back to your card."),
        "orders:detail",
        ref=ref,
    )


@login_required
@require_POST
def line_received(request, ref: str, line_id: int):
    _own_order(request, ref)
    return act_and_report(
        request,
        lambda: fulfilment.buyer_confirm_delivery(buyer=request.user, line_id=line_id),
        _("Thanks for confirming. Enjoy it!"),
        "orders:detail",
        ref=ref,
    )


@login_required
@require_POST
def order_return(request, ref: str):
    order = _own_order(request, ref)
    lines = [ln for ln in order.lines.all() if ln.status in RETURNABLE]
    form = ReturnForm(request.POST, lines=lines)
    if form.is_valid():
        try:
            returns.request_return(
                buyer=request.user,
                order_id=order.pk,
                reason=form.cleaned_data["reason"],
                line_ids=form.cleaned_data["line_ids"],
                comment=form.cleaned_data["comment"],
            )
        except Problem as problem:
            problem_on_form(form, problem)
        else:
            messages.success(
                request,
                _(
                    "Return requested. Print the prepaid label below and drop the parcel off; the seller "
                    "refunds you once it has received it."
                ),
            )
            return redirect("orders:detail", ref=ref)
    return render(request, "orders/order_detail.html", _detail_context(order, return_form=form), status=422)


@login_required
@require_POST
def line_review(request, ref: str, line_id: int):
    order = _own_order(request, ref)
    form = ReviewForm(request.POST, prefix=f"r{line_id}")
    if form.is_valid():
        try:
            reviews.post_review(
                buyer=request.user,
                line_id=line_id,
                stars=form.cleaned_data["stars"],
                comment=form.cleaned_data["comment"],
            )
        except Problem as problem:
            problem_on_form(form, problem)
        else:
            messages.success(request, _("Thank you for your review."))
            return redirect("orders:detail", ref=ref)
    return render(
        request, "orders/order_detail.html", _detail_context(order, review_forms={line_id: form}), status=422
    )


@login_required
def return_label(request, return_id: int):
    """The prepaid label and instructions: for the buyer, the return's seller and staff (404 for anyone else)."""
    ret = selectors.return_for_label(user=request.user, return_id=return_id)
    if ret is None or not ret.label_tracking:
        raise Http404
    address = ret.order.shipping_address or {}
    sender = [
        address.get(k, "")
        for k in ("name", "line1", "line2", "postal_code", "city", "country")
        if address.get(k, "")
    ]
    return render(
        request,
        "orders/return_label.html",
        {
            "ret": ret,
            "sender": sender,
            "code": segno.make(ret.label_tracking, error="m").svg_inline(scale=3, svgclass="qr-code"),
            "instructions": return_labels.instructions(carrier=ret.label_carrier),
        },
    )
