"""The carrier's signed delivery webhook (docs/buying.md).

Handlers only translate HTTP: rules live in services/, reads in selectors.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from comeback.core.problems import Invalid

from ..schemas import (
    CarrierAck,
    CarrierEventIn,
)
from ..services import fulfilment, returns
from .buyer import _problems

router = Router(tags=["buying"])


# Carriers ---------------------------------------------------------------------------------------
@router.post(
    "/carriers/events",
    auth=None,
    response=CarrierAck,
    tags=["carriers"],
    summary="Carrier delivery webhook (order parcels and return parcels)",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": "X-Carrier-Timestamp",
                "required": True,
                "schema": {"type": "string"},
                "description": "Unix seconds; refused when more than 5 minutes away from now.",
            },
            {
                "in": "header",
                "name": "X-Carrier-Signature",
                "required": True,
                "schema": {"type": "string"},
                "description": "sha256=<hex HMAC-SHA256 of '<timestamp>.<raw body>' with the shared secret>",
            },
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CarrierEventIn.json_schema()}},
        },
        **_problems(401, 422),
    },
)
def carrier_event(request):
    """Signed by the carrier with the shared secret (`COMEBACK_CARRIER_WEBHOOK_SECRET`): the signature is
    checked on the raw body before anything is parsed."""
    fulfilment.verify_carrier_signature(
        body=request.body,
        timestamp=request.headers.get("X-Carrier-Timestamp"),
        signature=request.headers.get("X-Carrier-Signature"),
    )
    try:
        event = CarrierEventIn.model_validate_json(request.body or b"{}")
    except ValueError as exc:
        raise Invalid(
            _("The event body is not valid: %s") % str(exc)[:300], code="validation_error"
        ) from None
    if event.event != "delivered":
        return {"delivered": 0, "returns_delivered": 0}
    return {
        "delivered": fulfilment.carrier_delivered(
            carrier=event.carrier, tracking_number=event.tracking_number, occurred_at=event.occurred_at
        ),
        "returns_delivered": returns.parcel_delivered(
            carrier=event.carrier, tracking_number=event.tracking_number, occurred_at=event.occurred_at
        ),
    }
