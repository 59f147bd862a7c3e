"""Reads of offers: what buyers may see, the best offer per slot, and the price that would win."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Q, QuerySet

from comeback.core import clock
from comeback.sellers import selectors as seller_selectors
from comeback.sellers.models import SELLING_STATUSES, Seller

from . import ranking, slot_sql, standing_sql
from .models import Offer, OfferStatus


def visible_offers(market: str | None = None, *, at=None) -> QuerySet[Offer]:
    """Offers a buyer may see and buy: active, in stock, from a seller currently allowed to sell."""
    at = at or clock.now()
    # Seller trust: probation paused from its deadline, suspended and removed sellers hidden.
    from comeback.sellers.selectors import selling_q

    qs = Offer.objects.filter(status=OfferStatus.ACTIVE, quantity__gt=0, seller__status__in=SELLING_STATUSES)
    qs = qs.filter(selling_q(at, prefix="seller__"))
    if market:
        qs = qs.filter(market_id=market)
    return qs


def candidate(offer: Offer) -> ranking.Candidate:
    s = offer.seller
    return ranking.Candidate(
        offer_id=offer.pk,
        price=offer.price_amount,
        quality=ranking.seller_quality(
            quality_score=s.quality_score, rating_sum=s.rating_sum, rating_count=s.rating_count
        ),
        battery_health_min=offer.battery_health_min,
        warranty_months=offer.warranty_months,
        handling_days=offer.handling_days,
        in_breach=bool((s.quality_summary or {}).get("in_breach")),
    )


@dataclass
class Slot:
    """One (variant, grade, market): its offers best first, the winner and why."""

    variant_id: int
    grade: str
    offers: list[Offer]
    candidates: list[ranking.Candidate]
    explanation: ranking.Explanation | None

    @property
    def winner(self) -> Offer | None:
        return self.offers[0] if self.offers else None

    @property
    def others(self) -> list[Offer]:
        return self.offers[1:]

    def quality_of(self, offer_id: int) -> Fraction:
        return next(c.quality for c in self.candidates if c.offer_id == offer_id)


def rank_offers(offers: list[Offer]) -> dict[tuple[int, str], Slot]:
    """Group offers by (variant, grade) and rank each group with the published formula."""
    groups: dict[tuple[int, str], list[Offer]] = defaultdict(list)
    for o in offers:
        groups[(o.variant_id, o.grade)].append(o)
    slots = {}
    for (variant_id, grade), group in groups.items():
        by_id = {o.pk: o for o in group}
        ranked = ranking.rank(candidate(o) for o in group)
        slots[(variant_id, grade)] = Slot(
            variant_id=variant_id,
            grade=grade,
            offers=[by_id[c.offer_id] for c in ranked],
            candidates=ranked,
            explanation=ranking.explain(ranked),
        )
    return slots


def slots_for_product(product_id: int, market: str) -> dict[tuple[int, str], Slot]:
    """Every ranked slot of a product in a market, in one query.

    The offers carry only slot_sql.SLOT_FIELDS (and their seller only those): reading another field costs a query. The
    query is written by hand (slot_sql.py: the ORM's compiling of the visibility filter cost more than the rest).
    """
    return rank_offers(slot_sql.slot_offers(product_id=product_id, market=market, at=clock.now()))


@dataclass(frozen=True)
class Standing:
    """Where one of a seller's offers stands in its slot: does it win, and at what price would it."""

    price_to_win: int | None
    is_winning: bool
    is_visible: bool = True  # shown to buyers now (active, in stock, shop allowed to sell)


def standings(offers: list[Offer]) -> dict[int, Standing]:
    """For each offer, the highest price that would win its slot and whether it wins now, in one query.

    `offers` should carry their seller (select_related) to avoid a query per offer.
    """
    if not offers:
        return {}
    keys = {(o.variant_id, o.market_id, o.grade) for o in offers}
    # Read by hand (standing_sql.py): every reprice answers with its standing, and compiling this read cost more
    # than the rest of it.
    return standings_among(offers, standing_sql.rivals(keys=keys, at=clock.now()))


def standings_among(offers: list[Offer], rivals) -> dict[int, Standing]:
    """Each offer's standing among `rivals`, the visible offers of its slots."""
    by_slot: dict[tuple, list[ranking.Candidate]] = defaultdict(list)
    for r in rivals:
        by_slot[(r.variant_id, r.market_id, r.grade)].append(candidate(r))
    out: dict[int, Standing] = {}
    for o in offers:
        slot = by_slot.get((o.variant_id, o.market_id, o.grade), [])
        best = ranking.winner(slot)
        out[o.pk] = Standing(
            price_to_win=ranking.price_to_win(candidate(o), slot),
            is_winning=best is not None and best.offer_id == o.pk,
            is_visible=any(c.offer_id == o.pk for c in slot),
        )
    return out


def with_standings(offers: list[Offer]) -> list[Offer]:
    """The offers, each with its `standing` (None when its slot has none), read in one query for the page."""
    found = standings(offers)
    for offer in offers:
        offer.standing = found.get(offer.pk)
    return offers


def prices_to_win(offers: list[Offer]) -> dict[int, int | None]:
    """For each of a seller's offers, the highest price that would win its slot (docs/design.md §2 ranking)."""
    return {offer_id: s.price_to_win for offer_id, s in standings(offers).items()}


# The seller's own listings ----------------------------------------------------------------------------


def seller_listings(
    seller,
    *,
    status: str | None = None,
    market: str | None = None,
    grade: str | None = None,
    q: str | None = None,
) -> QuerySet[Offer]:
    """A seller's own offers, newest first, filtered as the portal and the API ask."""
    qs = Offer.objects.filter(seller=seller).select_related(
        "seller", "market", "variant__product__brand", "variant__product__category"
    )
    if status:
        qs = qs.filter(status=status)
    if market:
        qs = qs.filter(market_id=market.upper())
    if grade:
        qs = qs.filter(grade=grade)
    for term in (q or "").split()[:6]:
        qs = qs.filter(
            Q(variant__product__name__icontains=term)
            | Q(variant__product__brand__name__icontains=term)
            | Q(variant__label__icontains=term)
            | Q(variant__sku__iexact=term)
        )
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class PortalSummary:
    active_listings: int
    stock_units: int
    winning: int
    not_winning: int


def portal_summary(seller) -> PortalSummary:
    """The dashboard's counts: active listings, their stock, and how many win their slot."""
    active = list(Offer.objects.filter(seller=seller, status=OfferStatus.ACTIVE).select_related("seller"))
    won = sum(1 for s in standings(active).values() if s.is_winning)
    return PortalSummary(
        active_listings=len(active),
        stock_units=sum(o.quantity for o in active),
        winning=won,
        not_winning=len(active) - won,
    )


def suggest_products(q: str, *, limit: int = 8) -> list:
    """Product models matching every word of `q` (brand, name, category), for the new-listing picker."""
    from comeback.catalog.models import ProductModel

    terms = (q or "").split()[:6]
    if not terms:
        return []
    qs = ProductModel.objects.select_related("brand", "category")
    for term in terms:
        qs = qs.filter(
            Q(name__icontains=term) | Q(brand__name__icontains=term) | Q(search_text__icontains=term)
        )
    return list(qs.order_by("brand__name", "name")[:limit])


def product_with_variants(product_id: int | None):
    """The product a new listing is for, with its variants and category (None when unknown)."""
    from comeback.catalog.models import ProductModel

    if not product_id:
        return None
    return (
        ProductModel.objects.select_related("brand", "category")
        .prefetch_related("variants")
        .filter(pk=product_id)
        .first()
    )


def own_metrics(seller: Seller, *, at=None) -> dict:
    """A seller's own status, probation, metrics, alerts and history (sellers) with the price that would win
    each of its live listings (here: offers sits above sellers)."""
    offers = list(
        Offer.objects.filter(seller=seller, status=OfferStatus.ACTIVE)
        .select_related("seller")
        .order_by("id")[:500]
    )
    to_win = prices_to_win(offers)
    return {
        **seller_selectors.own_standing(seller, at=at),
        "listings": [
            {
                "offer_id": o.pk,
                "market": o.market_id,
                "grade": o.grade,
                "price": o.price_amount,
                "currency": o.currency,
                "price_to_win": to_win.get(o.pk),
            }
            for o in offers
        ],
    }
