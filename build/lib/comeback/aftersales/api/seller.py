"""The seller's side of warranty claims on its units (docs/warranty.md): the claims, the answer, the repaired
unit shipped back, the thread. Handlers only translate HTTP; rules live in services.py, reads in selectors.py."""

from __future__ import annotations

from ninja import Query, Router, Status

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.web.api_access import acting_seller

from .. import selectors, services
from ..models import Author
from ..schemas import (
    PROBLEMS,
    AnswerIn,
    ClaimList,
    ClaimOut,
    ListQuery,
    MessageIn,
    MessageList,
    MessageOut,
    RepairedIn,
)

router = Router(auth=token_auth)  # tagged "warranty" by the buyer router it joins
_seller = acting_seller


def _messages(request, claim, paging: PageQuery) -> dict:
    return paginate(request, selectors.thread(claim), paging)


@router.get("/seller/claims", response={200: ClaimList, **PROBLEMS}, summary="Claims on my units")
def seller_claims(request, query: Query[ListQuery]):
    """Every claim on your units; `escalated` is true once a claim passed `answer_due_at` unanswered."""
    claims = selectors.seller_claims(_seller(request), status=query.status).prefetch_related("photos")
    return paginate(request, claims, query)


@router.get(
    "/seller/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="One claim on my units"
)
def seller_claim(request, claim_id: int):
    return services.seller_claim(seller=_seller(request), claim_id=claim_id)


@router.post(
    "/seller/claims/{claim_id}/answer", response={200: ClaimOut, **PROBLEMS}, summary="Answer a claim"
)
def answer(request, claim_id: int, body: AnswerIn):
    """Within 2 business days: `remote_assistance` (note), `repair` (prepaid `return_label_url`), `replace`
    (IMEI or serial, tracking and carrier; `replacement_offer_id` takes the unit from that listing's stock)
    or `refund` (to the original payment, from your balance)."""
    draft = services.AnswerDraft(**body.model_dump())
    return services.answer_claim(seller=_seller(request), claim_id=claim_id, draft=draft)


@router.post(
    "/seller/claims/{claim_id}/repaired",
    response={200: ClaimOut, **PROBLEMS},
    summary="The repaired unit is shipped back",
)
def repaired(request, claim_id: int, body: RepairedIn):
    return services.complete_repair(seller=_seller(request), claim_id=claim_id, **body.model_dump())


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
    return Status(201, message)
