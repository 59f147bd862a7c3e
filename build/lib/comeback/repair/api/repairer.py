"""The repairer's desk over the API (docs/repair.md): jobs from a booking or a walk-in, the diagnosis,
parts fitted from the location's stock, the finished job. The information form a repairer issues
answers from buyer.py, on the path the customer reads it from. Handlers only translate HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from comeback.accounts.auth import token_auth
from comeback.core.paging import paginate
from comeback.core.problems import NotFound

from .. import access, selectors
from ..models import Booking, Location
from ..schemas import problems
from ..schemas.repairer import (
    AvailableList,
    JobCompleteIn,
    JobIn,
    JobOut,
    JobPartIn,
    JobPatch,
    LocationPartsQuery,
)
from ..services import jobs
from .paths import checked_pk, product_of

router = Router()  # tagged "repair" by the public router it joins


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
        product=product_of(body.product_id) if body.product_id else None,
        passport_serial=body.passport_serial,
        diagnosis=body.diagnosis,
        battery_before=body.battery_before,
    )
    return Status(201, job)


@router.get(
    "/repair/jobs/{job_id}",
    response=JobOut,
    auth=token_auth,
    summary="One repair job",
    openapi_extra=problems(401, 404),
)
def get_job(request, job_id: int):
    checked_pk(job_id, "job")
    return jobs.get_for(user=request.auth.user, job_id=job_id)


@router.patch(
    "/repair/jobs/{job_id}",
    response=JobOut,
    auth=token_auth,
    summary="Record the diagnosis",
    openapi_extra=problems(401, 404, 409, 422),
)
def patch_job(request, job_id: int, body: JobPatch):
    checked_pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    return jobs.update_job(job=job, user=request.auth.user, **body.model_dump(exclude_unset=True))


@router.post(
    "/repair/jobs/{job_id}/parts",
    response={201: JobOut},
    auth=token_auth,
    summary="Fit a part",
    openapi_extra=problems(401, 404, 409, 422),
)
def fit_part(request, job_id: int, body: JobPartIn):
    """Takes the part from the location's stock atomically: 409 `part_out_of_stock` when none is left."""
    checked_pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    jobs.use_part(job=job, user=request.auth.user, part=body.part_id, quantity=body.quantity)
    return Status(201, job)


@router.post(
    "/repair/jobs/{job_id}/complete",
    response=JobOut,
    auth=token_auth,
    summary="Finish the job",
    openapi_extra=problems(401, 404, 409, 422),
)
def complete_job(request, job_id: int, body: JobCompleteIn):
    """Records the result and the repair warranty; the unit's passport gets the events after commit."""
    checked_pk(job_id, "job")
    job = jobs.get_for(user=request.auth.user, job_id=job_id)
    fields = {**body.model_dump(), "repair_barrier": body.repair_barrier or ""}
    return jobs.complete_job(job=job, user=request.auth.user, **fields)


@router.get(
    "/repair/locations/{location_id}/parts",
    response=AvailableList,
    auth=token_auth,
    summary="Parts for a model at a location",
    openapi_extra=problems(401, 403, 404),
)
def location_parts(request, location_id: int, query: Query[LocationPartsQuery]):
    checked_pk(location_id, "location")
    loc = Location.objects.filter(pk=location_id).first()
    if loc is None:
        raise NotFound(_("No such repair location."), code="location_not_found")
    access.ensure_works_at(request.auth.user, loc)
    found = selectors.parts_for(
        product=product_of(query.product_id), location=loc, part_type=query.part_type or None
    )
    return paginate(request, list(found), query)
