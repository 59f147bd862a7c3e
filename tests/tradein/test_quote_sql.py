"""A quote's reads by hand (tradein/quote_sql.py) are the ORM's row for row and value for value; a quote costs a
fixed number of statements; racing quotes never take more places than an offer's weekly capacity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.core import clock, markets
from comeback.sellers.models import Seller, SellerStatus
from comeback.tradein import quote_sql, selectors
from comeback.tradein.models import BuybackCapacity, BuybackOffer, BuybackStatus, Quote
from comeback.tradein.services import quotes
from tests.concurrency import race
from tests.factories import SellerFactory

from .factories import ANSWERS, BuybackOfferFactory, console, phone

TIERS = ("flawless", "good", "used", "broken")


def _shown(offers) -> list[tuple]:
    """Every column of each offer with its type, what ranking and the answer read of its seller, and the
    places its week holds."""
    return sorted(
        (
            o.pk,
            [
                (f.attname, type(v), v)
                for f in BuybackOffer._meta.concrete_fields
                for v in [getattr(o, f.attname)]
            ],
            [
                (n, v)
                for n in ("display_name", "markets", "quality_score", "rating_sum", "rating_count")
                for v in [getattr(o.seller, n)]
            ],
            o.used_this_week,
        )
        for o in offers
    )


def _product_shown(p) -> list:
    return [
        (obj.__class__.__name__, f.attname, getattr(obj, f.attname))
        for obj in (p, p.brand, p.category)
        for f in obj._meta.concrete_fields
    ]


@pytest.fixture
def slot(db):
    """A phone bought back in France by sellers in every trust state, in every tier and storage, with places
    held this week and last week, and neighbours: another market, a paused offer, another phone."""
    now = clock.now()
    product, other = phone("Parity"), phone("Other")
    full = SellerFactory()
    probation = SellerFactory(status=SellerStatus.PROBATION)
    no_deadline = SellerFactory(status=SellerStatus.PROBATION, probation_started_at=now - timedelta(days=3))
    Seller.objects.filter(pk=no_deadline.pk).update(probation_ends_at=None)
    stale = SellerFactory(status=SellerStatus.PROBATION, probation_started_at=now - timedelta(days=60))
    Seller.objects.filter(pk=stale.pk).update(probation_ends_at=None)
    noticed = SellerFactory()
    Seller.objects.filter(pk=noticed.pk).update(removal_due_at=now + timedelta(days=2))
    removed_due = SellerFactory()
    Seller.objects.filter(pk=removed_due.pk).update(removal_due_at=now - timedelta(hours=1))
    suspended = SellerFactory(status=SellerStatus.SUSPENDED)
    not_in_fr = SellerFactory(markets=["DE"])
    sellers = [full, probation, no_deadline, stale, noticed, removed_due, suspended, not_in_fr]
    for n, seller in enumerate(Seller.objects.filter(pk__in=[s.pk for s in sellers])):
        for i, (tier, storage) in enumerate((t, s) for t in TIERS for s in (0, 128, 256)):
            BuybackOfferFactory(
                seller=seller, product=product, tier=tier, storage_gb=storage, price_amount=10000 + 97 * n + i
            )
    BuybackOfferFactory(seller=full, product=product, market_id="DE", currency="EUR", price_amount=50000)
    BuybackOfferFactory(seller=full, product=other, price_amount=50000)
    paused = BuybackOfferFactory(seller=SellerFactory(), product=product, tier="good", storage_gb=128)
    BuybackOffer.objects.filter(pk=paused.pk).update(status=BuybackStatus.PAUSED)
    week = selectors.week_start(now, "Europe/Paris")
    for i, o in enumerate(BuybackOffer.objects.filter(product=product, market_id="FR")[:12]):
        BuybackCapacity.objects.create(buyback_offer=o, week_start=week, reserved=i)
        BuybackCapacity.objects.create(buyback_offer=o, week_start=week - timedelta(weeks=1), reserved=99)
    return product


@pytest.mark.parametrize("storage", [128, 256])
def test_given_a_slot_in_every_state_when_a_quote_reads_it_by_hand_then_it_finds_what_the_orm_finds(
    slot, storage
):
    # given a phone's offers in every seller state, tier and storage, some with places held
    now, market = clock.now(), markets.get("FR")
    # when the quote's reads run by hand
    found = quote_sql.quote_inputs(
        product_id=slot.pk,
        storage_gb=storage,
        market=market,
        week=selectors.week_start(now, market.timezone),
        at=now,
    )
    # then the model, its storage sizes and each tier's offers and ranking are the ORM's
    assert _product_shown(found.product) == _product_shown(selectors.tradeable_product(slot.pk))
    assert selectors.storage_sizes(found.variant_attributes) == selectors.storage_options(slot) == [128, 256]
    for tier in TIERS:
        orm = list(
            selectors.eligible_offers(
                product_id=slot.pk, storage_gb=storage, tier=tier, market=market, at=now
            )
        )
        assert orm and _shown(o for o in found.offers if o.tier == tier) == _shown(orm)
        assert [o.pk for o in selectors.ranked(found.offers, tier=tier)] == [
            o.pk
            for o in selectors.ranked_offers(
                product_id=slot.pk, storage_gb=storage, tier=tier, market=market, at=now
            )
        ]
    held = {o.pk: (o.capacity_id, o.used_this_week) for o in found.offers if o.capacity_id is not None}
    week = selectors.week_start(now, market.timezone)
    assert held == {
        c.buyback_offer_id: (c.pk, c.reserved)
        for c in BuybackCapacity.objects.filter(
            week_start=week, buyback_offer__in=[o.pk for o in found.offers]
        )
    }


def test_given_an_accessory_or_an_unknown_id_when_read_by_hand_then_no_model_is_found(db):
    # given an accessory model (not traded in) and an id nobody has
    from tests.factories import CategoryFactory, ProductModelFactory

    cable = ProductModelFactory(category=CategoryFactory(slug="cables", kind="accessory"))
    # when / then neither is found, as the ORM's read finds neither
    for pk in (cable.pk, 987654):
        found = quote_sql.quote_inputs(product_id=pk, storage_gb=0, market=None, week=None, at=clock.now())
        assert found.product is None and selectors.tradeable_product(pk) is None


def test_given_a_model_without_storage_when_read_by_hand_then_it_has_no_storage_sizes(db):
    product = console()
    found = quote_sql.quote_inputs(
        product_id=product.pk, storage_gb=0, market=None, week=None, at=clock.now()
    )
    assert selectors.storage_sizes(found.variant_attributes) == selectors.storage_options(product) == []


def test_given_this_weeks_places_already_counted_when_a_customer_asks_a_quote_then_it_costs_a_fixed_few_statements(
    api, offer
):
    # given an offer whose week already holds a place (its capacity row exists)
    quotes.request_quote(product_id=offer.product_id, storage_gb=128, market="FR", answers=dict(ANSWERS))
    body = {"product_id": offer.product_id, "storage_gb": 128, "market": "FR", "answers": dict(ANSWERS)}
    # when a customer asks another quote
    with CaptureQueriesContext(connection) as captured:
        quote = api.post("/api/v1/tradein/quotes", body).expect(201)
    # then the rate limiter counts the client (savepoint, insert, release), the model, its variants and the
    # offers are read (one statement on PostgreSQL, which takes them together), one place taken and the
    # quote written (savepoint, update, insert, release): no statement for the seller, status or capacity row
    assert (quote["price"], quote["refurbisher"], quote["status"]) == (
        30000,
        offer.seller.display_name,
        "open",
    )
    assert len(captured) == (8 if connection.vendor == "postgresql" else 10), [
        q["sql"][:80] for q in captured
    ]
    assert BuybackCapacity.objects.get(buyback_offer=offer).reserved == 2


def test_given_an_offers_first_quote_of_the_week_when_quoted_then_its_capacity_row_is_made_and_one_place_taken(
    api, offer
):
    # given an offer no quote has used this week; when a customer asks a quote
    body = {"product_id": offer.product_id, "storage_gb": 128, "market": "FR", "answers": dict(ANSWERS)}
    api.post("/api/v1/tradein/quotes", body).expect(201)
    # then its week holds one place
    assert BuybackCapacity.objects.get(buyback_offer=offer).reserved == 1


@pytest.mark.django_db(transaction=True)
def test_given_one_place_left_when_four_customers_quote_at_once_then_one_takes_it_and_the_others_get_the_next_offer():
    # given the best offer with one place left this week, and a cheaper one with plenty
    product = phone("Race")
    best = BuybackOfferFactory(product=product, storage_gb=128, price_amount=40000, weekly_capacity=1)
    BuybackOfferFactory(product=product, storage_gb=128, price_amount=20000, weekly_capacity=100)

    def ask() -> int:
        q = quotes.request_quote(product_id=product.pk, storage_gb=128, market="FR", answers=dict(ANSWERS))
        return q.price_amount

    # when four customers ask a quote at the same moment
    prices = race([ask] * 4)
    # then exactly one quote took the best offer's only place, the others the next best
    assert sorted(prices, key=str) == [20000, 20000, 20000, 40000], prices
    assert Quote.objects.filter(buyback_offer=best).count() == 1
    assert BuybackCapacity.objects.get(buyback_offer=best).reserved == 1
