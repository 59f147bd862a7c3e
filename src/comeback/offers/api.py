"""Seller listing API: `GET|POST /seller/listings`, `GET|PATCH /seller/listings/{id}` (DESIGN.md §4).

Handlers only translate HTTP; every rule is in services, every read in selectors.
"""

from __future__ import annotations

import math

from ninja import Query, Router

from comeback.accounts.auth import token_auth
from comeback.core import clock, markets
from comeback.sellers.access import acting_seller
from comeback.sellers.models import Seller

from . import selectors, services
from .models import Offer
from .schemas import ListingFilters, ListingIn, ListingOut, ListingPage, ListingPatch, ProblemOut

router = Router(tags=["seller listings"], auth=token_auth)

REFUSALS = {401: ProblemOut, 403: ProblemOut, 422: ProblemOut}




def listing_out(offer: Offer, standing: selectors.Standing | None) -> dict:
    product = offer.variant.product
    return {
        "offer_id": offer.pk,
        "variant_id": offer.variant_id,
        "product_id": product.pk,
        "product": str(product),
        "variant": offer.variant.label,
        "market": offer.market_id,
        "grade": offer.grade,
        "price": offer.price_amount,
        "currency": offer.currency,
        "quantity": offer.quantity,
        "battery_health_min": offer.battery_health_min,
        "warranty_months": offer.warranty_months,
        "handling_days": offer.handling_days,
        "status": offer.status,
        "created_at": clock.rfc3339(offer.created_at),
        "updated_at": clock.rfc3339(offer.updated_at),
        "published_at": clock.rfc3339(offer.published_at) if offer.published_at else None,
        "price_to_win": standing.price_to_win if standing else None,
        "is_winning": standing.is_winning if standing else False,
    }


def _one(seller: Seller, offer_id: int) -> dict:
    offer = services.own_offer(seller=seller, offer_id=offer_id)
    return listing_out(offer, selectors.standings([offer]).get(offer.pk))


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
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    page = list(qs[start : start + filters.page_size])
    standing = selectors.standings(page)
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": max(1, math.ceil(count / filters.page_size)),
        "items": [listing_out(o, standing.get(o.pk)) for o in page],
    }


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
    "/seller/listings/{offer_id}", response={200: ListingOut, 404: ProblemOut, **REFUSALS}, summary="One listing"
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
    return _one(seller, offer.pk)
