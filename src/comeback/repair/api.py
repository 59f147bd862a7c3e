"""Repair API (DESIGN.md §4): near-me search, slots, bookings (customer), jobs (repairer), spare parts and the
obligation report (staff and refurbishers). Handlers only translate HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from comeback.accounts.auth import require_scope, token_auth
from comeback.core.money import Money
from comeback.core.problems import Invalid, NotFound

from . import access, geo, obligation, selectors, slots
from .models import Booking, Location, Part, ServiceKind
from .schemas import (
    MAX_ID,
    AvailableOut,
    BookingIn,
    BookingList,
    BookingOut,
    ImportOut,
    JobCompleteIn,
    JobIn,
    JobOut,
    JobPartIn,
    JobPatch,
    LocationOut,
    NearOut,
    NearQuery,
    ObligationList,
    PartIn,
    PartList,
    PartOut,
    PartsQuery,
    PartTypeOut,
    RescheduleIn,
    SlotsOut,
    SlotsQuery,
    StockIn,
    StockOut,
    booking_out,
    job_out,
    location_out,
    obligation_out,
    part_out,
    problems,
)
from .services import bookings, jobs, parts, parts_csv

router = Router(tags=["repair"])


def _pk(value: int, what: str) -> int:
    """A path id that cannot exist is a 404 before it reaches the database driver (which would overflow)."""
    if not 0 < value <= MAX_ID:
        messages = {
            "location": _("No such repair location."),
            "job": _("No such repair job."),
            "part": _("No such spare part."),
        }
        raise NotFound(messages[what], code=f"{what}_not_found")
    return value


def _product(product_id: int, field: str = "product_id"):
    from comeback.catalog.models import ProductModel

    product = ProductModel.objects.filter(pk=product_id).first() if 0 < product_id <= MAX_ID else None
    if product is None:
        raise Invalid.field(field, "unknown_product", _("No product model %s.") % product_id)
    return product


def _service_kind(value: str | None) -> str | None:
    if value and value not in ServiceKind.values:
        raise Invalid.field(
            "service",
            "unknown_service",
            _("Unknown service; expected one of %s.") % ", ".join(ServiceKind.values),
        )
    return value or None


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
        lat=lat, lon=lon, service=_service_kind(query.service), limit=query.limit, radius_km=query.radius_km
    )
    return {
        "lat": lat,
        "lon": lon,
        "place": label,
        "items": [location_out(n.location, n.distance_km) for n in found],
    }


@router.get(
    "/repair/locations/{location_id}",
    response=LocationOut,
    summary="One repair location",
    openapi_extra=problems(404),
)
def location(request, location_id: int):
    _pk(location_id, "location")
    loc = selectors.public_location(location_id)
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    return location_out(loc)


@router.get(
    "/repair/locations/{location_id}/slots",
    response=SlotsOut,
    summary="Free start times",
    openapi_extra=problems(404, 422),
)
def location_slots(request, location_id: int, query: Query[SlotsQuery]):
    """Free starts for a service: one day (`day`, local to the location) or the next 7 open days."""
    _pk(location_id, "location")
    loc = selectors.public_location(location_id)
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    service = next(
        (s for s in loc.services.all() if s.kind == _service_kind(query.service) and s.is_active), None
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


# Bookings (customer) ---------------------------------------------------------------------------------
@router.post(
    "/repair/bookings",
    response={201: BookingOut},
    auth=token_auth,
    summary="Book a repair",
    openapi_extra=problems(401, 403, 409, 422),
)
def create_booking(request, body: BookingIn):
    """Hold a slot for a service on a model at a location. Two customers racing for one slot: one gets 201,
    the other 409 `slot_taken`. A confirmation email follows."""
    require_scope(request, "buyer")
    booking = bookings.book(
        customer=request.auth.user,
        location=body.location_id,
        service_kind=_service_kind(body.service),
        product=_product(body.product_id),
        starts_at=body.starts_at,
        notes=body.notes,
    )
    return Status(201, booking_out(booking))


@router.get(
    "/repair/bookings",
    response=BookingList,
    auth=token_auth,
    summary="My repair bookings",
    openapi_extra=problems(401, 403),
)
def my_bookings(request):
    require_scope(request, "buyer")
    return {"items": [booking_out(b) for b in selectors.bookings_of(request.auth.user)]}


@router.get(
    "/repair/bookings/{reference}",
    response=BookingOut,
    auth=token_auth,
    summary="One booking",
    openapi_extra=problems(401, 404),
)
def get_booking(request, reference: str):
    return booking_out(bookings.get_for(user=request.auth.user, reference=reference))


@router.post(
    "/repair/bookings/{reference}/cancel",
    response=BookingOut,
    auth=token_auth,
    summary="Cancel",
    openapi_extra=problems(401, 404, 409),
)
def cancel_booking(request, reference: str):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    return booking_out(bookings.cancel(booking=booking, user=request.auth.user))


@router.post(
    "/repair/bookings/{reference}/reschedule",
    response=BookingOut,
    auth=token_auth,
    summary="Move to another start",
    openapi_extra=problems(401, 404, 409, 422),
)
def reschedule_booking(request, reference: str, body: RescheduleIn):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    return booking_out(bookings.reschedule(booking=booking, user=request.auth.user, starts_at=body.starts_at))


# Jobs (repairer) ---------------------------------------------------------------------------------------
@router.post(
    "/repair/jobs",
    response={201: JobOut},
    auth=token_auth,
    summary="Start a repair job",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def start_job(request, body: JobIn):
    """From a booking (`booking_reference`) or a walk-in (`location_id` + `product_id`)."""
    user = request.auth.user
    booking = None
    location = None
    if body.booking_reference:
        booking = (
            Booking.objects.select_related("location", "product")
            .filter(reference=body.booking_reference)
            .first()
        )
        if booking is None or not access.works_at(user, booking.location):
            raise NotFound(_("No such booking."), code="booking_not_found")
    elif body.location_id is not None:
        location = Location.objects.filter(pk=body.location_id).first()
        if location is None:
            raise NotFound(_("No such repair location."), code="location_not_found")
    job = jobs.start_job(
        user=user,
        booking=booking,
        location=location,
        product=_product(body.product_id) if body.product_id else None,
        passport_serial=body.passport_serial,
        diagnosis=body.diagnosis,
        battery_before=body.battery_before,
    )
    return Status(201, job_out(job))


@router.get(
    "/repair/jobs/{job_id}",
    response=JobOut,
    auth=token_auth,
    summary="One repair job",
    openapi_extra=problems(401, 404),
)
def get_job(request, job_id: int):
    _pk(job_id, "job")
    return job_out(jobs.get_for(user=request.auth.user, job_id=job_id))


@router.patch(
    "/repair/jobs/{job_id}",
    response=JobOut,
    auth=token_auth,
    summary="Record the diagnosis",
    openapi_extra=problems(401, 404, 409, 422),
)
def patch_job(request, job_id: int, body: JobPatch):
    _pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    return job_out(jobs.update_job(job=job, user=request.auth.user, **body.model_dump(exclude_unset=True)))


@router.post(
    "/repair/jobs/{job_id}/parts",
    response={201: JobOut},
    auth=token_auth,
    summary="Fit a part",
    openapi_extra=problems(401, 404, 409, 422),
)
def fit_part(request, job_id: int, body: JobPartIn):
    """Takes the part from the location's stock atomically: 409 `part_out_of_stock` when none is left."""
    _pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    jobs.use_part(job=job, user=request.auth.user, part=body.part_id, quantity=body.quantity)
    return Status(201, job_out(job))


@router.post(
    "/repair/jobs/{job_id}/complete",
    response=JobOut,
    auth=token_auth,
    summary="Finish the job",
    openapi_extra=problems(401, 404, 409, 422),
)
def complete_job(request, job_id: int, body: JobCompleteIn):
    """Records the result and the repair warranty; the unit's passport gets the events after commit."""
    _pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    return job_out(jobs.complete_job(job=job, user=request.auth.user, **body.model_dump()))


@router.get(
    "/repair/locations/{location_id}/parts",
    response=list[AvailableOut],
    auth=token_auth,
    summary="Parts for a model at a location",
    openapi_extra=problems(401, 403, 404),
)
def location_parts(request, location_id: int, product_id: int, part_type: str = ""):
    _pk(location_id, "location")
    loc = Location.objects.filter(pk=location_id).first()
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    access.ensure_works_at(request.auth.user, loc)
    found = selectors.parts_for(product=_product(product_id), location=loc, part_type=part_type or None)
    return [{"part": part_out(a.part, a.quantity_total), "quantity_here": a.quantity_here} for a in found]


# Parts (staff, refurbishers) ------------------------------------------------------------------------
def _parts_user(request):
    user = request.auth.user
    access.ensure(access.may_manage_parts(user), _("Only staff and refurbishers manage spare parts."))
    return user


def _draft(body: PartIn) -> parts.PartDraft:
    from comeback.catalog.models import ProductModel
    from comeback.core import markets

    models = list(ProductModel.objects.filter(pk__in=body.compatible_models))
    if len(models) != len(set(body.compatible_models)):
        raise Invalid.field("compatible_models", "unknown_model", _("Unknown product model id."))
    prices = {
        code: Money(amount, markets.get(code, field=f"prices.{code}").currency)
        for code, amount in body.prices.items()
    }
    return parts.PartDraft(
        sku=body.sku,
        name=body.name,
        part_type=body.part_type,
        source=body.source,
        compatible_models=models,
        lead_time_days=body.lead_time_days,
        prices=prices,
        notes=body.notes,
    )


def _managed(request, part_id: int) -> Part:
    part = Part.objects.select_related("seller", "donor_passport").filter(pk=part_id).first()
    if part is None or not access.manages_part(request.auth.user, part):
        raise NotFound(_("No such spare part."), code="part_not_found")
    return part


@router.get(
    "/repair/parts",
    response=PartList,
    auth=token_auth,
    summary="Spare parts I manage",
    openapi_extra=problems(401, 403),
)
def list_parts(request, query: Query[PartsQuery]):
    user = _parts_user(request)
    return {
        "items": [
            part_out(p)
            for p in selectors.managed_parts(user=user, query=query.q, part_type=query.part_type)[:500]
        ]
    }


@router.post(
    "/repair/parts",
    response={201: PartOut},
    auth=token_auth,
    summary="Add a spare part",
    openapi_extra=problems(401, 403, 409, 422),
)
def create_part(request, body: PartIn):
    part = parts.save_part(draft=_draft(body), actor=_parts_user(request))
    return Status(201, part_out(part, 0))


@router.post(
    "/repair/parts/import",
    response=ImportOut,
    auth=token_auth,
    summary="Import spare parts as CSV",
    openapi_extra=problems(401, 403, 422),
)
def import_parts(request, file: File[UploadedFile]):
    """All or nothing; columns in docs/repair.md "CSV import"."""
    result = parts_csv.import_csv(data=file.read(parts_csv.MAX_CSV_BYTES + 1), actor=_parts_user(request))
    return {"created": result.created, "updated": result.updated, "stocked": result.stocked}


@router.patch(
    "/repair/parts/{part_id}",
    response=PartOut,
    auth=token_auth,
    summary="Change a spare part",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def update_part(request, part_id: int, body: PartIn):
    _pk(part_id, "part")
    part = _managed(request, part_id)
    return part_out(parts.save_part(draft=_draft(body), actor=request.auth.user, part=part))


@router.post(
    "/repair/parts/{part_id}/stock",
    response=StockOut,
    auth=token_auth,
    summary="Set the stock counted at a location",
    openapi_extra=problems(401, 403, 404, 422),
)
def set_stock(request, part_id: int, body: StockIn):
    _pk(part_id, "part")
    part = _managed(request, part_id)
    stock = parts.set_stock(
        part=part, location=body.location_id, quantity=body.quantity, actor=request.auth.user
    )
    return {"part_id": stock.part_id, "location_id": stock.location_id, "quantity": stock.quantity}


@router.get(
    "/repair/obligations",
    response=ObligationList,
    auth=token_auth,
    summary="The 7-year parts obligation per model",
    openapi_extra=problems(401, 403),
)
def obligations(request, at_risk: bool = False):
    from comeback.core import clock

    _parts_user(request)
    on = clock.now().date()
    rows = obligation.report(on=on, at_risk_only=at_risk)
    return {"on": on, "items": [obligation_out(r) for r in rows]}
