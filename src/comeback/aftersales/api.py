"""After-sales API (docs/design.md §2 Warranty): the buyer's claims, the seller's answers, staff decisions and
statistics. Handlers only translate HTTP; rules live in services.py, reads in selectors.py."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from comeback.accounts.auth import acting_buyer, acting_staff, token_auth
from comeback.core import clock
from comeback.core.clock import rfc3339
from comeback.core.paging import PageQuery, paginate
from comeback.sellers.access import acting_seller

from . import selectors, services
from .models import Author
from .schemas import (
    PROBLEMS,
    AnswerIn,
    ClaimDecisionIn,
    ClaimIn,
    ClaimList,
    ClaimOut,
    ListQuery,
    MessageIn,
    MessageList,
    MessageOut,
    ReopenIn,
    RepairedIn,
    StatsOut,
    StatsQuery,
    claim_out,
    message_out,
)

router = Router(tags=["warranty"], auth=token_auth)
STATS_DEFAULT_DAYS = 90


_buyer = acting_buyer
_seller = acting_seller


def _staff(request):
    return acting_staff(request, _("Only staff decide claims."))


def _messages(request, claim, paging: PageQuery) -> dict:
    return paginate(request, selectors.thread(claim), paging, out=message_out)


# Buyer -----------------------------------------------------------------------------------------------
@router.post("/warranty/claims", response={201: ClaimOut, **PROBLEMS}, summary="Open a warranty claim")
def open_claim(request, body: Form[ClaimIn], photos: File[list[UploadedFile]] = None):
    """Multipart form: the delivered order line, a fault category, a description, the declaration (dropped,
    liquid contact, third-party repair) and up to six photos. Outside the commercial warranty: 409
    `outside_warranty` with `legal_guarantee` saying what the law still gives."""
    draft = services.ClaimDraft(**body.model_dump(), photos=list(photos or []))
    return Status(201, claim_out(services.open_claim(buyer=_buyer(request), draft=draft)))


@router.get("/warranty/claims", response={200: ClaimList, **PROBLEMS}, summary="My warranty claims")
def my_claims(request, query: Query[ListQuery]):
    claims = selectors.buyer_claims(_buyer(request)).prefetch_related("photos")
    if query.status:
        claims = claims.filter(status=query.status)
    return paginate(request, claims, query, out=claim_out)


@router.get("/warranty/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="One of my claims")
def my_claim(request, claim_id: int):
    return claim_out(services.buyer_claim(buyer=_buyer(request), claim_id=claim_id))


@router.get(
    "/warranty/claims/{claim_id}/messages",
    response={200: MessageList, **PROBLEMS},
    summary="The claim's thread",
)
def my_claim_messages(request, claim_id: int, paging: Query[PageQuery]):
    return _messages(request, services.buyer_claim(buyer=_buyer(request), claim_id=claim_id), paging)


@router.post(
    "/warranty/claims/{claim_id}/messages",
    response={201: MessageOut, **PROBLEMS},
    summary="Write to the seller and staff",
)
def post_my_message(request, claim_id: int, body: MessageIn):
    user = _buyer(request)
    claim = services.buyer_claim(buyer=user, claim_id=claim_id)
    return Status(
        201, message_out(services.post_message(claim=claim, author=Author.BUYER, user=user, body=body.body))
    )


@router.post(
    "/warranty/claims/{claim_id}/confirm",
    response={200: ClaimOut, **PROBLEMS},
    summary="Confirm the resolution worked",
)
def confirm(request, claim_id: int):
    return claim_out(services.confirm_resolution(buyer=_buyer(request), claim_id=claim_id))


@router.post(
    "/warranty/claims/{claim_id}/reopen",
    response={200: ClaimOut, **PROBLEMS},
    summary="Reopen: the resolution did not work",
)
def reopen(request, claim_id: int, body: ReopenIn):
    return claim_out(services.reopen_claim(buyer=_buyer(request), claim_id=claim_id, reason=body.reason))


# Seller ----------------------------------------------------------------------------------------------
@router.get("/seller/claims", response={200: ClaimList, **PROBLEMS}, summary="Claims on my units")
def seller_claims(request, query: Query[ListQuery]):
    """Every claim on your units; `escalated` is true once a claim passed `answer_due_at` unanswered."""
    claims = selectors.seller_claims(_seller(request), status=query.status).prefetch_related("photos")
    return paginate(request, claims, query, out=claim_out)


@router.get(
    "/seller/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="One claim on my units"
)
def seller_claim(request, claim_id: int):
    return claim_out(services.seller_claim(seller=_seller(request), claim_id=claim_id))


@router.post(
    "/seller/claims/{claim_id}/answer", response={200: ClaimOut, **PROBLEMS}, summary="Answer a claim"
)
def answer(request, claim_id: int, body: AnswerIn):
    """Within 2 business days: `remote_assistance` (note), `repair` (prepaid `return_label_url`), `replace`
    (IMEI or serial, tracking and carrier; `replacement_offer_id` takes the unit from that listing's stock)
    or `refund` (to the original payment, from your balance)."""
    draft = services.AnswerDraft(**body.model_dump())
    return claim_out(services.answer_claim(seller=_seller(request), claim_id=claim_id, draft=draft))


@router.post(
    "/seller/claims/{claim_id}/repaired",
    response={200: ClaimOut, **PROBLEMS},
    summary="The repaired unit is shipped back",
)
def repaired(request, claim_id: int, body: RepairedIn):
    return claim_out(
        services.complete_repair(seller=_seller(request), claim_id=claim_id, **body.model_dump())
    )


@router.get(
    "/seller/claims/{claim_id}/messages",
    response={200: MessageList, **PROBLEMS},
    summary="The claim's thread",
)
def seller_messages(request, claim_id: int, paging: Query[PageQuery]):
    return _messages(request, services.seller_claim(seller=_seller(request), claim_id=claim_id), paging)


@router.post(
    "/seller/claims/{claim_id}/messages",
    response={201: MessageOut, **PROBLEMS},
    summary="Write to the buyer and staff",
)
def post_seller_message(request, claim_id: int, body: MessageIn):
    claim = services.seller_claim(seller=_seller(request), claim_id=claim_id)
    message = services.post_message(claim=claim, author=Author.SELLER, user=request.auth.user, body=body.body)
    return Status(201, message_out(message))


# Staff -----------------------------------------------------------------------------------------------
@router.get("/staff/claims", response={200: ClaimList, **PROBLEMS}, summary="Escalated claims (staff)")
def staff_queue(request, paging: Query[PageQuery]):
    _staff(request)
    return paginate(request, selectors.escalated().prefetch_related("photos"), paging, out=claim_out)


@router.get("/staff/claims/stats", response={200: StatsOut, **PROBLEMS}, summary="Claim statistics (staff)")
def staff_stats(request, query: Query[StatsQuery]):
    _staff(request)
    until = query.until or clock.now()
    since = query.since or until - timedelta(days=STATS_DEFAULT_DAYS)
    stats = selectors.claim_stats(since=since, until=until, market=query.market, seller_id=query.seller_id)
    return {"since": rfc3339(since), "until": rfc3339(until), **stats}


@router.get("/staff/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="Any claim (staff)")
def staff_claim(request, claim_id: int):
    return claim_out(services.staff_claim(user=_staff(request), claim_id=claim_id))


@router.post(
    "/staff/claims/{claim_id}/decision",
    response={200: ClaimOut, **PROBLEMS},
    summary="Decide a claim (staff)",
)
def decide(request, claim_id: int, body: ClaimDecisionIn):
    """`refund` forces a refund to the buyer, charged to the seller's balance; `not_covered` closes the claim.
    The reason is recorded on the claim and its thread."""
    claim = services.decide_claim(
        user=_staff(request), claim_id=claim_id, decision=body.decision, reason=body.reason
    )
    return claim_out(claim)


@router.get(
    "/staff/claims/{claim_id}/messages",
    response={200: MessageList, **PROBLEMS},
    summary="A claim's thread (staff)",
)
def staff_messages(request, claim_id: int, paging: Query[PageQuery]):
    return _messages(request, services.staff_claim(user=_staff(request), claim_id=claim_id), paging)


@router.post(
    "/staff/claims/{claim_id}/messages",
    response={201: MessageOut, **PROBLEMS},
    summary="Write on a claim's thread (staff)",
)
def post_staff_message(request, claim_id: int, body: MessageIn):
    user = _staff(request)
    claim = services.staff_claim(user=user, claim_id=claim_id)
    return Status(
        201, message_out(services.post_message(claim=claim, author=Author.STAFF, user=user, body=body.body))
    )
