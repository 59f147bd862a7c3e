"""Staff API over unit identifiers (docs/trust.md "Stolen and blocked units"): the alerts of refused units,
closing them with a record, and recording a hand-over so the unit's new holder may sell it."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.core.problems import NotFound
from comeback.core.schemas import ProblemOut
from comeback.sellers.models import Seller
from comeback.web.api_access import acting_staff

from . import services
from .models import DeviceAlert
from .schemas import AlertList, CloseIn, DeviceAlertOut, HandOverIn, HandOverOut

router = Router(tags=["devices"], auth=token_auth)
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}


class AlertFilters(PageQuery):
    status: Literal["open", "closed", "all"] = "open"


STAFF_ONLY = gettext_lazy("Only staff follow refused units.")  # what a token without staff rights is told


@router.get(
    "/staff/devices/alerts", response={200: AlertList, **PROBLEMS}, summary="Refused units to look at"
)
def alerts(request, filters: Query[AlertFilters]):
    acting_staff(request, STAFF_ONLY)
    rows = DeviceAlert.objects.all()
    if filters.status != "all":
        rows = rows.filter(status=filters.status)
    return paginate(request, rows, filters)


@router.post(
    "/staff/devices/alerts/{alert_id}/close",
    response={200: DeviceAlertOut, **PROBLEMS},
    summary="Close a refused unit's alert with a record",
)
def close(request, alert_id: int, body: CloseIn):
    user = acting_staff(request, STAFF_ONLY)
    return services.close_alert(alert_id=alert_id, by=user, note=body.note)


@router.post(
    "/staff/devices/hand-overs",
    response={201: HandOverOut, **PROBLEMS},
    summary="Record that a unit reached a seller outside the platform",
)
def hand_over(request, body: HandOverIn):
    user = acting_staff(request, STAFF_ONLY)
    seller = Seller.objects.filter(pk=body.to_seller_id).first()
    if seller is None:
        raise NotFound(_("No seller %s.") % body.to_seller_id, code="seller_not_found")
    return 201, services.hand_over(identifier=body.identifier, to_seller=seller, by=user, reason=body.reason)
