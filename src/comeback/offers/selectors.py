"""Reads of offers: what buyers may see, the best offer per slot, and the price that would win."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet

from comeback.core import clock
from comeback.sellers.models import SELLING_STATUSES

from . import ranking
from .models import GRADE_ORDER, Offer, OfferStatus


def visible_offers(market: str | None = None, *, at=None) -> QuerySet[Offer]:
    """Offers a buyer may see and buy: active, in stock, from a seller currently allowed to sell."""
    at = at or clock.now()
    qs = Offer.objects.filter(status=OfferStatus.ACTIVE, quantity__gt=0, seller__status__in=SELLING_STATUSES)
    if market:
        qs = qs.filter(market_id=market)
    return qs


def candidate(offer: Offer) -> ranking.Candidate:
    s = offer.seller
    return ranking.Candidate(
        offer_id=offer.pk,
        price=offer.price_amount,
        quality=ranking.seller_quality(quality_score=s.quality_score, rating_sum=s.rating_sum, rating_count=s.rating_count),
        battery_health_min=offer.battery_health_min,
        warranty_months=offer.warranty_months,
        handling_days=offer.handling_days,
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
            variant_id=variant_id, grade=grade, offers=[by_id[c.offer_id] for c in ranked],
            candidates=ranked, explanation=ranking.explain(ranked),
        )
    return slots


def slots_for_product(product_id: int, market: str) -> dict[tuple[int, str], Slot]:
    """Every ranked slot of a product in a market, in one query."""
    offers = list(
        visible_offers(market).filter(variant__product_id=product_id).select_related("seller").order_by("id")
    )
    return rank_offers(offers)


def grade_sorted(slots: list[Slot]) -> list[Slot]:
    order = {g.value: i for i, g in enumerate(GRADE_ORDER)}
    return sorted(slots, key=lambda s: order.get(s.grade, 99))


def prices_to_win(offers: list[Offer]) -> dict[int, int | None]:
    """For each of a seller's offers, the highest price that would win its slot (DESIGN.md §2 ranking)."""
    if not offers:
        return {}
    keys = {(o.variant_id, o.market_id, o.grade) for o in offers}
    variant_ids = {k[0] for k in keys}
    markets = {k[1] for k in keys}
    rivals = list(
        visible_offers().filter(variant_id__in=variant_ids, market_id__in=markets).select_related("seller")
    )
    by_slot: dict[tuple, list[ranking.Candidate]] = defaultdict(list)
    for r in rivals:
        by_slot[(r.variant_id, r.market_id, r.grade)].append(candidate(r))
    out: dict[int, int | None] = {}
    for o in offers:
        out[o.pk] = ranking.price_to_win(candidate(o), by_slot.get((o.variant_id, o.market_id, o.grade), []))
    return out
