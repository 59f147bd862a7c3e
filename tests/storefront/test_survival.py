"""Stored listing pages that survive a newer search snapshot (storefront/survival.py): over many random patches, a
page the rule keeps is byte for byte the page a render from the new snapshot gives, and a page a patch concerns is
rendered again."""

from __future__ import annotations

import random
import time

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import translation

from comeback.catalog.services import reindex_products
from comeback.offers import services as offer_services
from comeback.offers.models import Offer
from comeback.storefront import handlers, pagecache, snapshot_share
from comeback.web.middleware import choose_market

from ..factories import BrandFactory, OfferFactory, ProductModelFactory, SellerFactory, VariantFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PAGES = [
    "/search/?q=iphone&market=FR",
    "/search/?q=galaxy&market=FR&sort=price_asc",
    "/search/?q=galaxy+s2&market=FR&grade=good",
    "/search/?q=pixel&market=FR&sort=rating",
    "/search/?q=phone&market=FR&min_price=30000&max_price=45000",
    "/search/?q=galaxy&market=FR&attr_storage_gb=256&category=smartphones",
    "/search/?q=torrentshell&market=FR",
    "/search/?q=zzzz&market=FR",  # nothing found: the popular models, never kept through a patch
    "/search/?market=FR&brand=google",
    "/search/?q=galaxy&market=FR&page=2",
    "/c/smartphones/?market=FR",
    "/c/smartphones/?market=FR&brand=apple&sort=newest",
    "/c/smartphones/?market=FR&page=2&sort=price_desc",
    "/c/jackets/?market=FR",
    "/api/v1/products?market=FR&q=galaxy&page_size=5&page=2",
    "/api/v1/products?market=FR&category=jackets",
    "/api/v1/products?market=FR&brand=samsung&sort=price_asc",
    "/api/v1/products?market=FR",  # the whole market
]


@pytest.fixture
def market(db, settings, monkeypatch):
    """The small shop and 30 more phones and jackets in France, searched from a snapshot, the page cache on."""
    settings.COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = 1
    settings.PAGE_CACHE_SECONDS = 900
    monkeypatch.setattr(pagecache, "_deadlines", None)
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    snapshot_share.clear()
    shop = build_shop()
    samsung = BrandFactory(name="Samsung", slug="samsung")
    rng = random.Random(7)
    sellers = [SellerFactory(rating_sum=rng.randint(300, 500), rating_count=100) for _ in range(3)]
    products = []
    for n in range(30):
        jacket = n % 6 == 5
        product = ProductModelFactory(
            category=shop.jacket.category if jacket else shop.iphone.category,
            brand=shop.jacket.brand if jacket else samsung,
            name=f"Torrentshell {n}" if jacket else f"Galaxy S{n}",
        )
        products.append(product.pk)
        for storage in (128, 256):
            variant = VariantFactory(
                product=product, attributes={"storage_gb": storage}, label=f"{storage} GB"
            )
            for grade in ("fair", "good"):
                OfferFactory(
                    seller=rng.choice(sellers),
                    variant=variant,
                    grade=grade,
                    price_amount=rng.randrange(20000, 60000, 100),
                    quantity=0 if rng.random() < 0.2 else 3,  # a fifth not on sale: a patch may list it
                    battery_health_min=None if jacket else 85,
                )
    reindex_products(products)
    snapshot_share.publish("FR")
    yield shop
    snapshot_share.clear()


def _stored(url: str) -> dict | None:
    request = RequestFactory().get(url)
    key = pagecache.AnonymousPageCacheMiddleware._key(
        request, choose_market(request).code, translation.get_language_from_request(request)
    )
    return caches["pages"].get(key), key


def _write(offer: Offer, rng: random.Random) -> None:
    if rng.random() < 0.6:
        changes = {"price": rng.randrange(20000, 60000, 100)}
    else:
        changes = {"quantity": 0 if offer.quantity else 2}
    offer_services.update_listing(seller=offer.seller, offer_id=offer.pk, changes=changes)
    handlers.pages_changed([{"offer_id": offer.pk}])  # the listing generation, as after the commit


def test_given_random_patches_then_every_page_kept_through_one_is_the_page_a_render_from_the_new_snapshot_gives(
    market,
):
    rng = random.Random(2026)
    offers = list(Offer.objects.filter(market_id="FR").select_related("seller"))
    start = float(int(time.time()) + 10)
    outcomes = {"survived": 0, "miss": 0, "miss, changed": 0}
    for step in range(24):
        at = start + 2 * step
        with time_machine.travel(at, tick=False):
            for url in PAGES:  # every page stored under the current snapshot
                Client().get(url)
            before = {url: _stored(url)[0]["body"] for url in PAGES}
            for offer in rng.sample(offers, rng.choice((1, 1, 2, 3))):
                offer.refresh_from_db()
                _write(offer, rng)
        with time_machine.travel(at + 0.5, tick=False):
            if step % 6 == 5:
                snapshot_share.publish("FR")  # a full build, shared as a patch (its difference)
            else:
                assert snapshot_share.refresh_behind() == ["FR"]
        with time_machine.travel(at + 1, tick=False):
            for url in PAGES:
                page = Client().get(url)
                assert page.status_code == 200, url
                if page["X-Page-Cache"] == "survived":
                    kept, key = _stored(url)
                    caches["pages"].delete(key)
                    assert Client().get(url)["X-Page-Cache"] == "miss"
                    fresh = _stored(url)[0]
                    assert (kept["body"], kept["headers"]) == (fresh["body"], fresh["headers"]), (step, url)
                    assert "?q=zzzz" not in url and url != "/api/v1/products?market=FR"
                    outcomes["survived"] += 1
                else:
                    assert page["X-Page-Cache"] == "miss", (step, url)
                    changed = _stored(url)[0]["body"] != before[url]
                    outcomes["miss, changed" if changed else "miss"] += 1
    # The rule is not empty (in this small market a patch concerns about half the pages; 164 of 432 survive), and
    # pages a patch changed were rendered again.
    assert outcomes["survived"] >= 100 and outcomes["miss, changed"] >= 100, outcomes


def test_given_a_page_that_shows_a_repriced_product_then_it_is_rendered_again_with_the_new_price(market):
    search, other = "/search/?q=iphone&market=FR", "/c/jackets/?market=FR"
    start = float(int(time.time()) + 10)
    with time_machine.travel(start, tick=False):
        for url in (search, other):
            Client().get(url)
        # When the iPhone's cheapest offer (a fair one at 339 €) drops to 300 € and the scheduler publishes a patch
        cheapest = market.iphone_128.offers.get(grade="fair", market_id="FR")
        offer_services.update_listing(seller=cheapest.seller, offer_id=cheapest.pk, changes={"price": 30000})
        handlers.pages_changed([{"offer_id": cheapest.pk}])
    with time_machine.travel(start + 0.5, tick=False):
        assert snapshot_share.refresh_behind() == ["FR"]
    with time_machine.travel(start + 1, tick=False):
        page, jackets = Client().get(search), Client().get(other)

    # Then the search that shows the iPhone is rendered again with the new price; the jackets outlive the patch
    assert page["X-Page-Cache"] == "miss" and "€300.00" in page.content.decode()
    assert jackets["X-Page-Cache"] == "survived"
    with time_machine.travel(start + 1.5, tick=False):
        assert Client().get(other)["X-Page-Cache"] == "hit"  # stored again under the new snapshot


def test_given_a_catalogue_edit_then_no_page_outlives_the_next_patch(market):
    url = "/c/jackets/?market=FR"
    start = float(int(time.time()) + 10)
    with time_machine.travel(start, tick=False):
        Client().get(url)
        market.pixel.name = "Pixel 8a"  # a model renamed: the catalogue version moves
        market.pixel.save()
        _write(market.iphone_128.offers.get(grade="fair", market_id="FR"), random.Random(1))
    with time_machine.travel(start + 0.5, tick=False):
        assert snapshot_share.refresh_behind() == ["FR"]
    with time_machine.travel(start + 1, tick=False):
        assert Client().get(url)["X-Page-Cache"] == "miss"


def test_given_a_stamp_the_chain_does_not_lead_to_then_the_page_is_rendered_again(market):
    url = "/c/jackets/?market=FR"
    Client().get(url)
    # Another node published a snapshot this chain knows nothing of (a full load of the market).
    pagecache.set_generation(pagecache.search_gen_key("FR"), pagecache.token_at(time.time()))

    assert Client().get(url)["X-Page-Cache"] == "miss"
