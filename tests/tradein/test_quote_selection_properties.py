"""Quote selection as properties: the best price wins among offers with capacity, for the
model, condition tier and market asked; worse answers never map to a better tier."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.core import clock
from comeback.core.markets import get as market
from comeback.tradein import conditions, quoting, selectors
from comeback.tradein.conditions import Answers
from comeback.tradein.models import TIER_ORDER, Body, Screen
from tests.factories import SellerFactory

from .factories import BuybackOfferFactory, phone

candidates = st.lists(
    st.builds(
        quoting.Candidate,
        offer_id=st.integers(1, 10_000),
        seller_id=st.integers(1, 50),
        price=st.integers(1, 10**7),
        weekly_capacity=st.integers(1, 20),
        used_this_week=st.integers(0, 25),
        quality=st.floats(0, 1),
    ),
    max_size=12,
    unique_by=lambda c: c.offer_id,
)


@settings(deadline=None)
@given(candidates)
def test_given_any_offers_when_choosing_then_the_winner_has_capacity_and_no_offer_with_capacity_pays_more(cs):
    winner = quoting.choose(cs)
    with_capacity = [c for c in cs if c.used_this_week < c.weekly_capacity]
    if not with_capacity:
        assert winner is None
        return
    assert winner.has_capacity
    assert winner.price == max(c.price for c in with_capacity)


@settings(deadline=None)
@given(candidates)
def test_given_any_offers_when_choosing_twice_in_any_order_then_the_same_offer_wins(cs):
    assert quoting.choose(cs) == quoting.choose(list(reversed(cs)))


@settings(deadline=None)
@given(candidates)
def test_given_any_offer_with_capacity_when_priced_at_its_price_to_win_then_it_wins(cs):
    for mine in cs:
        target = quoting.price_to_win(mine, cs)
        if target is None:
            assert not mine.has_capacity
            continue
        repriced = quoting.Candidate(
            mine.offer_id, mine.seller_id, target, mine.weekly_capacity, mine.used_this_week, mine.quality
        )
        others = [c for c in cs if c.offer_id != mine.offer_id and c.seller_id != mine.seller_id]
        assert quoting.choose([repriced, *others]).offer_id == mine.offer_id


answers = st.builds(
    Answers,
    powers_on=st.booleans(),
    screen=st.sampled_from(Screen.values + [None]),
    body=st.sampled_from(Body.values),
    functional=st.booleans(),
    accounts_removed=st.booleans(),
)
SCREEN_RANK = {None: 0, "flawless": 0, "scratches": 1, "cracked": 2}
BODY_RANK = {"flawless": 0, "scratches": 1, "dents": 2}


def worse_or_equal(a: Answers, b: Answers) -> bool:
    """b is at least as bad as a on every question."""
    return (
        (a.powers_on or not b.powers_on)
        and (a.functional or not b.functional)
        and SCREEN_RANK[b.screen] >= SCREEN_RANK[a.screen]
        and BODY_RANK[b.body] >= BODY_RANK[a.body]
    )


@settings(deadline=None)
@given(answers, answers)
def test_given_worse_answers_when_mapping_to_a_tier_then_the_tier_is_never_better(a, b):
    if worse_or_equal(a, b):
        assert conditions.tier_rank(conditions.tier_for(b)) >= conditions.tier_rank(conditions.tier_for(a))


@settings(deadline=None)
@given(answers)
def test_given_any_answers_when_mapping_then_accounts_never_change_the_tier(a):
    flipped = Answers(a.powers_on, a.screen, a.body, a.functional, not a.accounts_removed)
    assert conditions.tier_for(a) == conditions.tier_for(flipped)


@pytest.mark.parametrize(
    ("powers_on", "screen", "body", "functional", "tier"),
    [
        (True, "flawless", "flawless", True, "flawless"),
        (True, "scratches", "flawless", True, "good"),
        (True, "flawless", "scratches", True, "good"),
        (True, "scratches", "dents", True, "used"),
        (True, "cracked", "flawless", True, "broken"),
        (False, "flawless", "flawless", True, "broken"),
        (True, "flawless", "flawless", False, "broken"),
        (True, None, "flawless", True, "flawless"),
    ],
)
def test_given_the_published_mapping_when_answering_then_the_documented_tier_comes_out(
    powers_on, screen, body, functional, tier
):
    assert conditions.tier_for(Answers(powers_on, screen, body, functional, True)) == tier


offer_specs = st.lists(
    st.tuples(
        st.sampled_from(["FR", "DE"]),
        st.sampled_from([t.value for t in TIER_ORDER]),
        st.sampled_from([0, 128, 256]),
        st.integers(100, 90_000),
        st.integers(1, 3),
        st.integers(0, 3),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    specs=offer_specs,
    tier=st.sampled_from([t.value for t in TIER_ORDER]),
    storage=st.sampled_from([128, 256]),
)
def test_given_offers_in_the_database_when_selecting_then_the_best_matching_offer_with_capacity_wins(
    specs, tier, storage
):
    from django.db import transaction

    with transaction.atomic():
        product = phone(f"Prop {len(specs)}")
        sellers = [SellerFactory() for _ in range(len(specs))]
        expected = []
        for seller, (mkt, t, st_gb, price, capacity, used) in zip(sellers, specs, strict=True):
            o = BuybackOfferFactory(
                seller=seller,
                product=product,
                market_id=mkt,
                tier=t,
                storage_gb=st_gb,
                price_amount=price,
                currency="EUR",
                weekly_capacity=capacity,
            )
            for _ in range(min(used, capacity + 1)):
                _accept_one(o)
            if mkt == "FR" and t == tier and st_gb in (0, storage) and min(used, capacity + 1) < capacity:
                expected.append(price)
        best = selectors.best_offer(
            product_id=product.pk, storage_gb=storage, tier=tier, market=market("FR"), at=clock.now()
        )
        assert (best.price_amount if best else None) == (max(expected) if expected else None)
        transaction.set_rollback(True)


_n = itertools.count()


def _accept_one(offer):
    """A trade-in accepted this week against `offer` (capacity used), written directly: only its count matters."""
    from comeback.tradein.models import Quote, TradeIn
    from comeback.tradein.services.quotes import reserve_place

    now = clock.now()
    reserve_place(offer, week=selectors.week_start(now, offer.market.timezone))  # as the quote service does
    q = Quote.objects.create(
        ref=f"QTE-P{next(_n)}",
        product=offer.product,
        storage_gb=offer.storage_gb or 128,
        market_id=offer.market_id,
        answers={},
        tier=offer.tier,
        buyback_offer=offer,
        seller=offer.seller,
        price_amount=offer.price_amount,
        currency="EUR",
        created_at=now,
        expires_at=now + timedelta(days=30),
    )
    TradeIn.objects.create(
        ref=f"TRD-P{next(_n)}",
        quote=q,
        seller=offer.seller,
        buyback_offer=offer,
        product=offer.product,
        market_id=offer.market_id,
        tier=offer.tier,
        currency="EUR",
        quoted_amount=offer.price_amount,
        first_name="A",
        last_name="B",
        date_of_birth="1990-01-01",
        imei="490154203237518",
        payout_method="iban",
        account_holder="A B",
        iban="DE89370400440532013000",
        accepted_at=now,
        ship_by=now,
    )
