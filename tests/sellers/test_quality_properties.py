"""The published formula's promises, for any counts (docs/design.md §5: property tests for metrics)."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from comeback.sellers import quality
from comeback.sellers.metrics import FACT_KEYS, metrics_from_facts, wilson

AT = datetime(2027, 3, 1, tzinfo=UTC)
counts = st.integers(min_value=0, max_value=10**6)
facts_strategy = st.fixed_dictionaries({k: counts for k in FACT_KEYS})


def m(facts):
    return metrics_from_facts(facts, window="t", since=None, until=AT)


@settings(max_examples=300, deadline=None)
@given(events=counts, trials=counts)
def test_given_any_counts_when_bounding_a_rate_then_lower_le_rate_le_upper_within_0_and_1(events, trials):
    lo, hi = wilson(events, trials)
    assert 0.0 <= lo <= hi <= 1.0
    if trials:
        rate = min(events, trials) / trials
        assert lo - 1e-12 <= rate <= hi + 1e-12


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy)
def test_given_any_facts_when_computing_metrics_then_every_rate_bound_and_the_score_is_in_0_1(facts):
    metrics = m(facts)
    for r in metrics.rates:
        assert 0.0 <= r.lower <= r.upper <= 1.0
        assert r.value is None or 0.0 <= r.value <= 1.0
    lo, hi = metrics.rating.bounds
    assert 0.0 <= lo <= hi <= 1.0
    assert metrics.rating.mean is None or 1.0 <= metrics.rating.mean <= 5.0
    assert 0.0 <= quality.score(metrics) <= 1.0


@settings(max_examples=300, deadline=None)
@given(facts=facts_strategy, more=st.integers(min_value=1, max_value=10**4))
def test_given_any_seller_when_it_has_more_defects_then_its_score_never_rises(facts, more):
    worse = {**facts, "defects": facts["defects"] + more}
    assert quality.score(m(worse)) <= quality.score(m(facts))


@settings(max_examples=200, deadline=None)
@given(
    facts=facts_strategy,
    more=st.integers(min_value=1, max_value=10**4),
    key=st.sampled_from(["cancelled", "late_shipments", "returns"]),
)
def test_given_any_seller_when_any_bad_event_grows_then_its_score_never_rises(facts, more, key):
    worse = {**facts, key: facts[key] + more}
    assert quality.score(m(worse)) <= quality.score(m(facts))


def test_given_no_orders_when_scoring_then_the_prior_gives_a_fair_middle_score():
    empty = m({})
    assert 0.5 < quality.score(empty) < 0.8  # a newcomer is neither top nor bottom of the ranking


def test_given_a_clean_record_when_it_grows_then_the_score_rises_towards_1():
    small = quality.score(m({"orders": 10, "delivered": 10, "shipped": 10}))
    large = quality.score(
        m({"orders": 1000, "delivered": 1000, "shipped": 1000, "rating_count": 500, "rating_sum": 2450})
    )
    assert small < large and large > 0.9


def test_given_few_orders_with_one_defect_when_judging_then_no_alert_but_many_defects_confidently_alert():
    assert quality.breaches(m({"delivered": 10, "defects": 1})) == []  # 10% raw, but not yet significant
    found = quality.breaches(m({"delivered": 200, "defects": 30}))
    assert [b.metric for b in found] == ["defect_rate"] and found[0].value > quality.THRESHOLDS["defect_rate"]


def test_given_review_metrics_when_recommending_then_the_published_rules_apply():
    assert quality.recommend(m({"delivered": 3})).decision == "extend"
    assert quality.recommend(m({"orders": 40, "delivered": 40, "shipped": 40})).decision == "approve"
    assert (
        quality.recommend(m({"orders": 200, "delivered": 200, "shipped": 200, "defects": 40})).decision
        == "remove"
    )
