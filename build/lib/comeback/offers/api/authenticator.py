"""The authenticator's API (docs/trust.md §5): the queue, evidence photos and the decision. A seller reads
the outcome for its listing from api/seller.py. Handlers only translate HTTP; rules live in authentication.py."""

from __future__ import annotations

from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageOut, PageQuery, page_answer
from comeback.core.schemas import one_of
from comeback.core.text import Text

from .. import authentication
from ..schemas import AUTHENTICATION_PROBLEMS, AuthenticationOut

router = Router(tags=["authentication"], auth=token_auth)  # operation ids kept by api/__init__.py
PROBLEMS = AUTHENTICATION_PROBLEMS


class AuthenticationPage(PageOut):
    items: list[AuthenticationOut]


class DecisionIn(Schema):
    result: str = one_of(("authenticated", "refused"), max_length=16)
    reasons: Text = Field(..., max_length=4000, description="Why: shown to the seller, kept in the passport")
    checked: list[Text] = Field(default_factory=list, max_length=20, description="What was examined")


@router.get(
    "/authenticator/authentications",
    response={200: AuthenticationPage, **PROBLEMS},
    summary="Listings waiting for authentication, oldest first",
)
def queue(request, paging: Query[PageQuery]):
    rows = authentication.queue(by=request.auth.user).prefetch_related("photos")
    start = (paging.page - 1) * paging.page_size
    items = list(rows[start : start + paging.page_size])
    return page_answer(request, items, paging, count=rows.count())


@router.post(
    "/authenticator/authentications/{authentication_id}/photos",
    response={201: AuthenticationOut, **PROBLEMS},
    summary="Add evidence photos (multipart `photos`)",
)
def add_evidence(request, authentication_id: int, photos: File[list[UploadedFile]] = None):
    """JPEG, PNG or WebP, at most 5 MB and 40 megapixels each, at most 12 per authentication; re-encoded
    without metadata. Only while the authentication is pending."""
    authentication.add_evidence(
        authentication_id=authentication_id, files=list(photos or []), by=request.auth.user
    )
    return Status(201, authentication.get(authentication_id))


@router.post(
    "/authenticator/authentications/{authentication_id}/decision",
    response={200: AuthenticationOut, **PROBLEMS},
    summary="Decide: authenticated (the listing is published with its badge) or refused (withdrawn, explained)",
)
def decide(request, authentication_id: int, body: DecisionIn):
    row = authentication.decide(
        authentication_id=authentication_id,
        result=body.result,
        reasons=body.reasons,
        checked=list(body.checked),
        by=request.auth.user,
    )
    return authentication.get(row.pk)
