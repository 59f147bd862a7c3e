"""Large markets are searched in memory (storefront/snapshot.py): it must answer exactly as SQL does."""

from __future__ import annotations

import itertools
import random
import zlib
from datetime import date, timedelta

import pytest
import time_machine

from comeback.catalog import services
from comeback.catalog.models import Brand, Category, ProductModel, Variant
from comeback.offers.models import Offer, OfferStatus
from comeback.sellers.models import SellerStatus
from comeback.storefront import pagecache, selectors, snapshot, snapshot_share

from ..catalog.factories import offer
from ..factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

WORDS = ["Alpha", "Beta", "Gamma", "Delta", "Nova", "Orbit"]
COLOURS = ["Black", "White", "Blue"]


@pytest.fixture
def market_data(db):
    """A random but fixed marketplace: two category branches, brands, ~40 models, ~600 offers."""
    rng = random.Random(7)
    root = Category.objects.create(slug="tech", name="Tech")
    cats = [
        Category.objects.create(
            slug=f"cat-{i}", name=f"Cat {i}", parent=root if i < 2 else None, battery_floor=80
        )
        for i in range(3)
    ]
    brands = [Brand.objects.create(slug=f"brand-{i}", name=f"Brand {i}") for i in range(4)]
    products = ProductModel.objects.bulk_create(
        [
            ProductModel(
                category=rng.choice(cats),
                brand=rng.choice(brands),
                slug=f"model-{i}",
                name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}",
                release_date=None if i % 7 == 0 else date(2018, 1, 1) + timedelta(days=rng.randint(0, 2000)),
            )
            for i in range(40)
        ]
    )
    variants = Variant.objects.bulk_create(
        [
            Variant(
                product=p,
                sku=f"SKU-{p.pk}-{s}-{c}",
                label=f"{s} · {c}",
                attributes={"storage_gb": s, "colour": c, **({"dual_sim": True} if s == 256 else {})},
            )
            for p in products
            for s, c in rng.sample(list(itertools.product([64, 128, 256], COLOURS)), 3)
        ]
    )
    statuses = [SellerStatus.FULL] * 5 + [SellerStatus.PROBATION, SellerStatus.SUSPENDED]
    sellers = [
        SellerFactory(
            user=UserFactory(email=f"s{i}@example.test"),
            status=st,
            rating_sum=rng.randint(0, 5) * 10,
            rating_count=10,
        )
        for i, st in enumerate(statuses)
    ]
    offers, taken = [], set()
    for _ in range(700):
        v, s, m = rng.choice(variants), rng.choice(sellers), rng.choice(["FR", "FR", "DE"])
        g = rng.choice(["premium", "excellent", "good", "fair"])
        if (v.pk, s.pk, m, g) in taken:
            continue
        taken.add((v.pk, s.pk, m, g))
        offers.append(
            Offer(
                variant=v,
                seller=s,
                market_id=m,
                grade=g,
                currency="EUR",
                price_amount=rng.randint(50, 900) * 100,
                quantity=rng.choice([0, 1, 3]),
                battery_health_min=90,
                warranty_months=rng.choice([12, 24]),
                status=rng.choice([OfferStatus.ACTIVE] * 8 + [OfferStatus.PAUSED, OfferStatus.WITHDRAWN]),
            )
        )
    Offer.objects.bulk_create(offers)
    services.rebuild_search_index()
    return {"categories": ["tech", "cat-0", "cat-2"], "brands": ["brand-0", "brand-3"]}


def _snapshot(result):
    return (
        result.total,
        result.pages,
        [(c.product_id, c.from_price, c.offer_count, c.grades) for c in result.items],
        result.facets,
    )


def _both(monkeypatch, **kwargs):
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 10**9)
    in_sql = selectors.search_products(**kwargs)
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    in_memory = selectors.search_products(**kwargs)
    assert snapshot.for_market(kwargs["market"]) is not None
    return _snapshot(in_sql), _snapshot(in_memory)


def test_given_any_search_then_the_snapshot_answers_exactly_as_sql(market_data, monkeypatch):
    rng = random.Random(11)
    cases = [{}, {"q": "alpha"}, {"q": "nov orb"}, {"q": "model"}, {"sort": "rating"}, {"sort": "newest"}]
    for _ in range(40):
        case = {}
        if rng.random() < 0.4:
            case["q"] = rng.choice(["alpha", "beta gamma", "delt", "orbit 1"])
        if rng.random() < 0.4:
            case["category"] = rng.choice(market_data["categories"])
        if rng.random() < 0.3:
            case["brand"] = rng.choice(market_data["brands"])
        if rng.random() < 0.3:
            case["grade"] = rng.choice(["premium", "excellent", "good", "fair"])
        if rng.random() < 0.3:
            case["min_price"] = rng.choice([0, 20000, 40000])
        if rng.random() < 0.3:
            case["max_price"] = rng.choice([45000, 70000, 90000])
        if rng.random() < 0.3:
            case["attrs"] = rng.choice(
                [
                    {"storage_gb": "128"},
                    {"colour": "Blue"},
                    {"dual_sim": "true"},
                    {"storage_gb": "256", "colour": "Black"},
                ]
            )
        case["sort"] = rng.choice(selectors.SORTS)
        case["page"] = rng.choice([1, 1, 2])
        case["per_page"] = rng.choice([5, 24])
        cases.append(case)
    compared = 0
    for case in cases:
        for market in ("FR", "DE"):
            in_sql, in_memory = _both(monkeypatch, market=market, **case)
            assert in_memory == in_sql, (market, case)
            compared += bool(in_sql[0])
    assert compared > 40  # most cases found something, so the comparison means something


def test_given_searches_without_words_asked_again_then_the_remembered_answers_are_sqls(
    market_data, monkeypatch
):
    # Given a category page, the whole market and a brand's page, each asked once in memory (then remembered)
    cases = [
        {"category": "tech"},
        {"category": "cat-2", "sort": "price_desc", "page": 2, "per_page": 5},
        {},
        {"brand": "brand-3", "grade": "good", "sort": "rating"},
        {"min_price": 20000, "sort": "newest"},
    ]
    for case in cases:
        in_sql, in_memory = _both(monkeypatch, market="FR", **case)
        snap = snapshot.for_market("FR")

        # When it is asked again on the same snapshot
        again = _snapshot(selectors.search_products(market="FR", **case))

        # Then it was answered from the snapshot's remembered view, as SQL answers it
        assert snap.memo["views"] and snapshot.for_market("FR") is snap
        assert again == in_memory == in_sql, case


def test_given_a_page_without_attribute_facets_then_the_rest_of_the_answer_is_the_same(
    market_data, monkeypatch
):
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    for case in ({"q": "alpha"}, {}, {"grade": "fair", "sort": "rating"}):
        counted = selectors.search_products(market="FR", **case)
        skipped = selectors.search_products(market="FR", attr_facets=False, **case)

        assert counted.facets["attrs"] and skipped.facets["attrs"] == {}
        assert _snapshot(skipped)[:3] == _snapshot(counted)[:3]
        assert {k: v for k, v in skipped.facets.items() if k != "attrs"} == {
            k: v for k, v in counted.facets.items() if k != "attrs"
        }


def test_given_a_large_market_then_the_home_page_answers_as_sql(market_data, monkeypatch):
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 10**9)
    in_sql = selectors.home_page(market="FR")
    snapshot.clear()
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    in_memory = selectors.home_page(market="FR")

    assert in_memory["stats"] == in_sql["stats"]
    assert [(c.slug, c.product_count) for c in in_memory["categories"]] == [
        (c.slug, c.product_count) for c in in_sql["categories"]
    ]
    assert [c.product_id for c in in_memory["featured"]] == [c.product_id for c in in_sql["featured"]]


def test_given_a_small_market_then_there_is_no_snapshot(market_data):
    assert snapshot.for_market("FR") is None  # far fewer than MIN_OFFERS active offers: SQL, exact


def test_given_a_fresh_snapshot_then_new_offers_show_after_it_is_rebuilt(market_data, monkeypatch, settings):
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    # A searcher rebuilds a snapshot that lags by more than this; here only the scheduler's job may, however
    # slowly the machine runs the steps below.
    settings.COMEBACK_SEARCH_SNAPSHOT_SECONDS = 3600
    before = selectors.search_products(market="FR", q="newcomer")
    product = services.create_product(
        category=Category.objects.get(slug="cat-2"), brand=Brand.objects.first(), name="Newcomer"
    )
    services.reindex_products([product.pk])
    variant = services.create_variant(product=product, attributes={})
    offer(variant, SellerFactory(user=UserFactory(email="new@example.test")), "good", 1000)

    lagging = selectors.search_products(market="FR", q="newcomer")
    pagecache.bump(pagecache.listing_gen_key("FR"))  # what the offer's event does after its commit
    assert snapshot_share.refresh_behind() == ["FR"]  # the scheduler's job (or a lagging searcher)
    rebuilt = selectors.search_products(market="FR", q="newcomer")

    assert (before.total, lagging.total, rebuilt.total) == (0, 0, 1)
    assert rebuilt.items[0].from_price.amount == 1000


def test_given_a_shared_snapshot_written_by_another_release_then_search_builds_a_new_one(
    market_data, monkeypatch
):
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    expected = selectors.search_products(market="FR").total
    # A blob the running code cannot unpickle (a class that moved between releases), under the current stamp.
    stamp = snapshot_share._store().get(pagecache.search_gen_key("FR"))
    snapshot_share._store().set(
        snapshot_share._blob_key("FR"), zlib.compress(b"\x80\x04\x95 not a pickle"), None
    )
    snapshot_share._local.clear()

    again = selectors.search_products(market="FR")

    assert again.total == expected  # rebuilt, not a server error
    assert snapshot_share._store().get(pagecache.search_gen_key("FR")) != stamp


def test_given_a_listing_change_in_the_millisecond_of_a_build_then_the_snapshot_is_behind_at_once():
    # Tokens carry milliseconds: the event's time rounds up and the build's down, so neither hides the other.
    built_at = 1_796_557_922.8442
    snap = snapshot.MarketSnapshot(
        market="FR", database="x", built_at=built_at, entries={}, by_category={}, variant_attrs={},
        offer_count=0, seller_count=0, min_warranty_months=None, as_of=built_at,
    )  # fmt: skip
    with time_machine.travel(built_at + 0.0001, tick=False):
        event = pagecache._new_token()
    stamp = pagecache.token_at(built_at)

    assert pagecache.token_time(stamp) <= built_at < pagecache.token_time(event)
    assert snapshot_share._behind(snap, event, now=built_at + 0.0001, after=0)  # the scheduler's job sees it
    assert not snapshot_share._behind(snap, event, now=built_at + 0.0001, after=1)  # a searcher waits
