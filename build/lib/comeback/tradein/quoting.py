"""Which buyback offer wins a quote: pure functions, so the rule is testable and published as is.

The customer is paid the best price (docs/design.md §2 "the best price among refurbishers' buyback offers for
that model and condition in that market"). Among the offers for the model (the exact storage, or every
storage), the condition tier and the market, from refurbishers allowed to buy, with capacity left this
week:

1. the highest price wins;
2. on equal prices, the refurbisher with the better quality score (the same published score that ranks
   sales offers), since it handles the device better;
3. then the older offer (it was there first).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    offer_id: int
    seller_id: int
    price: int
    weekly_capacity: int
    used_this_week: int
    quality: float = 0.0

    @property
    def has_capacity(self) -> bool:
        return self.used_this_week < self.weekly_capacity


def sort_key(c: Candidate) -> tuple:
    return (-c.price, -c.quality, c.offer_id)


def ranked(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Candidates with capacity, best first."""
    return sorted((c for c in candidates if c.has_capacity), key=sort_key)


def choose(candidates: Iterable[Candidate]) -> Candidate | None:
    best = ranked(candidates)
    return best[0] if best else None


def price_to_win(mine: Candidate, candidates: Iterable[Candidate]) -> int | None:
    """The lowest price at which `mine` would win its slot now (one minor unit above the best rival, or its
    price when it already wins); None when it has no capacity left this week."""
    if not mine.has_capacity:
        return None
    rivals = [c for c in ranked(candidates) if c.seller_id != mine.seller_id]
    if not rivals:
        return mine.price
    best = rivals[0]
    needed = best.price if (-mine.quality, mine.offer_id) < (-best.quality, best.offer_id) else best.price + 1
    return max(needed, 1)
