"""Collected devices on the web, as both spaces render them: the refurbisher's in the seller portal
(/seller/recovery/, views/seller.py) and every device for staff (/staff/recovery/, views/staff.py). Each step
is a form posted to one action view that calls the service; a refusal comes back on the form (422) or as a
message. Another shop's device is a 404; a visitor without a shop gets the portal's 403 page, a non-staff
user a 403 on staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from comeback.core.forms import apply_problem
from comeback.core.problems import NotFound, Problem
from comeback.tradein.models import Route

from .. import charts, forms, selectors, services
from ..processes import Actor
from ..services import Operator


def _space(op: Operator) -> str:
    return "staff" if op.actor == Actor.STAFF else "seller"


def inventory(request, op: Operator):
    form = forms.FilterForm(request.GET or None)
    route = state = None
    if form.is_valid():
        route, state = form.cleaned_data["route"] or None, form.cleaned_data["state"] or None
    everything = selectors.inventory(seller=op.seller)
    summary = selectors.summarise(everything)
    rows = [
        r
        for r in everything
        if (route is None or r.route == route)
        and (
            state is None
            or (state == "open" and not r.done)
            or (state == "done" and r.done)
            or (state == "stale" and r.stale)
        )
    ]
    return render(
        request,
        "recovery/inventory.html",
        {
            "space": _space(op),
            "seller": op.seller,
            "rows": rows[:500],
            "summary": summary,
            "form": form,
            "chart": charts.by_route_and_age(
                summary, title=_("Devices in progress, by route and age since received")
            ),
            "routes": [
                (r.value, r.label, summary.done[r.value], sum(summary.open[r.value].values())) for r in Route
            ],
            "stale_days": selectors.STALE_AFTER.days,
        },
    )


# One device ----------------------------------------------------------------------------------------

# Each step's form: (form class, the service call, the success message). `ctx` carries the device row.
ACTIONS = {
    "list": forms.ListForm,
    "start": forms.StartForm,
    "fit": forms.FitForm,
    "finish": forms.FinishForm,
    "harvest": forms.HarvestForm,
    "upcycle": forms.UpcycleForm,
    "recycler": forms.RecyclerForm,
    "recycled": forms.RecycledForm,
    "reroute": forms.RerouteForm,
}


# Which forms a device shows, by its status (the table in processes.py decides who may submit them).
SHOWN = {
    ("resell", "awaiting"): ["list"],
    ("refurbish", "awaiting"): ["start"],
    ("refurbish", "refurbishing"): ["fit", "finish"],
    ("refurbish", "ready"): ["list"],
    ("harvest", "awaiting"): ["harvest"],
    ("upcycle", "awaiting"): ["upcycle"],
    ("recycle", "awaiting"): ["recycler"],
    ("recycle", "at_recycler"): ["recycled"],
}


STAFF_ACTIONS = {"upcycle", "recycler", "recycled"}


def _row(op: Operator, ref: str):
    try:
        return selectors.row_for(services.tradein_for(op=op, ref=ref))
    except NotFound as exc:
        raise Http404(exc.detail) from exc


def _form(key: str, row, data=None):
    if key == "fit":
        return forms.FitForm(data, seller=row.tradein.seller, product=row.tradein.product)
    if key == "list" and row.route == "refurbish":
        form = forms.ListForm(data)
        for name in ("grade", "battery_health"):
            del form.fields[name]
        return form
    return ACTIONS[key](data)


def _shown(op: Operator, row) -> list[str]:
    if row.awaiting_payout:
        return []
    keys = list(SHOWN.get((row.route, row.status), []))
    if op.actor == Actor.REFURBISHER and row.status in ("awaiting", "refurbishing", "ready"):
        keys.append("reroute")
    if op.actor == Actor.STAFF:
        keys = [k for k in keys if k in STAFF_ACTIONS]
    return keys


def device_page(request, op: Operator, ref: str, *, key: str | None = None, form=None, status: int = 200):
    row = _row(op, ref)
    shown = [(k, form if k == key and form is not None else _form(k, row)) for k in _shown(op, row)]
    return render(
        request,
        "recovery/device.html",
        {
            "space": _space(op),
            "seller": op.seller,
            "row": row,
            "device": row.device,
            "forms": shown,
            "steps": selectors.steps(row.device),
            "stale_days": selectors.STALE_AFTER.days,
        },
        status=status,
    )


def _run(op: Operator, ref: str, key: str, form, row) -> None:
    d = form.cleaned_data
    if key == "list":
        terms = form.terms(row.tradein.market_id)
        if terms is not None:
            services.list_for_sale(op=op, ref=ref, terms=terms)
    elif key == "start":
        services.start_refurbishing(op=op, ref=ref, technician=d.get("technician") or "")
    elif key == "fit":
        services.fit_part(op=op, ref=ref, part_id=d["part_id"], quantity=d["quantity"])
    elif key == "finish":
        services.finish_refurbishing(
            op=op,
            ref=ref,
            result=services.Refurbishment(
                grade=d["grade"],
                battery_health=d.get("battery_health"),
                operations=form.lines(),
                notes=d.get("notes") or "",
                technician=getattr(op.user, "name", "") or "",
            ),
        )
    elif key == "harvest":
        services.harvest(op=op, ref=ref, part_types=d["parts"], notes=d.get("notes") or "")
    elif key == "upcycle":
        services.upcycle(op=op, ref=ref, collection_id=d["collection_id"], note=d.get("note") or "")
    elif key == "recycler":
        services.hand_to_recycler(
            op=op, ref=ref, recycler_id=d["recycler_id"], weight_grams=d.get("weight_grams")
        )
    elif key == "recycled":
        services.confirm_recycled(op=op, ref=ref, certificate_ref=d["certificate_ref"])
    elif key == "reroute":
        services.reroute(
            op=op, ref=ref, route=d["route"], reason=d["reason"], recycler_id=d.get("recycler_id")
        )


DONE_MESSAGES = {
    "list": _("Listed for sale."),
    "start": _("Refurbishing started."),
    "fit": _("Part fitted; stock updated."),
    "finish": _("Refurbished and graded: ready to list."),
    "harvest": _("Parts harvested into your stock."),
    "upcycle": _("Allocated to the collection."),
    "recycler": _("Handed to the recycler."),
    "recycled": _("Recycling certified."),
    "reroute": _("Rerouted."),
}


def act(request, op: Operator, ref: str, key: str):
    if key not in ACTIONS:
        raise Http404(_("No such step."))
    row = _row(op, ref)
    form = _form(key, row, request.POST)
    if form.is_valid():
        try:
            _run(op, ref, key, form, row)
        except NotFound as exc:
            raise Http404(exc.detail) from exc
        except Problem as problem:
            apply_problem(form, problem)
            return device_page(
                request, op, ref, key=key, form=form, status=problem.status if problem.status != 404 else 422
            )
        if not form.errors:
            messages.success(request, str(DONE_MESSAGES[key]))
            return redirect(f"recovery:{_space(op)}_device", ref=ref)
    return device_page(request, op, ref, key=key, form=form, status=422)
