"""The refurbisher's trade-in screens in the seller portal: intake list, one trade-in's inspection screen
(receive, validate, counter-offer with photos, activation lock, wipe certificate, route, return), buyback
offers with CSV upload, and the wins report. A visitor without a shop gets a 403 page; another shop's
trade-in is a 404."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from comeback.core import clock, markets
from comeback.core.problems import NotFound, Problem
from comeback.web.access import seller_required

from .. import processes, selectors
from ..forms import (
    BuybackEditForm,
    BuybackOfferForm,
    CounterOfferForm,
    CsvUploadForm,
    GarmentInspectionForm,
    InspectionForm,
    ReturnForm,
    RouteForm,
    WipeForm,
    apply_problem,
    to_minor,
)
from ..models import BuybackStatus, CounterOffer, DeviceRoute, TradeInStatus, WipeCertificate
from ..processes import DEVICE_AT_REFURBISHER
from ..services import access, buyback, inspection, routing
from ..services.access import Operator

FILTERS = ["", *TradeInStatus.values]


def refurbisher(view):
    """Logged in, with a shop (else a 403 page); passes the seller's Operator."""

    @seller_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, Operator.refurbisher(request.seller, user=request.user), *args, **kwargs)

    return wrapper


@require_GET
@refurbisher
def home(request, op):
    status = request.GET.get("status", "")
    status = status if status in FILTERS else ""
    now = clock.now()
    tradeins = [
        processes.as_of(t, now) for t in selectors.seller_tradeins(op.seller, status=status or None)[:200]
    ]
    return render(
        request,
        "tradein/seller_home.html",
        {
            "seller": op.seller,
            "tradeins": tradeins,
            "status": status,
            "counts": selectors.seller_counts(op.seller),
            "filters": [(s, TradeInStatus(s).label if s else _("All")) for s in FILTERS],
        },
    )


def _one(op, ref):
    try:
        return access.for_operator(op=op, ref=ref)
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _inspection_initial(tradein) -> dict:
    declared = tradein.inspected_answers or tradein.quote.answers
    yes = {True: "yes", False: "no"}
    if tradein.questionnaire == "garment":
        return {
            **{k: declared.get(k) for k in ("condition", "stains", "holes", "pilling")},
            "brand_label": yes.get(declared.get("brand_label"), "yes"),
        }
    return {
        "powers_on": yes.get(declared.get("powers_on"), "yes"),
        "screen": declared.get("screen"),
        "body": declared.get("body"),
        "functional": yes.get(declared.get("functional"), "yes"),
    }


FORMS = {
    "inspection": InspectionForm,
    "counter": CounterOfferForm,
    "wipe": WipeForm,
    "route": RouteForm,
    "return": ReturnForm,
}


def _form_class(key: str, tradein):
    """A garment is inspected with the garment questions (and has no wipe or lock to record)."""
    if key == "inspection" and tradein.questionnaire == "garment":
        return GarmentInspectionForm
    return FORMS[key]


def _detail(request, op, ref: str, *, key: str | None = None, form=None, status: int = 200):
    """The inspection screen; `form` (under `key`) comes back with its errors after a refused action."""
    tradein = _one(op, ref)
    initial = {
        "inspection": _inspection_initial(tradein),
        "wipe": {"operator_name": request.user.name or request.user.email},
    }
    forms = {
        name: form if name == key else _form_class(name, tradein)(initial=initial.get(name)) for name in FORMS
    }
    return render(
        request,
        "tradein/seller_detail.html",
        {
            "seller": op.seller,
            "tradein": tradein,
            "events": selectors.timeline(tradein),
            "certificate": WipeCertificate.objects.filter(tradein=tradein).first(),
            "route": DeviceRoute.objects.filter(tradein=tradein).first(),
            "counter": CounterOffer.objects.filter(tradein=tradein).prefetch_related("photos").first(),
            "device_held": tradein.status in DEVICE_AT_REFURBISHER,
            "garment": tradein.questionnaire == "garment",
            "open_panel": key,
            **{f"{name}_form": f for name, f in forms.items()},
        },
        status=status,
    )


@require_GET
@refurbisher
def detail(request, op, ref: str):
    return _detail(request, op, ref)


def _done(request, ref, message):
    messages.success(request, message)
    return redirect("tradein:seller_detail", ref=ref)


def _refused(request, op, ref, problem: Problem, key: str | None = None, form=None):
    if isinstance(problem, NotFound):
        raise Http404(problem.detail)
    if form is not None:
        apply_problem(form, problem)
        return _detail(request, op, ref, key=key, form=form, status=422)
    messages.error(request, problem.detail)
    return redirect("tradein:seller_detail", ref=ref)


def _render_with(request, op, ref, key, form):
    return _detail(request, op, ref, key=key, form=form, status=422)


@require_POST
@refurbisher
def receive(request, op, ref: str):
    try:
        tradein = inspection.receive(op=op, ref=ref)
    except Problem as problem:
        return _refused(request, op, ref, problem)
    if tradein.status == TradeInStatus.BLOCKED:
        messages.error(request, _("This device is on a block list: refused, never paid."))
        return redirect("tradein:seller_detail", ref=ref)
    return _done(
        request,
        ref,
        _("Received. Inspect it within %(days)d business days.")
        % {"days": processes.INSPECT_WITHIN_BUSINESS_DAYS},
    )


def _form_action(request, op, ref: str, key: str, run, done: str):
    """Parse the posted form named `key`, run the service with it; the form comes back with the service's
    field errors (422) when refused, else a success message on the inspection screen."""
    form = _form_class(key, _one(op, ref))(request.POST, request.FILES)
    if not form.is_valid():
        return _render_with(request, op, ref, key, form)
    try:
        run(form)
    except Problem as problem:
        return _refused(request, op, ref, problem, key, form)
    if form.errors:  # the form's own conversion refused a value (e.g. too many decimals)
        return _render_with(request, op, ref, key, form)
    return _done(request, ref, done)


@require_POST
@refurbisher
def validate(request, op, ref: str):
    return _form_action(
        request,
        op,
        ref,
        "inspection",
        lambda form: inspection.validate(
            op=op, ref=ref, inspected=form.inspected(), notes=form.cleaned_data.get("notes", "")
        ),
        _("Validated: the customer is paid the quoted price once wipe and lock are recorded."),
    )


@require_POST
@refurbisher
def counter(request, op, ref: str):
    tradein = _one(op, ref)

    def run(form):
        price = to_minor(form, "price", form.cleaned_data.get("price"), tradein.currency)
        if form.errors:
            return
        inspection.counter_offer(
            op=op,
            ref=ref,
            draft=inspection.CounterDraft(
                reason=form.cleaned_data.get("reason") or "",
                price=price,
                note=form.cleaned_data.get("note") or "",
                photos=request.FILES.getlist("photos"),
            ),
        )

    return _form_action(
        request,
        op,
        ref,
        "counter",
        run,
        _("Counter-offer sent. The customer has %(days)d days to answer.")
        % {"days": processes.COUNTER_ANSWER_WITHIN.days},
    )


@require_POST
@refurbisher
def lock_off(request, op, ref: str):
    try:
        inspection.confirm_lock_off(op=op, ref=ref)
    except Problem as problem:
        return _refused(request, op, ref, problem)
    return _done(request, ref, _("Activation lock recorded as off."))


@require_POST
@refurbisher
def wipe(request, op, ref: str):
    return _form_action(
        request,
        op,
        ref,
        "wipe",
        lambda form: inspection.record_wipe(op=op, ref=ref, draft=form.draft()),
        _("Wipe certificate recorded."),
    )


@require_POST
@refurbisher
def route(request, op, ref: str):
    def run(form):
        d = form.cleaned_data
        routing.override(
            op=op,
            ref=ref,
            route=d["route"],
            reason=d["reason"],
            recycler=d.get("recycler") or "",
            weight_grams=d.get("weight_grams"),
        )

    return _form_action(request, op, ref, "route", run, _("Route recorded."))


@require_POST
@refurbisher
def returned(request, op, ref: str):
    return _form_action(
        request,
        op,
        ref,
        "return",
        lambda form: inspection.record_return(
            op=op, ref=ref, label=form.cleaned_data["label"], tracking=form.cleaned_data["tracking"]
        ),
        _("Return recorded."),
    )


# Buyback offers ----------------------------------------------------------------------------------


def _market_choices(seller):
    return [
        (m.code, f"{m.code} · {m.currency}")
        for m in markets.all_markets()
        if m.code in (seller.markets or [])
    ]


@refurbisher
def offers(request, op, new_form=None, upload_form=None, status_code=200):
    seller = op.seller
    rows = []
    for offer in selectors.seller_offers(seller).exclude(status=BuybackStatus.WITHDRAWN):
        rows.append(
            (
                offer,
                BuybackEditForm(
                    initial={
                        "price": offer.price.major,
                        "weekly_capacity": offer.weekly_capacity,
                        "status": offer.status,
                    },
                    prefix=f"o{offer.pk}",
                ),
            )
        )
    return render(
        request,
        "tradein/seller_offers.html",
        {
            "seller": seller,
            "rows": rows,
            "new_form": new_form or BuybackOfferForm(market_choices=_market_choices(seller)),
            "upload_form": upload_form or CsvUploadForm(),
        },
        status=status_code,
    )


@require_POST
@refurbisher
def offer_new(request, op):
    form = BuybackOfferForm(request.POST, market_choices=_market_choices(op.seller))
    if form.is_valid():
        d = form.cleaned_data
        market = markets.get(d["market"])
        price = to_minor(form, "price", d["price"], market.currency)
        if not form.errors:
            try:
                buyback.publish_offer(
                    seller=op.seller,
                    draft=buyback.BuybackDraft(
                        product_id=d["product"],
                        storage_gb=d["storage_gb"],
                        market=market.code,
                        tier=d["tier"],
                        price=price,
                        currency=market.currency,
                        weekly_capacity=d["weekly_capacity"],
                    ),
                )
                messages.success(request, _("Buyback offer published."))
                return redirect("tradein:seller_offers")
            except Problem as problem:
                apply_problem(form, problem)
    request.method = "GET"
    return offers(request, new_form=form, status_code=422)


@require_POST
@refurbisher
def offer_upload(request, op):
    form = CsvUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = buyback.import_csv(
                seller=op.seller, data=form.cleaned_data["file"].read(buyback.MAX_CSV_BYTES + 1)
            )
            messages.success(
                request, _("%(c)d created, %(u)d updated.") % {"c": result.created, "u": result.updated}
            )
            return redirect("tradein:seller_offers")
        except Problem as problem:
            for error in problem.errors[:20]:
                form.add_error(None, f"{error['field']}: {error['message']}")
            if not problem.errors:
                form.add_error(None, problem.detail)
    request.method = "GET"
    return offers(request, upload_form=form, status_code=422)


@require_POST
@refurbisher
def offer_edit(request, op, offer_id: int):
    try:
        offer = buyback.own_offer(seller=op.seller, offer_id=offer_id)
    except NotFound as exc:
        raise Http404(exc.detail) from exc
    form = BuybackEditForm(request.POST, prefix=f"o{offer.pk}")
    if form.is_valid():
        price = to_minor(form, "price", form.cleaned_data["price"], offer.currency)
        if not form.errors:
            try:
                buyback.update_offer(
                    seller=op.seller,
                    offer_id=offer.pk,
                    changes={
                        "price": price,
                        "weekly_capacity": form.cleaned_data["weekly_capacity"],
                        "status": form.cleaned_data["status"],
                    },
                )
                messages.success(request, _("Buyback offer updated."))
                return redirect("tradein:seller_offers")
            except Problem as problem:
                messages.error(request, problem.detail)
                return redirect("tradein:seller_offers")
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("tradein:seller_offers")


@require_GET
@refurbisher
def wins(request, op):
    return render(
        request, "tradein/seller_wins.html", {"seller": op.seller, "rows": selectors.wins_report(op.seller)}
    )
