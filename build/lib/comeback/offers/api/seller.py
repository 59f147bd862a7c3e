"""Seller listing API: `GET|POST /seller/listings`, `GET|PATCH /seller/listings/{id}` (docs/design.md §4), the
photos of the unit each listing sells: `GET|POST /seller/listings/{id}/photos`, `PUT …/photos/order`,
`DELETE …/photos/{photo_id}` (docs/storefront.md "Photos"), the shop's metrics and the authentication of a
listing (docs/trust.md §5).

Handlers only translate HTTP; every rule is in services, every read in selectors.
"""

from __future__ import annotations

from dataclasses import asdict

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from comeback.accounts.auth import token_auth
from comeback.core import markets
from comeback.core.paging import paginate
from comeback.core.problems import NotFound
from comeback.sellers.models import Seller
from comeback.sellers.schemas import MetricsOut
from comeback.web.api_access import acting_seller

from .. import photos as unit_photos
from .. import selectors, services
from ..models import Authentication, Offer
from ..schemas import (
    AUTHENTICATION_PROBLEMS,
    METRICS_REFUSALS,
    AuthenticationOut,
    ListingFilters,
    ListingIn,
    ListingOut,
    ListingPage,
    ListingPatch,
    PhotoList,
    PhotoOrderIn,
    PhotoUploadIn,
    ProblemOut,
)

router = Router(tags=["seller listings"], auth=token_auth)

REFUSALS = {401: ProblemOut, 403: ProblemOut, 422: ProblemOut}


def _one(seller: Seller, offer_id: int) -> Offer:
    offer = services.own_offer(seller=seller, offer_id=offer_id)
    return selectors.with_standings([offer])[0]


@router.get("/seller/listings", response={200: ListingPage, **REFUSALS}, summary="List my listings")
def list_listings(request, filters: Query[ListingFilters]):
    """The seller's own offers, newest first, each with the price that would win its slot."""
    seller = acting_seller(request)
    market = markets.get(filters.market).code if filters.market else None
    qs = selectors.seller_listings(
        seller,
        status=filters.status.value if filters.status else None,
        market=market,
        grade=filters.grade.value if filters.grade else None,
        q=filters.q,
    )
    page = paginate(request, qs, filters)
    page["items"] = selectors.with_standings(page["items"])
    return page


@router.post(
    "/seller/listings", response={201: ListingOut, 409: ProblemOut, **REFUSALS}, summary="Publish a listing"
)
def create_listing(request, body: ListingIn):
    """Publish a new offer. Every rule it breaks comes back as problem+json naming the field and rule."""
    seller = acting_seller(request)
    draft = services.ListingDraft(**{**body.model_dump(), "grade": body.grade.value})
    offer = services.publish_listing(seller=seller, draft=draft)
    return 201, _one(seller, offer.pk)


@router.get(
    "/seller/listings/{offer_id}",
    response={200: ListingOut, 404: ProblemOut, **REFUSALS},
    summary="One listing",
)
def get_listing(request, offer_id: int):
    """One of the seller's own offers; another seller's offer is a 404, never revealed."""
    return _one(acting_seller(request), offer_id)


@router.patch(
    "/seller/listings/{offer_id}",
    response={200: ListingOut, 404: ProblemOut, 409: ProblemOut, **REFUSALS},
    summary="Change a listing",
)
def patch_listing(request, offer_id: int, body: ListingPatch):
    """Change price, stock, terms or status (active, paused, withdrawn) of one's own offer."""
    seller = acting_seller(request)
    offer = services.update_listing(seller=seller, offer_id=offer_id, changes=body.changes())
    return selectors.with_standings([offer])[0]  # the offer as written; its standing read after the commit


def _photo_list(seller: Seller, offer_id: int) -> dict:
    offer = services.own_offer(seller=seller, offer_id=offer_id)
    return {"items": [asdict(p) for p in unit_photos.photos_of([offer])[offer.pk]]}


@router.get(
    "/seller/listings/{offer_id}/photos",
    response={200: PhotoList, 404: ProblemOut, **REFUSALS},
    summary="Photos of a listing's unit",
)
def list_photos(request, offer_id: int):
    """The photos of the unit this listing sells, in the order buyers see them."""
    return _photo_list(acting_seller(request), offer_id)


@router.post(
    "/seller/listings/{offer_id}/photos",
    response={201: PhotoList, 404: ProblemOut, **REFUSALS},
    summary="Add photos of a listing's unit",
)
def add_photos(request, offer_id: int, body: Form[PhotoUploadIn], photos: File[list[UploadedFile]] = None):
    """Multipart: one or more `photos` files (JPEG, PNG or WebP, at most 5 MB and 40 megapixels each; at most
    8 per listing) and an optional `alt`. Each is re-encoded without its metadata (EXIF, GPS) and stored in
    320, 640 and 1280 px, WebP and JPEG. A file that is not an image is a 422 naming it. Answers the
    listing's photos."""
    seller = acting_seller(request)
    unit_photos.add_photos(
        seller=seller,
        offer_id=offer_id,
        files=list(photos or []),
        alt=body.alt,
        defect=body.defect,
        defect_note=body.defect_note,
    )
    return Status(201, _photo_list(seller, offer_id))


@router.put(
    "/seller/listings/{offer_id}/photos/order",
    response={200: PhotoList, 404: ProblemOut, **REFUSALS},
    summary="Reorder a listing's photos",
)
def reorder_photos(request, offer_id: int, body: PhotoOrderIn):
    """Name every photo of the listing once, first shown first."""
    seller = acting_seller(request)
    unit_photos.reorder_photos(seller=seller, offer_id=offer_id, photo_ids=body.photo_ids)
    return _photo_list(seller, offer_id)


@router.delete(
    "/seller/listings/{offer_id}/photos/{photo_id}",
    response={204: None, 404: ProblemOut, **REFUSALS},
    summary="Delete a listing's photo",
)
def delete_photo(request, offer_id: int, photo_id: int):
    """Delete one photo; the others keep their order."""
    unit_photos.delete_photo(seller=acting_seller(request), offer_id=offer_id, photo_id=photo_id)
    return Status(204, None)


# A seller's metrics: its standing (sellers) and the price that would win each listing (offers). Tagged and
# named as before the move, so the document and generated clients keep their names; staff read any seller's
# from api/staff.py.


@router.get(
    "/seller/metrics",
    response={200: MetricsOut, **METRICS_REFUSALS},
    tags=["sellers"],
    operation_id="comeback_sellers_api_my_metrics",
    summary="Your shop's status, probation cap, quality metrics, alerts and prices that would win",
)
def my_metrics(request):
    return selectors.own_metrics(acting_seller(request))


@router.get(
    "/seller/listings/{offer_id}/authentication",
    response={200: AuthenticationOut, **AUTHENTICATION_PROBLEMS},
    tags=["authentication"],
    operation_id="comeback_offers_api_authentication_my_authentication",
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
    return row
