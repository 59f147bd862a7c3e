"""The product page's slot offers read by hand (offers/slot_sql.py) are the ORM's, row for row and value for value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from comeback.offers import slot_sql
from comeback.offers.models import Grade, OfferStatus
from comeback.offers.selectors import rank_offers, slots_for_product, visible_offers
from comeback.offers.slot_sql import SLOT_FIELDS
from comeback.sellers.models import Seller, SellerStatus
from tests.factories import OfferFactory, ProductModelFactory, SellerFactory, VariantFactory

AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _orm(product_id: int, market: str, at: datetime) -> list:
    """The query slot_sql replaces, as the ORM wrote it."""
    return list(
        visible_offers(market, at=at)
        .filter(variant__product_id=product_id)
        .select_related("seller")
        .only(*SLOT_FIELDS)
        .order_by("id")
    )


def _shown(offers) -> list[tuple]:
    """Every loaded value with its type, the fields left deferred, and the seller's."""
    return [
        (
            [(f, type(v), v) for f in SLOT_FIELDS for v in [_read(o, f)]],
            sorted(o.get_deferred_fields()),
            sorted(o.seller.get_deferred_fields()),
            o.seller.rating_avg,
        )
        for o in offers
    ]


def _read(offer, field: str):
    value = offer
    for part in field.split("__"):
        value = getattr(value, part)
    return value


def _without_deadline(started_at: datetime):
    """A seller in probation saved without its deadline, as bulk loads leave it (save() would set it)."""
    seller = SellerFactory(status=SellerStatus.PROBATION, probation_started_at=started_at)
    Seller.objects.filter(pk=seller.pk).update(probation_ends_at=None)
    return seller


@pytest.fixture
def catalogue(db):
    """One product with two variants, offers from sellers in every trust state, in two markets, some hidden."""
    product = ProductModelFactory()
    black, white = VariantFactory(product=product), VariantFactory(product=product, label="128 GB · White")
    full = SellerFactory(quality_score=Decimal("0.8731"), quality_summary={"in_breach": False})
    breach = SellerFactory(
        quality_score=Decimal("0.41"), quality_summary={"in_breach": True}, rating_sum=0, rating_count=0
    )
    unscored = SellerFactory(quality_score=None, quality_summary={})
    sellers = {
        "full": full,
        "breach": breach,
        "unscored": unscored,
        "probation": SellerFactory(
            status=SellerStatus.PROBATION,
            probation_started_at=AT - timedelta(days=37),
            probation_ends_at=AT + timedelta(days=3),
        ),
        "probation over": SellerFactory(
            status=SellerStatus.PROBATION,
            probation_started_at=AT - timedelta(days=41),
            probation_ends_at=AT - timedelta(days=1),
        ),
        "probation, no deadline": _without_deadline(AT - timedelta(days=10)),
        "probation, no deadline, over": _without_deadline(AT - timedelta(days=41)),
        "removal noticed": SellerFactory(removal_due_at=AT + timedelta(days=2)),
        "removal due": SellerFactory(removal_due_at=AT - timedelta(hours=1)),
        "suspended": SellerFactory(status=SellerStatus.SUSPENDED),
    }
    prices = iter(range(30000, 90000, 700))
    for seller in sellers.values():
        for variant in (black, white):
            for grade in (Grade.GOOD, Grade.EXCELLENT):
                OfferFactory(seller=seller, variant=variant, grade=grade, price_amount=next(prices))
            OfferFactory(seller=seller, variant=variant, market_id="DE", price_amount=next(prices))
    OfferFactory(seller=full, variant=black, grade=Grade.FAIR, quantity=0)
    OfferFactory(seller=full, variant=black, grade=Grade.PREMIUM, status=OfferStatus.PAUSED)
    OfferFactory(seller=full, variant=VariantFactory(), price_amount=100)  # another product
    return product


@pytest.mark.django_db
@pytest.mark.parametrize("market", ["FR", "DE", "JP"])
def test_given_sellers_in_every_trust_state_when_the_slots_are_read_by_hand_then_they_are_the_orms(
    catalogue, market
):
    # when
    by_hand = slot_sql.slot_offers(product_id=catalogue.pk, market=market, at=AT)
    orm = _orm(catalogue.pk, market, AT)
    # then: the same offers, values, types and deferred fields, and the same ranking
    assert _shown(by_hand) == _shown(orm)
    assert len(orm) > 0 or market == "JP"
    ranked_by_hand, ranked_orm = rank_offers(by_hand), rank_offers(orm)
    assert {k: [o.pk for o in s.offers] for k, s in ranked_by_hand.items()} == {
        k: [o.pk for o in s.offers] for k, s in ranked_orm.items()
    }
    assert [s.explanation for s in ranked_by_hand.values()] == [s.explanation for s in ranked_orm.values()]


@pytest.mark.django_db
def test_given_a_probation_deadline_when_time_passes_it_then_its_offers_leave_the_slots_as_with_the_orm(
    catalogue,
):
    for at in (AT, AT + timedelta(days=3, seconds=1), AT + timedelta(days=40)):
        assert [o.pk for o in slot_sql.slot_offers(product_id=catalogue.pk, market="FR", at=at)] == [
            o.pk for o in _orm(catalogue.pk, "FR", at)
        ]


@pytest.mark.django_db
def test_given_a_product_page_when_its_slots_are_read_then_it_costs_one_query(
    catalogue, django_assert_num_queries
):
    with django_assert_num_queries(1):
        slots = slots_for_product(catalogue.pk, "FR")
    assert sum(len(s.offers) for s in slots.values()) == len(_orm(catalogue.pk, "FR", datetime.now(UTC)))
