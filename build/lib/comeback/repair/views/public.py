"""Repair pages anyone may open: find a repair near me, a location's services and free slots, and book."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comeback.core import clock
from comeback.core.forms import apply_problem
from comeback.core.problems import Problem

from .. import bonus, geo, selectors, slots
from ..forms import BookForm, NearForm
from ..models import ServiceKind
from ..services import bookings


@require_GET
def near(request):
    """Near me: the browser's position (static/repair/near-me.js fills lat/lon) or a city/postcode."""
    form = NearForm(request.GET or None)
    found, origin, searched = [], None, False
    if request.GET and form.is_valid():
        data = form.cleaned_data
        searched = True
        try:
            if data["lat"] is not None and data["lon"] is not None:
                origin = (data["lat"], data["lon"], _("your position"))
            elif data["place"]:
                origin = geo.geocode(data["place"])
            else:
                form.add_error("place", _("Type a city or a postcode, or use your position."))
            if origin:
                found = selectors.nearest(
                    lat=origin[0], lon=origin[1], service=data["service"] or None, limit=10
                )
        except Problem as problem:
            apply_problem(form, problem)
    service = form.cleaned_data.get("service") if form.is_bound and hasattr(form, "cleaned_data") else ""
    shown = [(n, n.service or next(iter(selectors.services_of(n.location)), None)) for n in found]
    # Every location's first free slot at once: one query for all of them, not a dozen per location.
    first = slots.first_free_of([(n.location, svc) for n, svc in shown if svc])
    rows = [{"near": n, "service": svc, "first": first.get(n.location.pk)} for n, svc in shown]
    return render(
        request,
        "repair/near.html",
        {
            "form": form,
            "rows": rows,
            "origin": origin,
            "searched": searched,
            "service": service or "",
            "battery": ServiceKind.BATTERY,
        },
    )


def _day(request) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def location(request, location_id: int):
    """A location: hours, services with prices, and the free slots of the chosen service; book one."""
    loc = selectors.public_location(location_id)
    if loc is None:
        raise Http404(_("No such repair location."))
    services = selectors.services_of(loc)
    kind = request.POST.get("service") or request.GET.get("service") or (services[0].kind if services else "")
    service = next((s for s in services if s.kind == kind), services[0] if services else None)
    initial = {"service": service.kind if service else "", "product": request.GET.get("product") or None}
    form = BookForm(request.POST or None, services=services, initial=initial)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        if form.is_valid():
            try:
                booking = bookings.book(
                    customer=request.user,
                    location=loc,
                    service_kind=form.cleaned_data["service"],
                    product=form.cleaned_data["product"],
                    starts_at=form.cleaned_data["starts_at"],
                    notes=form.cleaned_data["notes"],
                )
            except Problem as problem:
                apply_problem(form, problem)
            else:
                messages.success(request, _("Booked. A confirmation email is on its way."))
                return redirect("repair:booking", booking.reference)
    days = slots.next_days(loc, service) if service else []
    rates = bonus.rates_by_location([loc], day=clock.local_date(clock.now(), loc.timezone)).get(loc.pk, {})
    for s in services:  # what the customer pays after a bonus the location is labelled for
        s.bonus_amount = bonus.amount_on(rates.get(s.kind), s.price_amount, s.currency)
        s.to_pay = s.price_amount - s.bonus_amount
        s.bonus_rate = rates.get(s.kind) if s.bonus_amount else None
    return render(
        request,
        "repair/location.html",
        {
            "location": loc,
            "services": services,
            "bonus_rates": [r for r in rates.values()],
            "bonus_source": next((r.source for r in rates.values()), ""),
            "service": service,
            "form": form,
            "days": days,
            "week": _week(loc),
        },
    )


def _week(loc) -> list[tuple[int, list]]:
    """Opening hours grouped by weekday: [(0, [(opens, closes), …]), …]."""
    days: dict[int, list] = {}
    for h in loc.hours.all():
        days.setdefault(h.weekday, []).append((h.opens, h.closes))
    return sorted(days.items())
