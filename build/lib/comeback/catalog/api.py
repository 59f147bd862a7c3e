"""Staff API of the catalogue: a garment model's textile facts (docs/passports.md "The garment passport")."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Status

from comeback.accounts.auth import token_auth
from comeback.core.schemas import problem_responses
from comeback.web.api_access import acting_staff

from . import services
from .models import ProductModel
from .schemas import ProductTextileOut, TextileIn

router = Router(tags=["staff catalogue"])


@router.put(
    "/staff/products/{product_id}/textile",
    auth=token_auth,
    response={200: ProductTextileOut},
    summary="Set a garment model's fibre composition, manufacturing countries and care symbols (staff)",
    openapi_extra=problem_responses(
        403,
        404,
        422,
        texts={
            422: "`unknown_fibre`, `percent_range`, `composition_not_100`, `unknown_part`, `part_repeated`, "
            "`fibre_repeated`, `invalid_country`, `unknown_care_symbol`, `textile_out_of_scope` (not a "
            "garment, shoe or bag), or `validation_error`, each naming its field.",
        },
    ),
)
def set_textile(request, product_id: int, body: TextileIn):
    acting_staff(request, _("Only staff edit the catalogue."))
    product = get_object_or_404(ProductModel.objects.select_related("category"), pk=product_id)
    return Status(200, services.set_textile(product=product, textile=body.facts()))
