"""What anyone may ask of repair (docs/repair.md): locations near a point, one location, its free start
times, the part types. Handlers only translate HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from comeback.core import clock
from comeback.core.paging import paginate
from comeback.core.problems import Invalid, NotFound

from .. import geo, selectors, slots
from ..schemas import problems
from ..schemas.public import LocationOut, NearOut, NearQuery, PartTypeOut, SlotsOut, SlotsQuery
from .paths import checked_pk, service_kind

router = Router(tags=["repair"])
MAX_NEAR = 10_000  # every location within reach: a page is cut from them, nearest first


# Locations (public) -----------------------------------------------------------------------------------
@router.get(
    "/repair/locations",
    response=NearOut,
    summary="Repair locations near a point",
    openapi_extra=problems(422),
)
def near(request, query: Query[NearQuery]):
    """Public repair locations, nearest first, with the great-circle distance in km; `service` keeps those
    offering it. Give `lat` and `lon`, or `place` (a demo city or postcode)."""
    label = None
    if query.lat is None or query.lon is None:
        if not query.place:
            raise Invalid.field("lat", "field_required", _("Give lat and lon, or a place."))
        lat, lon, label = geo.geocode(query.place)
    else:
        lat, lon = query.lat, query.lon
    found = selectors.nearest(
        lat=lat, lon=lon, service=service_kind(query.service), limit=MAX_NEAR, radius_km=query.radius_km
    )
    page = paginate(request, found, query, lat=lat, lon=lon, place=label)
    # The bonuses of every location on the page, in two queries (not two per location).
    page["items"] = selectors.with_bonuses([n.location for n in page["items"]], day=clock.now().date())
    return page


@router.get(
    "/repair/locations/{location_id}",
    response=LocationOut,
    summary="One repair location",
    openapi_extra=problems(404),
)
def location(request, location_id: int):
    checked_pk(location_id, "location")
    loc = selectors.public_location(location_id)
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    return selectors.with_bonuses([loc], day=clock.local_date(clock.now(), loc.timezone))[0]


@router.get(
    "/repair/locations/{location_id}/slots",
    response=SlotsOut,
    summary="Free start times",
    openapi_extra=problems(404, 422),
)
def location_slots(request, location_id: int, query: Query[SlotsQuery]):
    """Free starts for a service: one day (`day`, local to the location) or the next 7 open days."""
    checked_pk(location_id, "location")
    loc = selectors.public_location(location_id)
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    service = next(
        (s for s in loc.services.all() if s.kind == service_kind(query.service) and s.is_active), None
    )
    if service is None:
        raise Invalid.field("service", "service_not_offered", _("This location does not offer that service."))
    days = (
        [(query.day, slots.available(loc, service, query.day))]
        if query.day
        else slots.next_days(loc, service)
    )
    return {
        "location_id": loc.pk,
        "service": service.kind,
        "timezone": loc.timezone,
        "days": [{"date": d.isoformat(), "starts": [s.isoformat() for s in starts]} for d, starts in days],
    }


@router.get("/repair/part-types", response=list[PartTypeOut], summary="Part types")
def part_types(request):
    return [{"value": v, "label": label} for v, label in selectors.part_types()]
