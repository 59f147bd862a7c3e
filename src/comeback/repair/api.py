"""Repair API (docs/design.md §4): near-me search, slots, bookings (customer), jobs (repairer), spare parts and the
obligation report (staff and refurbishers). Handlers only translate HTTP."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from comeback.accounts.auth import acting_staff, require_scope, token_auth
from comeback.core import clock
from comeback.core.money import Money
from comeback.core.paging import PageQuery, paginate
from comeback.core.problems import Invalid, NotFound

from . import access, bonus, geo, information_form, obligation, selectors, slots
from .models import Booking, Location, Part, ServiceKind
from .schemas import (
    MAX_ID,
    AvailableList,
    BookingIn,
    BookingList,
    BookingOut,
    InformationFormIn,
    InformationFormOut,
    JobCompleteIn,
    JobIn,
    JobOut,
    JobPartIn,
    JobPatch,
    LocationOut,
    LocationPartsQuery,
    NearOut,
    NearQuery,
    ObligationList,
    PartIn,
    PartList,
    PartsImportOut,
    PartsQuery,
    PartTypeOut,
    RescheduleIn,
    SlotsOut,
    SlotsQuery,
    SparePartOut,
    StockIn,
    StockOut,
    booking_out,
    information_form_out,
    job_out,
    location_out,
    obligation_out,
    part_out,
    problems,
)
from .services import bookings, information_forms, jobs, parts, parts_csv

router = Router(tags=["repair"])
MAX_NEAR = 10_000  # every location within reach: a page is cut from them, nearest first


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
        lat=lat, lon=lon, service=_service_kind(query.service), limit=MAX_NEAR, radius_km=query.radius_km
    )
    # The bonuses of every location listed, in two queries (not two per location).
    rates = bonus.rates_by_location([n.location for n in found], day=clock.now().date())
    return paginate(
        request,
        found,
        query,
        out=lambda n: location_out(n.location, n.distance_km, rates.get(n.location.pk, {})),
        lat=lat,
        lon=lon,
        place=label,
    )


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
def my_bookings(request, paging: Query[PageQuery]):
    require_scope(request, "buyer")
    return paginate(request, selectors.bookings_of(request.auth.user), paging, out=booking_out)


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
    fields = {**body.model_dump(), "repair_barrier": body.repair_barrier or ""}
    return job_out(jobs.complete_job(job=job, user=request.auth.user, **fields))


@router.get(
    "/repair/locations/{location_id}/parts",
    response=AvailableList,
    auth=token_auth,
    summary="Parts for a model at a location",
    openapi_extra=problems(401, 403, 404),
)
def location_parts(request, location_id: int, query: Query[LocationPartsQuery]):
    _pk(location_id, "location")
    loc = Location.objects.filter(pk=location_id).first()
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    access.ensure_works_at(request.auth.user, loc)
    found = selectors.parts_for(
        product=_product(query.product_id), location=loc, part_type=query.part_type or None
    )
    return paginate(
        request,
        list(found),
        query,
        out=lambda a: {"part": part_out(a.part, a.quantity_total), "quantity_here": a.quantity_here},
    )


# The European Repair Information Form -----------------------------------------------------------------
def _form_for(request, reference: str):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    form = information_forms.current_for(booking)
    if form is None:
        raise NotFound(_("No repair information form for this booking yet."), code="form_not_found")
    return form


@router.get(
    "/repair/bookings/{reference}/information-form",
    auth=token_auth,
    summary="The booking's European Repair Information Form (HTML; ?format=pdf or json)",
    openapi_extra={
        "responses": {
            **problems(401, 404)["responses"],
            200: {
                "description": "The form (Directive (EU) 2024/1799 Annex I) in the customer's language",
                "content": {
                    "text/html": {"schema": {"type": "string"}},
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "application/json": {"schema": InformationFormOut.model_json_schema()},
                },
            },
        }
    },
)
def get_information_form(request, reference: str, format: Literal["html", "pdf", "json"] = "html"):
    """The accepted form, else the latest one issued: for the booking's customer, its repairers and staff."""
    form = _form_for(request, reference)
    if format == "pdf":
        response = HttpResponse(information_form.render_pdf(form), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{form.reference}.pdf"'
        return response
    if format == "json":
        return HttpResponse(
            json.dumps(information_form_out(form), cls=DjangoJSONEncoder), content_type="application/json"
        )
    with translation.override(form.language):
        html = render_to_string(
            "repair/information_form_document.html",
            {"form": form, "rows": information_form.rows(form), "directive": information_form.DIRECTIVE},
        )
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@router.post(
    "/repair/bookings/{reference}/information-form",
    response={201: InformationFormOut},
    auth=token_auth,
    summary="Issue the European Repair Information Form (the booking's repairer)",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def issue_information_form(request, reference: str, body: InformationFormIn):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    draft = information_forms.FormDraft(**body.model_dump())
    form = information_forms.issue(booking=booking, user=request.auth.user, draft=draft)
    return Status(201, information_form_out(form))


@router.post(
    "/repair/bookings/{reference}/information-form/accept",
    response=InformationFormOut,
    auth=token_auth,
    summary="Accept the form: it binds the booking's price and time (the customer)",
    openapi_extra=problems(401, 403, 404, 409),
)
def accept_information_form(request, reference: str):
    require_scope(request, "buyer")
    form = _form_for(request, reference)
    return information_form_out(information_forms.accept(form=form, user=request.auth.user))


# Open repair data (staff) ------------------------------------------------------------------------------
@router.get(
    "/repair/export.ords.csv",
    auth=token_auth,
    summary="Finished repairs in the Open Repair Data Standard 0.3 (CSV)",
    openapi_extra={
        "responses": {
            **problems(401, 403, 422)["responses"],
            200: {"description": "ORDS 0.3 CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
        }
    },
)
def export_ords(request, since: date | None = None, until: date | None = None):
    """One row per finished repair attempt, the standard's fourteen columns in its order; nothing personal.
    `since` and `until` bound the repair dates. Staff tokens only."""
    acting_staff(request, _("Only staff export the repair data."))
    from .views.staff import ords_response

    return ords_response(since=since, until=until)


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
    parts = selectors.managed_parts(user=user, query=query.q, part_type=query.part_type)
    return paginate(request, parts, query, out=part_out)


@router.post(
    "/repair/parts",
    response={201: SparePartOut},
    auth=token_auth,
    summary="Add a spare part",
    openapi_extra=problems(401, 403, 409, 422),
)
def create_part(request, body: PartIn):
    part = parts.save_part(draft=_draft(body), actor=_parts_user(request))
    return Status(201, part_out(part, 0))


@router.post(
    "/repair/parts/import",
    response=PartsImportOut,
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
    response=SparePartOut,
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
def obligations(request, paging: Query[PageQuery], at_risk: bool = False):
    from comeback.core import clock

    _parts_user(request)
    on = clock.now().date()
    rows = obligation.report(on=on, at_risk_only=at_risk)
    return paginate(request, list(rows), paging, out=obligation_out, on=on)
