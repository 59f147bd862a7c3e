"""Staff API for returns (docs/buying.md "Returns"): the queue, escalated first, and the steps staff take in
the seller's stead, each with a reason kept on the return. Rights: `/staff/` needs a staff token
(api_rights.py), checked before the body is read."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from comeback.accounts.auth import token_auth
from comeback.core import clock
from comeback.core.paging import PageQuery, page_of, paginate
from comeback.core.text import Text
from comeback.web.api_access import acting_staff

from ..schemas import ReturnOut
from ..services import return_escalation
from .buyer import _problems

router = Router(tags=["staff returns"])


class StaffReturnsQuery(PageQuery):
    escalated: bool = Field(False, description="Only returns past the seller's receipt or refund deadline")


class StaffReturnIn(Schema):
    reason: Text = Field(
        ..., min_length=5, max_length=2000, description="Why staff step in; kept on the return"
    )


@router.get(
    "/staff/returns",
    auth=token_auth,
    response=page_of(ReturnOut, "ReturnList"),
    summary="Open returns, escalated first",
    openapi_extra=_problems(401, 403),
)
def staff_returns(request, filters: Query[StaffReturnsQuery]):
    acting_staff(request)
    now = clock.now()
    rows = list(return_escalation.staff_queue(at=now, escalated_only=filters.escalated))
    return paginate(request, return_escalation.sort_for_staff(rows, at=now), filters)


def _step(name: str, summary: str):
    service = getattr(return_escalation, name)

    @router.post(
        f"/staff/returns/{{return_id}}/{name.removeprefix('staff_').replace('_', '-')}",
        auth=token_auth,
        response=ReturnOut,
        summary=summary,
        operation_id=f"orders_api_staff_{name}",
        openapi_extra=_problems(401, 403, 404, 409, 422),
    )
    def step(request, return_id: int, body: StaffReturnIn):
        return service(user=acting_staff(request), return_id=return_id, reason=body.reason)

    return step


staff_parcel_delivered = _step("staff_parcel_delivered", "Record a return parcel's delivery to its seller")
staff_receive = _step("staff_receive", "Confirm a return's receipt in the seller's stead")
staff_refund = _step("staff_refund", "Refund a return in the seller's stead (charged to the seller)")
