"""Authentication API (docs/trust.md §5): authenticators work the queue, add evidence photos and decide;
a seller reads the outcome for its listing. Handlers only translate HTTP; rules live in authentication.py."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from comeback.accounts.auth import token_auth
from comeback.core.paging import PageOut, PageQuery, page_answer
from comeback.core.problems import NotFound
from comeback.core.schemas import ProblemOut, one_of
from comeback.core.text import Text
from comeback.sellers.access import acting_seller

from . import authentication
from .models import Authentication

router = Router(tags=["authentication"], auth=token_auth)
PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422)}


class EvidenceOut(Schema):
    id: int
    position: int
    width: int
    height: int


class AuthenticationOut(Schema):
    id: int
    offer_id: int
    product: str
    seller_id: int
    price: int = Field(..., description="Minor units of `currency`")
    currency: str
    threshold: int = Field(..., description="The category's threshold the price reached, minor units")
    status: str
    requested_at: datetime
    decided_at: datetime | None
    reasons: str
    checked: list[str]
    evidence: list[EvidenceOut]


class AuthenticationPage(PageOut):
    items: list[AuthenticationOut]


class DecisionIn(Schema):
    result: str = one_of(("authenticated", "refused"), max_length=16)
    reasons: Text = Field(..., max_length=4000, description="Why: shown to the seller, kept in the passport")
    checked: list[Text] = Field(default_factory=list, max_length=20, description="What was examined")


def _out(row: Authentication, *, evidence: list | None = None) -> dict:
    offer = row.offer
    photos = evidence if evidence is not None else list(row.photos.all())
    return {
        "id": row.pk,
        "offer_id": offer.pk,
        "product": offer.variant.product.name,
        "seller_id": offer.seller_id,
        "price": offer.price_amount,
        "currency": offer.currency,
        "threshold": row.threshold_amount,
        "status": row.status,
        "requested_at": row.requested_at,
        "decided_at": row.decided_at,
        "reasons": row.reasons,
        "checked": list(row.checked or []),
        "evidence": [
            {"id": p.pk, "position": p.position, "width": p.width, "height": p.height} for p in photos
        ],
    }


@router.get(
    "/authenticator/authentications",
    response={200: AuthenticationPage, **PROBLEMS},
    summary="Listings waiting for authentication, oldest first",
)
def queue(request, paging: Query[PageQuery]):
    rows = authentication.queue(by=request.auth.user).prefetch_related("photos")
    start = (paging.page - 1) * paging.page_size
    items = [_out(r) for r in rows[start : start + paging.page_size]]
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
    return Status(201, _out(authentication.get(authentication_id)))


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
    return _out(authentication.get(row.pk))


@router.get(
    "/seller/listings/{offer_id}/authentication",
    response={200: AuthenticationOut, **PROBLEMS},
    summary="The authentication of one of my listings: pending, authenticated or refused, with the reasons",
)
def my_authentication(request, offer_id: int):
    seller = acting_seller(request)
    row = (
        Authentication.objects.select_related("offer__variant__product")
        .filter(offer_id=offer_id, offer__seller=seller)
        .first()
        if 0 < offer_id < 2**63
        else None
    )
    if row is None:
        raise NotFound(_("No authentication for listing %s.") % offer_id, code="authentication_not_found")
    return _out(row)
