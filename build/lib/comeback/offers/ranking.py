"""The best-offer formula, published in docs/ranking.md. Pure functions: no database, no clock.

One winner per (variant, grade, market) among active, in-stock offers: the highest
quality score per unit of price,

    value(offer) = quality(seller) / price

among the offers of sellers *without an open quality breach* first: a seller in breach is never ranked
above one that is not, whatever its price (docs/seller-quality.md "Breach"). Within each group, ties go to the higher guaranteed battery health, then the longer warranty, then the shorter
handling time, then the older offer. Until full seller metrics exist,
quality comes from the seller's ratings shrunk towards a prior, so a seller with three 5-star
reviews does not outrank one with three hundred 4.8s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

RATING_PRIOR_MEAN = Fraction(4)  # stars a seller is assumed to have before evidence
RATING_PRIOR_WEIGHT = 10  # that assumption counts as this many reviews
QUALITY_FLOOR = Fraction(1, 100)  # a score of 0 could never win and would divide badly


@dataclass(frozen=True)
class Candidate:
    """What the formula needs of an offer."""

    offer_id: int
    price: int  # minor units; every candidate of one slot shares a currency
    quality: Fraction
    battery_health_min: int | None = None
    warranty_months: int = 12
    handling_days: int = 1
    in_breach: bool = False  # the seller has an open quality breach (sellers.quality.breaches)

    @property
    def value(self) -> Fraction:
        return self.quality / self.price


def rating_quality(rating_sum: int, rating_count: int) -> Fraction:
    """Bayesian mean of 1–5 stars mapped to [0, 1]: (mean - 1) / 4."""
    mean = (RATING_PRIOR_MEAN * RATING_PRIOR_WEIGHT + rating_sum) / (RATING_PRIOR_WEIGHT + rating_count)
    return (mean - 1) / 4


@lru_cache(maxsize=4096)  # pure, and a product page asks it once per offer (Fraction arithmetic is slow)
def seller_quality(*, quality_score: float | None, rating_sum: int, rating_count: int) -> Fraction:
    q = (
        Fraction(quality_score).limit_denominator(10_000)
        if quality_score is not None
        else rating_quality(rating_sum, rating_count)
    )
    return max(QUALITY_FLOOR, min(Fraction(1), q))


def sort_key(c: Candidate) -> tuple:
    return (
        c.in_breach,
        -c.value,
        -(c.battery_health_min or 0),
        -c.warranty_months,
        c.handling_days,
        c.offer_id,
    )


def rank(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Best first."""
    return sorted(candidates, key=sort_key)


def winner(candidates: Iterable[Candidate]) -> Candidate | None:
    ranked = rank(candidates)
    return ranked[0] if ranked else None


def price_to_win(me: Candidate, others: Sequence[Candidate]) -> int | None:
    """The highest price (minor units) at which `me` wins against `others`, all else unchanged.

    None means no positive price wins (only possible if a rival is free, which the database forbids).
    """
    rivals = [o for o in others if o.offer_id != me.offer_id]
    if me.in_breach and any(not o.in_breach for o in rivals):
        return None  # no price puts a seller in breach above one that is not
    if not me.in_breach:
        rivals = [o for o in rivals if not o.in_breach]  # they rank below me at any price
    if not rivals:
        return me.price  # alone in its slot: any price wins; report the current one
    best = rank(rivals)[0]
    # me wins outright when q_me / p > q_best / p_best  <=>  p < p_best * q_me / q_best
    bound = Fraction(best.price) * me.quality / best.quality
    price = math.ceil(bound) - 1
    # at exactly the bound the tie-breakers decide
    if bound.denominator == 1:
        tied = Candidate(
            me.offer_id,
            int(bound),
            me.quality,
            me.battery_health_min,
            me.warranty_months,
            me.handling_days,
            me.in_breach,
        )
        if sort_key(tied) < sort_key(best):
            price = int(bound)
    return price if price >= 1 else None


@dataclass(frozen=True)
class Explanation:
    """Why the winner wins, from the factors the formula actually compared (winner, runner-up)."""

    winner_id: int
    runner_up_id: int | None
    reasons: list[str]
    factors: dict = field(default_factory=dict)


def factors(w: Candidate, r: Candidate | None) -> dict:
    """What the formula compared, winner first: the page and the API show these, never a derived claim."""
    pairs = {
        "in_breach": (w.in_breach, r.in_breach if r else None),
        "quality": (float(w.quality), float(r.quality) if r else None),
        "price": (w.price, r.price if r else None),
        "battery_health_min": (w.battery_health_min, r.battery_health_min if r else None),
        "warranty_months": (w.warranty_months, r.warranty_months if r else None),
        "handling_days": (w.handling_days, r.handling_days if r else None),
    }
    return {k: {"winner": a, "runner_up": b} for k, (a, b) in pairs.items()}


def explain(ranked: Sequence[Candidate]) -> Explanation | None:
    """Why the first of `ranked` wins, in terms the product page can show.

    Every reason is a comparison the formula made: a breach of the runner-up, the value (quality ÷ price)
    and how quality and price each compare, or the tie-breaker that decided. A reason naming the quality
    of the winner as better is only given when its quality score is higher (property-tested).
    """
    if not ranked:
        return None
    w = ranked[0]
    if len(ranked) == 1:
        return Explanation(w.offer_id, None, ["only_offer"], factors(w, None))
    r = ranked[1]
    reasons: list[str] = []
    if r.in_breach and not w.in_breach:
        reasons.append("runner_up_in_breach")
    elif w.value > r.value:
        if w.price < r.price and w.quality >= r.quality:
            reasons.append("cheaper_and_at_least_as_good")
        elif w.price < r.price:
            reasons.append("cheaper_enough_to_outweigh_quality")
        elif w.quality > r.quality:
            reasons.append("better_quality_worth_the_price")
        else:
            reasons.append("best_value")
    else:
        if (w.battery_health_min or 0) > (r.battery_health_min or 0):
            reasons.append("tie_better_battery")
        elif w.warranty_months > r.warranty_months:
            reasons.append("tie_longer_warranty")
        elif w.handling_days < r.handling_days:
            reasons.append("tie_faster_shipping")
        else:
            reasons.append("tie_older_offer")
    return Explanation(w.offer_id, r.offer_id, reasons, factors(w, r))
