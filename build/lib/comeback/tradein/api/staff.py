"""Staff over trade-ins (docs/trust.md "Stolen and blocked units"): where a held device (on a block list) goes."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router

from comeback.accounts.auth import token_auth
from comeback.web.api_access import acting_staff

from ..schemas import problems
from ..schemas.staff import HeldDecisionIn, HeldDecisionOut
from ..services import routing

router = Router(tags=["staff trade-in"], auth=token_auth)


@router.post(
    "/staff/tradeins/{ref}/held-decision",
    response=HeldDecisionOut,
    summary="Decide where a held device goes",
    openapi_extra=problems(401, 403, 409, 422),
)
def held_decision(request, ref: str, body: HeldDecisionIn):
    user = acting_staff(request, _("Only staff decide where a held device goes."))
    return routing.decide_held(ref=ref, outcome=body.outcome, note=body.note, by=user)
