"""The customer's repair bookings (docs/repair.md): book, list, cancel, move, and the European Repair
Information Form to read and accept. Handlers only translate HTTP."""

from __future__ import annotations

import json
from typing import Literal

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.core.problems import NotFound
from comeback.web.api_access import acting_buyer

from .. import information_form, selectors
from ..schemas import problems
from ..schemas.buyer import (
    BookingIn,
    BookingList,
    BookingOut,
    InformationFormIn,
    InformationFormOut,
    RescheduleIn,
)
from ..services import bookings, information_forms
from .paths import product_of, service_kind

router = Router()  # tagged "repair" by the public router it joins


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
    acting_buyer(request)
    booking = bookings.book(
        customer=request.auth.user,
        location=body.location_id,
        service_kind=service_kind(body.service),
        product=product_of(body.product_id),
        starts_at=body.starts_at,
        notes=body.notes,
    )
    return Status(201, booking)


@router.get(
    "/repair/bookings",
    response=BookingList,
    auth=token_auth,
    summary="My repair bookings",
    openapi_extra=problems(401, 403),
)
def my_bookings(request, paging: Query[PageQuery]):
    acting_buyer(request)
    return paginate(request, selectors.bookings_of(request.auth.user), paging)


@router.get(
    "/repair/bookings/{reference}",
    response=BookingOut,
    auth=token_auth,
    summary="One booking",
    openapi_extra=problems(401, 404),
)
def get_booking(request, reference: str):
    return bookings.get_for(user=request.auth.user, reference=reference)


@router.post(
    "/repair/bookings/{reference}/cancel",
    response=BookingOut,
    auth=token_auth,
    summary="Cancel",
    openapi_extra=problems(401, 404, 409),
)
def cancel_booking(request, reference: str):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    return bookings.cancel(booking=booking, user=request.auth.user)


@router.post(
    "/repair/bookings/{reference}/reschedule",
    response=BookingOut,
    auth=token_auth,
    summary="Move to another start",
    openapi_extra=problems(401, 404, 409, 422),
)
def reschedule_booking(request, reference: str, body: RescheduleIn):
    booking = bookings.get_for(user=request.auth.user, reference=reference)
    return bookings.reschedule(booking=booking, user=request.auth.user, starts_at=body.starts_at)


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
            json.dumps(InformationFormOut.from_orm(form).model_dump(mode="json")),
            content_type="application/json",
        )
    with translation.override(form.language):
        html = render_to_string(
            "repair/information_form_document.html",
            {"form": form, "rows": information_form.rows(form), "directive": information_form.DIRECTIVE},
        )
    return HttpResponse(html, content_type="text/html; charset=utf-8")


# The booking's repairer issues the form on the path the customer reads it from: one path answers from one
# router (django-ninja gives each router its own URL pattern), so the repairer's operation sits here.
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
    return Status(201, form)


@router.post(
    "/repair/bookings/{reference}/information-form/accept",
    response=InformationFormOut,
    auth=token_auth,
    summary="Accept the form: it binds the booking's price and time (the customer)",
    openapi_extra=problems(401, 403, 404, 409),
)
def accept_information_form(request, reference: str):
    acting_buyer(request)
    form = _form_for(request, reference)
    return information_forms.accept(form=form, user=request.auth.user)
