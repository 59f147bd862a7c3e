"""The published best-offer formula (offers/ranking.py), checked as properties over many random slots."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.offers import ranking
from comeback.offers.ranking import Candidate

SETTINGS = settings(max_examples=100, deadline=None)


@st.composite
def qualities(draw) -> Fraction:
    """Qualities as production makes them: from ratings, or from a published score in [0, 1]."""
    if draw(st.booleans()):
        count = draw(st.integers(0, 400))
        return ranking.seller_quality(
            quality_score=None, rating_sum=draw(st.integers(count, 5 * count)), rating_count=count
        )
    return ranking.seller_quality(quality_score=draw(st.floats(0, 1)), rating_sum=0, rating_count=0)


@st.composite
def candidates(draw, offer_id: int) -> Candidate:
    return Candidate(
        offer_id=offer_id,
        price=draw(st.integers(1, 200_000)),
        quality=draw(qualities()),
        battery_health_min=draw(st.one_of(st.none(), st.integers(80, 100))),
        warranty_months=draw(st.integers(12, 36)),
        handling_days=draw(st.integers(1, 5)),
    )


@st.composite
def slots(draw, min_size: int = 1) -> list[Candidate]:
    n = draw(st.integers(min_size, 7))
    # Small price ranges make ties on value (and so the tie-breakers) common.
    return [draw(candidates(offer_id=i + 1)) for i in range(n)]


def wins(me: Candidate, rivals: list[Candidate]) -> bool:
    return ranking.winner([*rivals, me]).offer_id == me.offer_id


@SETTINGS
@given(slot=slots(), data=st.data())
def test_given_any_slot_when_ranked_in_any_order_then_there_is_exactly_one_winner(slot, data):
    shuffled = data.draw(st.permutations(slot))
    best = ranking.winner(slot)
    assert ranking.winner(shuffled) == best
    assert sum(1 for c in slot if ranking.sort_key(c) <= ranking.sort_key(best)) == 1
    assert all(best.value >= c.value for c in slot)


@SETTINGS
@given(slot=slots(), data=st.data())
def test_given_a_winner_when_it_lowers_its_price_then_it_still_wins(slot, data):
    best = ranking.winner(slot)
    cheaper = replace(best, price=data.draw(st.integers(1, best.price)))
    rivals = [c for c in slot if c.offer_id != best.offer_id]
    assert wins(cheaper, rivals)


@SETTINGS
@given(slot=slots(min_size=2), data=st.data())
def test_given_an_offer_when_priced_at_its_price_to_win_then_it_wins_and_one_unit_more_does_not(slot, data):
    me = data.draw(st.sampled_from(slot))
    rivals = [c for c in slot if c.offer_id != me.offer_id]
    target = ranking.price_to_win(me, rivals)
    if target is None:
        assert not wins(replace(me, price=1), rivals)
        return
    assert target >= 1
    assert wins(replace(me, price=target), rivals)
    assert not wins(replace(me, price=target + 1), rivals)


@SETTINGS
@given(me=candidates(offer_id=1))
def test_given_an_offer_alone_in_its_slot_when_asked_its_price_to_win_then_it_is_its_own_price(me):
    assert ranking.price_to_win(me, []) == me.price
    assert ranking.price_to_win(me, [me]) == me.price


@SETTINGS
@given(slot=slots(min_size=2), data=st.data())
def test_given_an_offer_when_its_seller_quality_rises_then_its_rank_never_drops(slot, data):
    me = data.draw(st.sampled_from(slot))
    better = replace(me, quality=min(Fraction(1), me.quality + data.draw(st.fractions(0, 1))))
    others = [c for c in slot if c.offer_id != me.offer_id]

    def position(c: Candidate) -> int:
        return [x.offer_id for x in ranking.rank([*others, c])].index(c.offer_id)

    assert position(better) <= position(me)


@SETTINGS
@given(slot=slots(min_size=2))
def test_given_a_ranked_slot_when_explained_then_the_explanation_names_winner_and_runner_up(slot):
    ranked = ranking.rank(slot)
    why = ranking.explain(ranked)
    assert (why.winner_id, why.runner_up_id) == (ranked[0].offer_id, ranked[1].offer_id)
    assert why.reasons


def test_given_equal_value_when_ranked_then_battery_then_warranty_then_handling_then_age_break_the_tie():
    base = Candidate(offer_id=2, price=100, quality=Fraction(1, 2), battery_health_min=85)
    assert ranking.winner([base, replace(base, offer_id=3, battery_health_min=90)]).offer_id == 3
    assert ranking.winner([base, replace(base, offer_id=3, warranty_months=24)]).offer_id == 3
    assert ranking.winner([replace(base, handling_days=2), replace(base, offer_id=3)]).offer_id == 3
    assert ranking.winner([replace(base, offer_id=3), base]).offer_id == 2  # the older offer


def test_given_a_tie_breaker_advantage_when_computing_price_to_win_then_the_tied_price_counts():
    rival = Candidate(offer_id=1, price=1000, quality=Fraction(1, 2), battery_health_min=80)
    me = Candidate(offer_id=2, price=1200, quality=Fraction(1, 2), battery_health_min=95)
    # Same quality: at 1000 the values tie and my better battery wins; at 1001 I lose.
    assert ranking.price_to_win(me, [rival]) == 1000
    worse = replace(me, battery_health_min=80)
    assert ranking.price_to_win(worse, [rival]) == 999  # the tie goes to the older rival
