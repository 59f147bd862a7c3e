"""A quality score that tells the truth (docs/seller-quality.md): the window's rating blended with the lifetime
rating, an open breach ranks a seller below every seller without one at once, the score follows the facts, and
"why this offer wins" only states what the formula compared."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.core import outbox
from comeback.offers import ranking
from comeback.offers import selectors as offer_selectors
from comeback.sellers import monitoring, quality
from comeback.sellers.metrics import metrics_from_facts
from tests.factories import OfferFactory, SellerFactory

T0 = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)
CLEAN = {"orders": 40, "delivered": 40, "shipped": 40}


def m(**facts):
    return metrics_from_facts(facts, window="t", since=None, until=T0)


def test_given_a_long_history_when_one_review_lands_in_the_window_then_the_history_is_not_thrown_away():
    history = {"lifetime_count": 3120, "lifetime_sum": 3120 * 5 - 100}
    before = quality.score(m(**CLEAN), **history)
    one_bad = quality.score(m(**CLEAN, rating_count=1, rating_sum=1), **history)
    assert before - one_bad < 0.02  # one review moves the blend by about 1/21, not to 1 star


def test_given_thousands_of_lifetime_ratings_then_they_weigh_like_the_published_prior_not_like_thousands():
    many = quality.score(m(**CLEAN), lifetime_count=3120, lifetime_sum=3120 * 5)
    twenty = quality.score(m(**CLEAN), lifetime_count=quality.LIFETIME_PRIOR_REVIEWS, lifetime_sum=100)
    assert abs(many - twenty) < 0.03


def test_given_seller_one_in_defect_breach_with_a_glowing_history_then_it_is_never_ranked_first(db, facts):
    """The demo's case: 2 of 3 delivered units defective, 3,120 lifetime ratings of 5 stars."""
    glowing = SellerFactory(rating_count=3120, rating_sum=3120 * 5)
    plain = SellerFactory()
    facts.set(glowing, orders=3, delivered=3, shipped=3, defects=2)
    facts.set(plain, **CLEAN, rating_count=10, rating_sum=38)
    cheap = OfferFactory(seller=glowing, price_amount=20000)
    dear = OfferFactory(seller=plain, variant=cheap.variant, price_amount=40000)
    with time_machine.travel(T0, tick=False):
        monitoring.recompute_seller(seller=glowing)
        monitoring.recompute_seller(seller=plain)
    glowing.refresh_from_db()
    plain.refresh_from_db()
    assert glowing.quality_summary["in_breach"] and not plain.quality_summary["in_breach"]
    assert glowing.quality_score < plain.quality_score
    slot = offer_selectors.slots_for_product(cheap.variant.product_id, "FR")[(cheap.variant_id, "good")]
    assert slot.winner == dear and slot.explanation.reasons == ["runner_up_in_breach"]
    assert slot.explanation.factors["in_breach"] == {"winner": False, "runner_up": True}
    assert offer_selectors.prices_to_win([cheap])[cheap.pk] is None  # no price wins while in breach


def test_given_a_delivery_when_the_outbox_delivers_it_then_the_score_is_recomputed_without_the_daily_job(
    facts, buyer, offer
):
    from tests.orders.helpers import place_order, walk

    seller = offer.seller
    assert seller.quality_computed_at is None
    walk(place_order(buyer, offer).lines.get(), "delivered")
    outbox.drain()
    seller.refresh_from_db()
    assert seller.quality_computed_at is not None and seller.quality_score is not None


candidates = st.builds(
    ranking.Candidate,
    offer_id=st.integers(1, 10**6),
    price=st.integers(1, 10**7),
    quality=st.fractions(Fraction(1, 100), Fraction(1)).map(lambda q: q.limit_denominator(10_000)),
    battery_health_min=st.one_of(st.none(), st.integers(80, 100)),
    warranty_months=st.integers(12, 36),
    handling_days=st.integers(1, 5),
    in_breach=st.booleans(),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(candidates, min_size=2, max_size=6, unique_by=lambda c: c.offer_id))
def test_given_any_offers_then_a_seller_in_breach_never_ranks_above_one_without(pool):
    ranked = ranking.rank(pool)
    seen_breach = False
    for c in ranked:
        seen_breach = seen_breach or c.in_breach
        assert not (seen_breach and not c.in_breach)


@settings(max_examples=400, deadline=None)
@given(st.lists(candidates, min_size=2, max_size=6, unique_by=lambda c: c.offer_id))
def test_given_any_offers_then_why_it_wins_never_calls_the_lower_scored_seller_better(pool):
    ranked = ranking.rank(pool)
    why = ranking.explain(ranked)
    w, r = ranked[0], ranked[1]
    f = why.factors
    assert f["quality"] == {"winner": float(w.quality), "runner_up": float(r.quality)}
    assert f["price"] == {"winner": w.price, "runner_up": r.price}
    for reason in why.reasons:
        if reason == "cheaper_and_at_least_as_good":
            assert w.price < r.price and w.quality >= r.quality
        if reason == "better_quality_worth_the_price":
            assert w.quality > r.quality
        if reason == "cheaper_enough_to_outweigh_quality":
            assert w.price < r.price
        if reason == "runner_up_in_breach":
            assert r.in_breach and not w.in_breach
        if reason.startswith("tie_"):
            assert w.value == r.value and w.in_breach == r.in_breach


@settings(max_examples=300, deadline=None)
@given(me=candidates, others=st.lists(candidates, min_size=1, max_size=5, unique_by=lambda c: c.offer_id))
def test_given_any_slot_then_the_price_to_win_really_wins(me, others):
    others = [o for o in others if o.offer_id != me.offer_id]
    price = ranking.price_to_win(me, others)
    if price is None:
        return
    at_price = ranking.Candidate(
        me.offer_id,
        price,
        me.quality,
        me.battery_health_min,
        me.warranty_months,
        me.handling_days,
        me.in_breach,
    )
    assert ranking.winner([at_price, *others]).offer_id == me.offer_id
