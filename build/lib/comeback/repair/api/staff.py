"""Staff and refurbishers over repair (docs/repair.md): the open repair data export, spare parts, their
stock and the parts obligation per model. Handlers only translate HTTP."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.core import clock
from comeback.core.money import Money
from comeback.core.paging import PageQuery, paginate
from comeback.core.problems import Invalid, NotFound
from comeback.web.api_access import acting_staff

from .. import access, obligation, selectors
from ..models import Part
from ..schemas import problems
from ..schemas.staff import (
    ObligationList,
    PartIn,
    PartList,
    PartsImportOut,
    PartsQuery,
    SparePartOut,
    StockIn,
    StockOut,
)
from ..services import parts, parts_csv
from .paths import checked_pk

router = Router()  # tagged "repair" by the public router it joins


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
    from ..views.staff import ords_response

    return ords_response(since=since, until=until)


# Parts (staff, refurbishers) ------------------------------------------------------------------------
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
    user = access.ensure_manages_parts(request.auth.user)
    parts = selectors.managed_parts(user=user, query=query.q, part_type=query.part_type)
    return paginate(request, parts, query)


@router.post(
    "/repair/parts",
    response={201: SparePartOut},
    auth=token_auth,
    summary="Add a spare part",
    openapi_extra=problems(401, 403, 409, 422),
)
def create_part(request, body: PartIn):
    part = parts.save_part(draft=_draft(body), actor=access.ensure_manages_parts(request.auth.user))
    return Status(201, part)


@router.post(
    "/repair/parts/import",
    response=PartsImportOut,
    auth=token_auth,
    summary="Import spare parts as CSV",
    openapi_extra=problems(401, 403, 422),
)
def import_parts(request, file: File[UploadedFile]):
    """All or nothing; columns in docs/repair.md "CSV import"."""
    result = parts_csv.import_csv(
        data=file.read(parts_csv.MAX_CSV_BYTES + 1), actor=access.ensure_manages_parts(request.auth.user)
    )
    return result


@router.patch(
    "/repair/parts/{part_id}",
    response=SparePartOut,
    auth=token_auth,
    summary="Change a spare part",
    openapi_extra=problems(401, 403, 404, 409, 422),
)
def update_part(request, part_id: int, body: PartIn):
    checked_pk(part_id, "part")
    part = _managed(request, part_id)
    return parts.save_part(draft=_draft(body), actor=request.auth.user, part=part)


@router.post(
    "/repair/parts/{part_id}/stock",
    response=StockOut,
    auth=token_auth,
    summary="Set the stock counted at a location",
    openapi_extra=problems(401, 403, 404, 422),
)
def set_stock(request, part_id: int, body: StockIn):
    checked_pk(part_id, "part")
    part = _managed(request, part_id)
    stock = parts.set_stock(
        part=part, location=body.location_id, quantity=body.quantity, actor=request.auth.user
    )
    return stock


@router.get(
    "/repair/obligations",
    response=ObligationList,
    auth=token_auth,
    summary=f"The {obligation.OBLIGATION_YEARS}-year parts obligation per model",
    openapi_extra=problems(401, 403),
)
def obligations(request, paging: Query[PageQuery], at_risk: bool = False):

    access.ensure_manages_parts(request.auth.user)
    on = clock.now().date()
    rows = obligation.report(on=on, at_risk_only=at_risk)
    return paginate(request, list(rows), paging, on=on)
