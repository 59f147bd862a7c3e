"""A newer search snapshot makes a stored listing stale only when what the listing shows changed: the view builds
its context from the new snapshot and the page cache compares its digest with the stored page's
(storefront/page_digest.py)."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from django.core.cache import caches
from django.test import Client

from comeback.core.money import Money
from comeback.offers import services as offer_services
from comeback.offers.models import Offer
from comeback.storefront import page_digest, pagecache, search_form, snapshot_share
from comeback.storefront.browse import ProductCard
from comeback.storefront.browse.results import CardPage

from ..factories import OfferFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

# One product a page, so the Pixel (one offer) is on page 2 behind the iPhone (four offers, "from €339.00").
SEARCH = "/c/smartphones/?market=FR"
API = "/api/v1/products?market=FR&category=smartphones&page_size=1"
PARTIAL = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _listings_cached_from_snapshots(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 30
    settings.COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = 1  # every market is "large": search reads its snapshot
    monkeypatch.setattr(pagecache, "_deadlines", None)
    monkeypatch.setattr(search_form, "PER_PAGE", 1)
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    snapshot_share.clear()
    yield
    snapshot_share.clear()
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()


@pytest.fixture
def shop(db):
    shop = build_shop()
    snapshot_share.publish("FR")
    return shop


def _ask_all() -> list:
    return [Client().get(SEARCH), Client().get(SEARCH, **PARTIAL), Client().get(API)]


def _outcomes(pages) -> list[str]:
    return [page["X-Page-Cache"] for page in pages]


def _reprice(offer, price: int, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        offer_services.update_listing(seller=offer.seller, offer_id=offer.pk, changes={"price": price})


def test_given_stored_listings_when_a_product_not_on_page_1_changes_price_then_page_1_is_a_hit_after_the_next_snapshot(
    shop, django_capture_on_commit_callbacks, django_assert_num_queries
):
    stored = _ask_all()
    assert _outcomes(stored) == ["miss", "miss", "miss"]

    _reprice(_pixel_offer(), 50900, django_capture_on_commit_callbacks)
    snapshot_share.publish("FR")  # the scheduler's next snapshot
    pages = _ask_all()

    assert _outcomes(pages) == ["revalidated", "revalidated", "revalidated"]
    assert [_unsigned(p) for p in pages] == [_unsigned(p) for p in stored]
    with django_assert_num_queries(0):  # stored again under the new snapshot: no search for the next visitor
        assert _outcomes(_ask_all()) == ["hit", "hit", "hit"]


def _unsigned(page) -> bytes:
    return re.sub(rb"[A-Za-z0-9]{64}", b"", page.content)  # each visitor's own CSRF token


def _pixel_offer() -> Offer:
    return Offer.objects.get(variant__product__slug="google-pixel-8", market_id="FR")


def test_given_stored_listings_when_a_shown_offer_changes_price_but_not_the_from_price_then_they_are_hits(
    shop, django_capture_on_commit_callbacks
):
    _ask_all()

    _reprice(shop.runner_up, 44900, django_capture_on_commit_callbacks)  # the iPhone is still "from €339.00"
    snapshot_share.publish("FR")

    assert _outcomes(_ask_all()) == ["revalidated", "revalidated", "revalidated"]


def test_given_stored_listings_when_a_shown_product_gets_cheaper_then_they_are_rendered_with_the_new_price(
    shop, django_capture_on_commit_callbacks
):
    _ask_all()
    cheapest = Offer.objects.get(variant=shop.best.variant, grade="fair", market_id="FR")

    _reprice(cheapest, 30900, django_capture_on_commit_callbacks)
    snapshot_share.publish("FR")
    page, partial, api = _ask_all()

    assert _outcomes([page, partial, api]) == ["miss", "miss", "miss"]
    assert "€309.00" in page.content.decode() and "€309.00" in partial.content.decode()
    assert json.loads(api.content)["items"][0]["from_price"] == 30900
    assert _outcomes(_ask_all()) == ["hit", "hit", "hit"]


def test_given_stored_listings_when_a_facet_count_changes_off_the_page_then_they_are_rendered_again(shop):
    _ask_all()
    # A dearer Pixel in "good": page 1 still shows the iPhone alone, but two phones are now offered in "good".
    OfferFactory(seller=shop.best.seller, variant=_pixel_offer().variant, grade="good", price_amount=59900)
    snapshot_share.publish("FR")
    page, partial, api = _ask_all()

    assert _outcomes([page, partial, api]) == ["miss", "miss", "miss"]
    assert {"grade": "good", "count": 2} in json.loads(api.content)["facets"]["grade"]


def test_given_a_newer_snapshot_that_changes_nothing_when_the_catalogue_generation_moved_then_they_are_rendered(
    shop,
):
    _ask_all()

    pagecache.bump(pagecache.CATALOGUE_GEN)  # a seller decision
    snapshot_share.publish("FR")

    assert _outcomes(_ask_all()) == ["miss", "miss", "miss"]


def test_given_a_logged_in_visitor_when_a_newer_snapshot_changes_nothing_then_it_still_gets_a_fresh_page(
    shop, client
):
    from ..factories import UserFactory

    _ask_all()
    snapshot_share.publish("FR")
    client.force_login(UserFactory())

    assert "X-Page-Cache" not in client.get(SEARCH)


def _card(**changes) -> ProductCard:
    card = ProductCard(
        product_id=1,
        slug="apple-iphone-13",
        name="iPhone 13",
        brand_name="Apple",
        category_slug="smartphones",
        category_name="Smartphones",
        illustration="phone",
        from_price=Money(33900, "EUR"),
        offer_count=4,
        grades=["excellent", "good"],
        release_year=2021,
        brand_slug="apple",
        rank=0.5,
        edition_size=None,
        image=(7, 320),
        page=CardPage("fr_FR"),
    )
    return dataclasses.replace(card, **changes)


def test_given_a_card_then_a_change_of_any_of_its_fields_changes_the_digest():
    other = {
        "product_id": 2,
        "slug": "apple-iphone-14",
        "name": "iPhone 14",
        "brand_name": "Apple Inc.",
        "category_slug": "phones",
        "category_name": "Phones",
        "illustration": "tablet",
        "from_price": Money(33800, "EUR"),
        "offer_count": 5,
        "grades": ["excellent"],
        "release_year": 2022,
        "brand_slug": "apple-inc",
        "rank": 0.25,
        "edition_size": 12,
        "image": (7, 640),
        "page": CardPage("en_GB"),
    }
    assert set(other) == {f.name for f in dataclasses.fields(ProductCard)}  # a new field is listed here too
    same = page_digest.digest({"cards": [_card()]})

    assert page_digest.digest({"cards": [_card()]}) == same
    for name, value in other.items():
        assert page_digest.digest({"cards": [_card(**{name: value})]}) != same, name


def test_given_a_value_of_a_type_it_does_not_know_then_there_is_no_digest():
    with pytest.raises(page_digest.NoDigest):
        page_digest.digest({"cards": [object()]})


def test_given_a_fashion_section_page_when_a_newer_snapshot_changes_nothing_then_it_is_a_hit(shop, caplog):
    from ..factories import CategoryFactory, ProductModelFactory, VariantFactory

    fashion = CategoryFactory(slug="fashion", name="Fashion", condition_scheme="apparel", battery_floor=None)
    coats = CategoryFactory(
        slug="coats", name="Coats", parent=fashion, condition_scheme="apparel", battery_floor=None
    )
    coat = VariantFactory(product=ProductModelFactory(category=coats, name="Parka", slug="parka"), label="M")
    OfferFactory(seller=shop.best.seller, variant=coat, grade="very_good", price_amount=9900)
    snapshot_share.publish("FR")
    url = "/c/coats/?market=FR"

    assert Client().get(url)["X-Page-Cache"] == "miss"
    snapshot_share.publish("FR")

    assert Client().get(url)["X-Page-Cache"] == "revalidated"
    assert not [r for r in caplog.records if r.name == "comeback.storefront.page_digest"]
