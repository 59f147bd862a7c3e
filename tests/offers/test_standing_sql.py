"""The rivals a seller's offers are ranked against, read by hand (offers/standing_sql.py), are the ORM's row for
row and value for value, and the standings built on them (a reprice's answer) are the ones the ORM's read gave."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from comeback.offers import selectors, standing_sql
from comeback.offers.models import Grade, Offer, OfferStatus
from comeback.offers.selectors import Standing, visible_offers
from comeback.offers.standing_sql import CANDIDATE_FIELDS
from comeback.sellers.models import Seller, SellerStatus
from tests.factories import OfferFactory, SellerFactory, VariantFactory

pytestmark = pytest.mark.django_db

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _orm_rivals(offers: list[Offer], at: datetime) -> list[Offer]:
    """The read standing_sql replaces, as the ORM wrote it."""
    keys = {(o.variant_id, o.market_id, o.grade) for o in offers}
    return list(
        visible_offers(at=at)
        .filter(
            variant_id__in={k[0] for k in keys},
            market_id__in={k[1] for k in keys},
            grade__in={k[2] for k in keys},
        )
        .select_related("seller")
        .only(*CANDIDATE_FIELDS)
    )


def _orm_standings(offers: list[Offer], at: datetime) -> dict[int, Standing]:
    """The standings as selectors.standings built them on the ORM's read."""
    return selectors.standings_among(offers, _orm_rivals(offers, at))


def _read(offer, field: str):
    value = offer
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _shown(offers: list[Offer]) -> list[tuple]:
    """Every loaded value with its type, the fields left deferred, and the seller's, by offer id."""
    return sorted(
        (
            o.pk,
            o.seller_id,
            [(f, type(v), v) for f in CANDIDATE_FIELDS for v in [_read(o, f)]],
            sorted(o.get_deferred_fields()),
            sorted(o.seller.get_deferred_fields()),
        )
        for o in offers
    )


def _without_deadline(started_at: datetime) -> Seller:
    """A seller in probation saved without its deadline, as bulk loads leave it (save() would set it)."""
    seller = SellerFactory(status=SellerStatus.PROBATION, probation_started_at=started_at)
    Seller.objects.filter(pk=seller.pk).update(probation_ends_at=None)
    return seller


@pytest.fixture
def market():
    """One slot (a phone, Good, France) contested by sellers in every trust state, and its neighbours: the same
    phone in another grade and another market, an offer out of stock, a paused one, another phone."""
    phone, other_phone = VariantFactory(), VariantFactory()
    full = SellerFactory(quality_score=Decimal("0.8731"), quality_summary={"in_breach": False})
    twin = SellerFactory(quality_score=Decimal("0.8731"), quality_summary={})
    rated = SellerFactory(quality_score=None, rating_sum=480, rating_count=100)
    breach = SellerFactory(quality_score=Decimal("0.95"), quality_summary={"in_breach": True})
    sellers = [
        SellerFactory(
            status=SellerStatus.PROBATION,
            probation_started_at=AT - timedelta(days=37),
            probation_ends_at=AT + timedelta(days=3),
        ),
        SellerFactory(
            status=SellerStatus.PROBATION,
            probation_started_at=AT - timedelta(days=41),
            probation_ends_at=AT - timedelta(days=1),
        ),
        _without_deadline(AT - timedelta(days=10)),
        _without_deadline(AT - timedelta(days=41)),
        SellerFactory(removal_due_at=AT + timedelta(days=2)),
        SellerFactory(removal_due_at=AT - timedelta(hours=1)),
        SellerFactory(status=SellerStatus.SUSPENDED),
    ]
    good = dict(variant=phone, grade=Grade.GOOD, market_id="FR")
    offers = {
        "best": OfferFactory(seller=full, price_amount=30000, **good),
        "tied": OfferFactory(seller=twin, price_amount=30000, **good),  # the older offer wins the tie
        "not best": OfferFactory(seller=rated, price_amount=41000, **good),
        "in breach": OfferFactory(seller=breach, price_amount=20000, **good),
        "out of stock": OfferFactory(seller=SellerFactory(), price_amount=10000, quantity=0, **good),
        "paused": OfferFactory(seller=SellerFactory(), price_amount=10000, status=OfferStatus.PAUSED, **good),
        "excellent": OfferFactory(seller=full, variant=phone, grade=Grade.EXCELLENT, price_amount=52000),
        "germany": OfferFactory(seller=twin, variant=phone, market_id="DE", price_amount=29000),
        "other phone": OfferFactory(seller=rated, variant=other_phone, price_amount=15000),
    }
    prices = iter(range(45000, 90000, 1300))
    for i, seller in enumerate(sellers):
        offers[f"trust {i}"] = OfferFactory(seller=seller, price_amount=next(prices), **good)
        offers[f"trust {i}, excellent"] = OfferFactory(
            seller=seller, variant=phone, grade=Grade.EXCELLENT, price_amount=next(prices)
        )
    return offers


def _mine(offers: list[Offer]) -> list[Offer]:
    """The offers as a seller's pages hold them: with their seller."""
    return list(Offer.objects.filter(pk__in=[o.pk for o in offers]).select_related("seller").order_by("id"))


@pytest.mark.parametrize("at", [AT, AT + timedelta(days=3, seconds=1), AT + timedelta(days=40)])
def test_given_one_offer_when_its_rivals_are_read_by_hand_then_they_are_the_orms(market, at):
    for asked in ("best", "tied", "not best", "in breach", "out of stock", "excellent", "germany"):
        mine = _mine([market[asked]])
        # when
        by_hand = standing_sql.rivals(keys={(o.variant_id, o.market_id, o.grade) for o in mine}, at=at)
        # then: the same offers, values, types and deferred fields
        assert _shown(by_hand) == _shown(_orm_rivals(mine, at)), asked
        assert by_hand, asked


def test_given_a_sellers_page_of_offers_when_their_rivals_are_read_by_hand_then_they_are_the_orms(market):
    mine = _mine(list(market.values()))
    by_hand = standing_sql.rivals(keys={(o.variant_id, o.market_id, o.grade) for o in mine}, at=AT)
    assert _shown(by_hand) == _shown(_orm_rivals(mine, AT))


@pytest.mark.parametrize("at", [AT, AT + timedelta(days=3, seconds=1), AT + timedelta(days=40)])
def test_given_offers_in_every_state_when_their_standings_are_read_then_they_are_those_of_the_orms_read(
    market, clock_at, at
):
    mine = _mine(list(market.values()))
    with clock_at(at):
        one_by_one = {o.pk: selectors.standings([o])[o.pk] for o in mine}  # as a reprice asks
        together = selectors.standings(mine)  # as the seller's listings page asks
    expected = _orm_standings(mine, at)
    assert one_by_one == expected
    assert together == expected


def test_given_the_slot_when_the_standings_are_read_then_the_best_wins_and_the_rest_see_their_price_to_win(
    market, clock_at
):
    mine = _mine(list(market.values()))
    with clock_at(AT):
        found = selectors.standings(mine)
    of = {name: found[o.pk] for name, o in market.items()}
    assert of["best"].is_winning and of["best"].price_to_win == 30000
    assert not of["tied"].is_winning and of["tied"].price_to_win == 29999  # a tie goes to the older offer
    assert not of["not best"].is_winning and of["not best"].price_to_win < 41000
    assert (
        of["in breach"].is_visible and not of["in breach"].is_winning and of["in breach"].price_to_win is None
    )
    assert not of["out of stock"].is_visible and not of["paused"].is_visible
    assert of["germany"].is_winning and of["other phone"].is_winning  # alone in their slots
    assert (
        of["trust 0"].is_visible and not of["trust 1"].is_visible
    )  # probation before and after its deadline


def test_given_a_seller_repricing_when_its_standing_is_read_then_it_costs_one_query(
    market, django_assert_num_queries
):
    mine = _mine([market["not best"]])
    with django_assert_num_queries(1):
        selectors.standings(mine)
