"""The buyer's warranty claims (docs/warranty.md): open one, follow it, write on its thread, confirm or reopen
the resolution. Handlers only translate HTTP; rules live in services.py, reads in selectors.py."""

from __future__ import annotations

from ninja import File, Form, Query, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageQuery, paginate
from comeback.web.api_access import acting_buyer

from .. import selectors, services
from ..models import Author
from ..schemas import (
    PROBLEMS,
    ClaimIn,
    ClaimList,
    ClaimOut,
    ListQuery,
    MessageIn,
    MessageList,
    MessageOut,
    ReopenIn,
)

router = Router(tags=["warranty"], auth=token_auth)
_buyer = acting_buyer


def _messages(request, claim, paging: PageQuery) -> dict:
    return paginate(request, selectors.thread(claim), paging)


@router.post("/warranty/claims", response={201: ClaimOut, **PROBLEMS}, summary="Open a warranty claim")
def open_claim(request, body: Form[ClaimIn], photos: File[list[UploadedFile]] = None):
    """Multipart form: the delivered order line, a fault category, a description, the declaration (dropped,
    liquid contact, third-party repair) and up to six photos. Outside the commercial warranty: 409
    `outside_warranty` with `legal_guarantee` saying what the law still gives."""
    draft = services.ClaimDraft(**body.model_dump(), photos=list(photos or []))
    return Status(201, services.open_claim(buyer=_buyer(request), draft=draft))


@router.get("/warranty/claims", response={200: ClaimList, **PROBLEMS}, summary="My warranty claims")
def my_claims(request, query: Query[ListQuery]):
    claims = selectors.buyer_claims(_buyer(request)).prefetch_related("photos")
    if query.status:
        claims = claims.filter(status=query.status)
    return paginate(request, claims, query)


@router.get("/warranty/claims/{claim_id}", response={200: ClaimOut, **PROBLEMS}, summary="One of my claims")
def my_claim(request, claim_id: int):
    return services.buyer_claim(buyer=_buyer(request), claim_id=claim_id)


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
    return Status(201, services.post_message(claim=claim, author=Author.BUYER, user=user, body=body.body))


@router.post(
    "/warranty/claims/{claim_id}/confirm",
    response={200: ClaimOut, **PROBLEMS},
    summary="Confirm the resolution worked",
)
def confirm(request, claim_id: int):
    return services.confirm_resolution(buyer=_buyer(request), claim_id=claim_id)


@router.post(
    "/warranty/claims/{claim_id}/reopen",
    response={200: ClaimOut, **PROBLEMS},
    summary="Reopen: the resolution did not work",
)
def reopen(request, claim_id: int, body: ReopenIn):
    return services.reopen_claim(buyer=_buyer(request), claim_id=claim_id, reason=body.reason)
