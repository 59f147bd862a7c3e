"""Staff over the listings' API: any seller's metrics, with the price that would win each of its listings.
Tagged and named as when it lived beside the seller's own metrics. Handlers only translate HTTP."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from comeback.accounts.auth import token_auth
from comeback.sellers import services as seller_services
from comeback.sellers.schemas import MetricsOut
from comeback.web.api_access import acting_staff

from .. import selectors
from ..schemas import METRICS_REFUSALS

router = Router(tags=["seller listings"], auth=token_auth)


@router.get(
    "/staff/sellers/{seller_id}/metrics",
    response={200: MetricsOut, **METRICS_REFUSALS},
    tags=["sellers"],
    operation_id="comeback_sellers_api_staff_metrics",
    summary="Any seller's metrics, status and history (staff)",
)
def staff_metrics(request, seller_id: int):
    acting_staff(request, _("Only staff take decisions about sellers."))
    return selectors.own_metrics(seller_services.get_seller(seller_id))
