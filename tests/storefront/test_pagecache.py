"""The anonymous page cache (storefront/pagecache.py): who gets cached pages, what makes them stale, and the
per-visitor CSRF token on a shared page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from comeback.core import clock
from comeback.offers import services as offer_services
from comeback.sellers.models import PROBATION_DAYS, Seller, SellerStatus
from comeback.storefront import pagecache

from ..concurrency import race
from ..factories import OfferFactory, SellerFactory, UserFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PRODUCT = "/p/apple-iphone-13/?market=FR"


@pytest.fixture(autouse=True)
def _page_cache_on(settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 30
    # The probation deadlines are memoised per process for a minute: a test before this one may have left
    # its own there (a deadline its sellers had), which would bound or refuse every page stored here.
    monkeypatch.setattr(pagecache, "_deadlines", None)
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    yield
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()


@pytest.fixture
def shop(db):
    return build_shop()


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_given_an_anonymous_visitor_when_a_product_page_is_asked_twice_then_the_second_is_served_from_cache(
    shop,
):
    first = Client().get(PRODUCT)
    second = Client().get(PRODUCT)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert "€419.00" in second.content.decode()
    assert second["Content-Type"].startswith("text/html")


def test_given_a_cached_page_when_two_visitors_read_it_then_each_gets_a_token_that_passes_csrf(shop):
    Client().get(PRODUCT)
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a, page_b = alice.get(PRODUCT), bob.get(PRODUCT)
    assert page_a["X-Page-Cache"] == page_b["X-Page-Cache"] == "hit"
    assert "csrf_token_placeholder" not in page_a.content.decode()

    posted = alice.post(
        "/cart/add/", {"csrfmiddlewaretoken": _token(page_a), "offer_id": shop.best.pk, "quantity": 1}
    )
    refused = bob.post(
        "/cart/add/", {"csrfmiddlewaretoken": "x" * 64, "offer_id": shop.best.pk, "quantity": 1}
    )

    assert posted.status_code == 302 and posted["Location"] == "/cart/"  # past CSRF: in the visitor's cart
    assert refused.status_code == 403


def test_given_a_logged_in_buyer_when_pages_are_read_then_they_are_never_cached(client, shop):
    client.force_login(UserFactory())

    assert "X-Page-Cache" not in client.get(PRODUCT)
    assert "X-Page-Cache" not in client.get(PRODUCT)
    assert "X-Page-Cache" not in Client(HTTP_AUTHORIZATION="Bearer nope").get("/api/v1/products?market=FR")


def test_given_markets_and_languages_then_each_has_its_own_entry(shop):
    Client().get(PRODUCT)

    other_market = Client().get("/p/apple-iphone-13/?market=GB")
    other_language = Client(HTTP_ACCEPT_LANGUAGE="de").get(PRODUCT)

    assert other_market["X-Page-Cache"] == "miss"
    assert other_language["X-Page-Cache"] == "miss"
    assert "£" in other_market.content.decode()


def test_given_a_cached_page_when_the_seller_changes_the_price_then_the_next_visitor_sees_the_new_price(
    shop, django_capture_on_commit_callbacks
):
    Client().get(PRODUCT)
    assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        offer_services.update_listing(
            seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 40900}
        )
    page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "miss"
    assert "€409.00" in page.content.decode()


def test_given_cached_search_and_api_pages_when_an_offer_changes_then_they_are_rendered_again(
    shop, django_capture_on_commit_callbacks
):
    urls = [
        "/search/?q=iphone&market=FR",
        f"/api/v1/products/{shop.iphone.pk}?market=FR",
        "/api/v1/products?market=FR",
    ]
    for url in urls:
        Client().get(url)
    assert [Client().get(url)["X-Page-Cache"] for url in urls] == ["hit", "hit", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        offer_services.update_listing(seller=shop.best.seller, offer_id=shop.best.pk, changes={"quantity": 7})

    assert [Client().get(url)["X-Page-Cache"] for url in urls] == ["miss", "miss", "miss"]


def test_given_a_cached_page_when_its_time_runs_out_then_it_is_rendered_again(shop):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        Client().get(PRODUCT)
        traveller.shift(14)  # under half the bound: always fresh
        assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"
        traveller.shift(17)  # past the whole bound: the first visitor renders it again
        assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"
        assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"


def test_given_a_page_past_its_time_while_another_request_renders_it_then_the_copy_is_served(
    shop, monkeypatch
):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        Client().get(PRODUCT)
        traveller.shift(31)
        monkeypatch.setattr(pagecache, "_claim_refresh", lambda claim: False)  # someone else is rendering

        page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "stale"
    assert "€419.00" in page.content.decode()
    assert "csrf_token_placeholder" not in page.content.decode()


def test_given_pages_cached_together_then_they_are_not_all_rendered_again_together(shop):
    urls = [f"/search/?q=iphone&market=FR&page={n}" for n in range(1, 41)]
    with time_machine.travel(clock.now(), tick=False) as traveller:
        for url in urls:
            Client().get(url)
        traveller.shift(14)
        assert {Client().get(url)["X-Page-Cache"] for url in urls} == {"hit"}
        traveller.shift(
            8.5
        )  # three quarters of the bound: each has drawn its own time (odds of one side: 2e-12)
        assert {Client().get(url)["X-Page-Cache"] for url in urls} == {"hit", "miss"}


def test_given_pages_that_are_not_listed_or_not_found_then_they_are_not_cached(shop):
    Client().get("/p/no-such-thing/?market=FR")

    assert Client().get("/p/no-such-thing/?market=FR")["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in Client().get("/trade-in/")


def test_given_the_cache_turned_off_then_nothing_is_cached(shop, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(PRODUCT)

    assert "X-Page-Cache" not in Client().get(PRODUCT)


def test_given_a_seller_decision_then_every_cached_page_is_stale(shop, django_capture_on_commit_callbacks):
    from comeback.storefront import handlers

    Client().get(PRODUCT)
    handlers.pages_changed([{"seller_id": Seller.objects.first().pk}])

    assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"


def test_given_an_event_handled_in_another_process_then_this_process_serves_a_fresh_page(shop, settings):
    # The task worker handles outbox events; the web workers must see its bumps (Redis or var/ files).
    Client().get(PRODUCT)
    assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"

    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from comeback.storefront import pagecache; "
            f"pagecache.bump(pagecache.product_gen_key({shop.iphone.slug!r}))",
        ],
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "comeback.settings"},
    )

    assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"


def test_given_two_bumps_then_each_writes_a_new_generation():
    key = pagecache.product_gen_key("twice")
    pagecache.bump(key)
    first = pagecache.current_generations([key])
    pagecache.bump(key)

    assert pagecache.current_generations([key]) != first


def test_given_a_generation_evicted_then_pages_stored_under_it_are_not_served(shop, settings):
    Client().get(PRODUCT)
    caches[settings.PAGE_CACHE_GENERATIONS].delete(pagecache.product_gen_key("apple-iphone-13"))

    assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"
    assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"


def test_given_a_newer_search_snapshot_published_then_listings_are_rendered_again_and_products_stay(shop):
    Client().get("/search/?q=iphone&market=FR")
    Client().get(PRODUCT)
    assert Client().get("/search/?q=iphone&market=FR")["X-Page-Cache"] == "hit"

    # Another node published the market's newer search snapshot (storefront/snapshot_share.py).
    pagecache.set_generation(pagecache.search_gen_key("FR"), pagecache.token_at(time.time()))

    assert Client().get("/search/?q=iphone&market=FR")["X-Page-Cache"] == "miss"
    assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"  # read from the database: not concerned


@pytest.fixture
def searched_from_snapshots(settings):
    from comeback.storefront import snapshot_share

    settings.COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS = 1  # every market is "large": search reads its snapshot
    snapshot_share.clear()
    yield
    snapshot_share.clear()


def test_given_search_read_from_a_snapshot_when_an_offer_changes_then_listings_wait_for_the_next_snapshot(
    shop, searched_from_snapshots, django_capture_on_commit_callbacks
):
    from comeback.storefront import snapshot_share

    listings = ["/search/?q=iphone&market=FR", "/c/smartphones/?market=FR", "/api/v1/products?market=FR"]
    snapshot_share.publish("FR")
    for url in listings:
        Client().get(url)
    Client().get(PRODUCT)
    assert [Client().get(url)["X-Page-Cache"] for url in listings] == ["hit", "hit", "hit"]

    # The iPhone's cheapest offer gets cheaper: its search card's "from" price changes.
    with django_capture_on_commit_callbacks(execute=True):
        offer_services.update_listing(
            seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 30900}
        )

    # Everything a listing shows comes from the snapshot, which has not changed: no render for nothing.
    assert [Client().get(url)["X-Page-Cache"] for url in listings] == ["hit", "hit", "hit"]
    product = Client().get(PRODUCT)
    assert product["X-Page-Cache"] == "miss" and "€309.00" in product.content.decode()  # exact at once

    snapshot_share.publish("FR")  # the scheduler's next rebuild

    pages = [Client().get(url) for url in listings]
    assert [p["X-Page-Cache"] for p in pages] == ["miss", "miss", "miss"]
    assert "€309.00" in pages[0].content.decode()
    assert [Client().get(url)["X-Page-Cache"] for url in listings] == ["hit", "hit", "hit"]


def test_given_no_scheduler_when_the_snapshot_misses_a_change_for_twice_its_period_then_stored_listings_render(
    shop, searched_from_snapshots, settings, django_capture_on_commit_callbacks
):
    from comeback.storefront import snapshot_share

    settings.COMEBACK_SEARCH_SNAPSHOT_SECONDS = 2
    search = "/search/?q=iphone&market=FR"
    with time_machine.travel(time.time(), tick=False) as traveller:
        snapshot_share.publish("FR")
        Client().get(search)
        assert Client().get(search)["X-Page-Cache"] == "hit"
        traveller.shift(1)
        with django_capture_on_commit_callbacks(execute=True):
            offer_services.update_listing(
                seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 30900}
            )
        traveller.shift(3)
        assert (
            Client().get(search)["X-Page-Cache"] == "hit"
        )  # within the bound: the next snapshot will show it

        # No scheduler publishes one: past twice the period the stored page is not served as it is. Its search
        # finds the snapshot behind and rebuilds it, and the next render shows the new price.
        traveller.shift(1)
        assert Client().get(search)["X-Page-Cache"] == "miss"
        assert "€309.00" in Client().get(search).content.decode()
        assert Client().get(search)["X-Page-Cache"] == "hit"


def test_given_search_read_from_a_snapshot_then_the_home_page_still_follows_every_offer_event(
    shop, searched_from_snapshots
):
    from comeback.storefront import handlers

    Client().get("/?market=FR")
    handlers.pages_changed([{"offer_id": shop.best.pk}])

    assert Client().get("/?market=FR")["X-Page-Cache"] == "miss"


def test_given_a_hit_then_it_carries_the_headers_and_cookies_of_a_rendered_page(shop):
    miss = Client().get(PRODUCT, HTTP_ACCEPT_LANGUAGE="fr")
    hit = Client().get(PRODUCT, HTTP_ACCEPT_LANGUAGE="fr")

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    for header in ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Content-Security-Policy"):
        assert hit[header] == miss[header], header
    assert hit["Content-Language"] == "fr"
    assert int(hit["Content-Length"]) == len(hit.content)
    assert hit.cookies["market"].value == "FR"  # ?market= sticks, as on a rendered page
    assert "csrftoken" in hit.cookies


def test_given_a_visitor_with_a_csrf_cookie_then_a_hit_keeps_its_secret(shop):
    Client().get(PRODUCT)
    visitor = Client(enforce_csrf_checks=True)
    first = visitor.get(PRODUCT)
    second = visitor.get(PRODUCT)

    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "hit"
    assert second.cookies["csrftoken"].value == first.cookies["csrftoken"].value  # its secret, renewed
    posted = visitor.post(
        "/cart/add/", {"csrfmiddlewaretoken": _token(second), "offer_id": shop.best.pk, "quantity": 1}
    )
    assert posted.status_code in (200, 302)


def test_given_market_cookies_then_each_market_has_its_own_page(shop):
    def visit(market):
        visitor = Client()
        visitor.cookies["market"] = market
        return visitor.get("/p/apple-iphone-13/")

    french, german, french_again = visit("FR"), visit("DE"), visit("FR")

    assert [p["X-Page-Cache"] for p in (french, german, french_again)] == ["miss", "miss", "hit"]
    assert "€419.00" in french_again.content.decode()
    assert "€419.00" not in german.content.decode()


def test_given_an_offer_event_in_one_market_then_other_markets_listings_stay_cached(shop):
    from comeback.storefront import handlers

    urls = ["/search/?q=iphone&market=FR", "/search/?q=iphone&market=DE"]
    for url in urls:
        Client().get(url)
    handlers.pages_changed([{"offer_id": shop.best.pk}])  # an FR offer

    assert [Client().get(url)["X-Page-Cache"] for url in urls] == ["miss", "hit"]


@pytest.mark.django_db(transaction=True)
def test_given_a_page_past_its_time_when_many_visitors_ask_at_once_then_it_is_rendered_once():
    build_shop()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        Client().get(PRODUCT)
        traveller.shift(31)

        outcomes = race([lambda: Client().get(PRODUCT)["X-Page-Cache"]] * 6)

    # One render; the others get the previous copy, or the new one if they ask after it is stored.
    assert outcomes.count("miss") == 1
    assert set(outcomes) <= {"miss", "stale", "hit"}


def test_given_a_page_rendered_again_between_a_visitors_read_and_claim_then_that_visitor_serves_it(
    shop, monkeypatch
):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        Client().get(PRODUCT)
        traveller.shift(31)
        claim = pagecache._claim_refresh

        def another_renderer_finishes_first(key):
            monkeypatch.setattr(pagecache, "_claim_refresh", claim)
            assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"  # claims, renders, stores, frees the claim
            return claim(key)

        monkeypatch.setattr(pagecache, "_claim_refresh", another_renderer_finishes_first)
        page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "hit"
    assert "€419.00" in page.content.decode()


def test_given_a_seller_quality_score_that_changes_then_cached_pages_follow(
    shop, django_capture_on_commit_callbacks
):
    from comeback.core.models import OutboxEvent
    from comeback.sellers import monitoring
    from comeback.storefront import handlers

    Client().get(PRODUCT)
    seller = shop.best.seller
    Seller.objects.filter(pk=seller.pk).update(quality_score=0.0123, quality_summary={})
    seller.refresh_from_db()

    monitoring.recompute_seller(seller=seller)
    event = OutboxEvent.objects.filter(topic="seller.quality.changed").get()
    handlers.on_events([(event.pk, event.topic, event.payload)])

    assert event.payload == {"seller_id": seller.pk}
    assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"


def _probation_offer(shop, *, ends_in: timedelta | None = None, started_ago: timedelta | None = None):
    """A seller on probation selling the only fair iPhone 13 256 GB in France, at 299,00 €."""
    now = clock.now()
    seller = SellerFactory(
        status=SellerStatus.PROBATION,
        display_name="Probation Phones",
        slug="probation-phones",
        probation_started_at=now - (started_ago or timedelta(days=39)),
        probation_ends_at=now + ends_in if ends_in is not None else None,
    )
    return OfferFactory(seller=seller, variant=shop.iphone_256, grade="fair", price_amount=29900)


def test_given_a_seller_on_probation_when_its_deadline_comes_then_cached_pages_stop_showing_its_offer(
    shop, settings
):
    settings.PAGE_CACHE_SECONDS = 900
    with time_machine.travel(clock.now(), tick=False) as traveller:
        _probation_offer(shop, ends_in=timedelta(minutes=5))
        assert "€299.00" in Client().get(PRODUCT).content.decode()
        traveller.shift(140)  # under half the time left: always fresh
        assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"

        traveller.shift(161)  # a second past the deadline, long before the 900 s bound
        page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "miss"
    assert "€299.00" not in page.content.decode()


def test_given_a_probation_row_without_a_deadline_then_the_published_40_days_bound_the_cache(shop, settings):
    settings.PAGE_CACHE_SECONDS = 900
    with time_machine.travel(clock.now(), tick=False) as traveller:
        _probation_offer(shop, started_ago=timedelta(days=40) - timedelta(minutes=5))
        assert "€299.00" in Client().get(PRODUCT).content.decode()
        traveller.shift(301)
        page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "miss"
    assert "€299.00" not in page.content.decode()


def test_given_sellers_on_probation_then_the_deadlines_around_now_are_the_nearest_of_both_kinds(db):
    from comeback.sellers.selectors import probation_deadlines_around

    now = clock.now()
    fallback = timedelta(days=PROBATION_DAYS)
    SellerFactory(
        status=SellerStatus.PROBATION,
        probation_started_at=now - timedelta(days=10),
        probation_ends_at=now + timedelta(hours=3),
    )
    SellerFactory(status=SellerStatus.PROBATION, probation_started_at=now - fallback + timedelta(hours=2))
    SellerFactory(
        status=SellerStatus.PROBATION,
        probation_started_at=now - timedelta(days=50),
        probation_ends_at=now - timedelta(hours=5),
    )
    SellerFactory(status=SellerStatus.PROBATION, probation_started_at=now - fallback - timedelta(hours=1))
    SellerFactory(
        status=SellerStatus.FULL,
        probation_started_at=now - timedelta(days=1),
        probation_ends_at=now + timedelta(minutes=1),
    )  # approved: its deadline no longer counts

    assert probation_deadlines_around(now) == (now - timedelta(hours=1), now + timedelta(hours=2))
    assert probation_deadlines_around(now - timedelta(days=400)) == (None, now - timedelta(hours=5))


def test_given_deadlines_asked_once_when_a_minute_or_the_next_deadline_passes_then_they_are_asked_again(
    db, django_assert_num_queries
):
    now = clock.now()
    SellerFactory(
        status=SellerStatus.PROBATION,
        probation_started_at=now - timedelta(days=39),
        probation_ends_at=now + timedelta(seconds=90),
    )
    with time_machine.travel(now, tick=False) as traveller:
        with django_assert_num_queries(1):
            assert pagecache.probation_deadlines(clock.now(), catalogue="c1") == (
                None,
                now + timedelta(seconds=90),
            )
            traveller.shift(59)
            pagecache.probation_deadlines(clock.now(), catalogue="c1")
        traveller.shift(1)  # the minute is up
        with django_assert_num_queries(1):
            pagecache.probation_deadlines(clock.now(), catalogue="c1")
            traveller.shift(29)
            pagecache.probation_deadlines(clock.now(), catalogue="c1")
        traveller.shift(
            1
        )  # the deadline itself, before the minute is up: asked again, and it is now the last
        with django_assert_num_queries(1):
            assert pagecache.probation_deadlines(clock.now(), catalogue="c1") == (
                now + timedelta(seconds=90),
                None,
            )


def test_given_a_seller_reinstated_into_probation_then_every_process_sees_its_deadline_at_once(
    shop, settings
):
    from comeback.storefront import handlers

    settings.PAGE_CACHE_SECONDS = 900
    with time_machine.travel(clock.now(), tick=False) as traveller:
        offer = _probation_offer(shop, ends_in=timedelta(minutes=5))
        Seller.objects.filter(pk=offer.seller_id).update(status=SellerStatus.SUSPENDED)
        assert "€299.00" not in Client().get(PRODUCT).content.decode()  # deadlines asked: none

        # Staff reinstate it (as the decision service does: status back, deadline kept, event after commit).
        Seller.objects.filter(pk=offer.seller_id).update(status=SellerStatus.PROBATION)
        handlers.pages_changed([{"seller_id": offer.seller_id}])
        assert "€299.00" in Client().get(PRODUCT).content.decode()

        traveller.shift(301)  # past its deadline, within the minute a process keeps the deadlines
        page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "miss"
    assert "€299.00" not in page.content.decode()
