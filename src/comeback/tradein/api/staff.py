"""Staff over trade-ins (docs/trust.md "Stolen and blocked units"): where a held device (on a block list) goes."""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from comeback.accounts.auth import token_auth
from comeback.core.text import Text
from comeback.web.api_access import acting_staff

from ..schemas import problems
from ..services import routing

router = Router(tags=["staff trade-in"], auth=token_auth)


class HeldDecisionIn(Schema):
    outcome: Literal["return_to_owner", "hand_to_police", "return_to_sender"]
    note: Text = Field(..., min_length=1, max_length=2000)


class HeldDecisionOut(Schema):
    ref: str
    route: str
    held_outcome: str
    held_note: str
    held_decided_at: str


@router.post(
    "/staff/tradeins/{ref}/held-decision",
    response=HeldDecisionOut,
    summary="Decide where a held device goes",
    openapi_extra=problems(401, 403, 409, 422),
)
def held_decision(request, ref: str, body: HeldDecisionIn):
    user = acting_staff(request, _("Only staff decide where a held device goes."))
    route = routing.decide_held(ref=ref, outcome=body.outcome, note=body.note, by=user)
    return {
        "ref": route.tradein.ref,
        "route": route.route,
        "held_outcome": route.held_outcome,
        "held_note": route.held_note,
        "held_decided_at": route.held_decided_at.isoformat(),
    }
