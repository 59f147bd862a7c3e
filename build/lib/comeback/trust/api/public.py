"""Anyone reports a listing (docs/trust.md "Reports"; DSA Art. 16): no account needed."""

from __future__ import annotations

from ninja import Router

from comeback.core import ratelimit
from comeback.core.schemas import ProblemOut

from .. import reports
from ..schemas import ReportIn, ReportReceipt

router = Router(tags=["trust"])


@router.post(
    "/reports",
    response={201: ReportReceipt, **{c: ProblemOut for c in (404, 422, 429)}},
    summary="Report a listing as illegal, unsafe, counterfeit or misleading",
)
def report(request, body: ReportIn):
    ratelimit.hit("report", ratelimit.client_ip(request), rate="20/h")
    user = (
        request.user if getattr(request, "user", None) is not None and request.user.is_authenticated else None
    )
    return 201, reports.file(
        offer_id=body.offer_id, reason=body.reason, details=body.details, reporter=user, email=body.email
    )
