"""Staff over warranty claims (docs/warranty.md): the escalated queue, statistics, decisions and the thread.
Handlers only translate HTTP; rules live in services.py, reads in selectors.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status

from comeback.accounts.auth import token_auth
from comeback.core import clock
from comeback.core.clock import rfc3339
from comeback.core.paging import PageQuery, paginate
from comeback.web.api_access import acting_staff

from .. import selectors, services
from ..models import Author
from ..schemas import (
    PROBLEMS,
    ClaimDecisionIn,
    ClaimList,
    ClaimOut,
    MessageIn,
    MessageList,
    MessageOut,
    StatsOut,
    StatsQuery,
)

router = Router(auth=token_auth)  # tagged "warranty" by the buyer router it joins
STATS_DEFAULT_DAYS = 90


STAFF_ONLY = gettext_lazy("Only staff decide claims.")  # what a token without staff rights is told


def _messages(request, claim, paging: PageQuery) -> dict:
    return paginate(request, selectors.thread(claim), paging)


@router.get("/staff/claims", response={200: ClaimList, **PROBLEMS}, summary="Escalated claims (staff)")
def staff_queue(request, paging: Query[PageQuery]):
    acting_staff(request, STAFF_ONLY)
    return paginate(request, selectors.escalated().prefetch_related("photos"), paging)


@router.get("/staff/claims/stats", response={200: StatsOut, **PROBLEMS}, summary="Claim statistics (staff)")
def staff_stats(request, query: Query[StatsQuery]):
    acting_staff(request, STAFF_ONLY)
    until = query.until or clock.now()
    since = query.since or until - timedelta(days=STATS_DEFAULT_DAYS)
    stats = selectors.claim_stats(since=since, until=until, market=query.market, seller_id=query.seller_id)
    return {"since": rfc3339(since), "until": rfc3339(until), **stats}


@router.get("/staff/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="Any claim (staff)")
def staff_claim(request, claim_id: int):
    return services.staff_claim(user=acting_staff(request, STAFF_ONLY), claim_id=claim_id)


@router.post(
    "/staff/claims/{claim_id}/decision",
    response={200: ClaimOut, **PROBLEMS},
    summary="Decide a claim (staff)",
)
def decide(request, claim_id: int, body: ClaimDecisionIn):
    """`refund` forces a refund to the buyer, charged to the seller's balance; `not_covered` closes the claim.
    The reason is recorded on the claim and its thread."""
    claim = services.decide_claim(
        user=acting_staff(request, STAFF_ONLY), claim_id=claim_id, decision=body.decision, reason=body.reason
    )
    return claim


@router.get(
    "/staff/claims/{claim_id}/messages",
    response={200: MessageList, **PROBLEMS},
    summary="A claim's thread (staff)",
)
def staff_messages(request, claim_id: int, paging: Query[PageQuery]):
    return _messages(
        request, services.staff_claim(user=acting_staff(request, STAFF_ONLY), claim_id=claim_id), paging
    )


@router.post(
    "/staff/claims/{claim_id}/messages",
    response={201: MessageOut, **PROBLEMS},
    summary="Write on a claim's thread (staff)",
)
def post_staff_message(request, claim_id: int, body: MessageIn):
    user = acting_staff(request, STAFF_ONLY)
    claim = services.staff_claim(user=user, claim_id=claim_id)
    return Status(201, services.post_message(claim=claim, author=Author.STAFF, user=user, body=body.body))
