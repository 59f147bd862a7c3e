"""The anonymous page cache (web/pagecache.py): who gets cached pages, what makes them stale, and the
per-visitor CSRF token on a shared page."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client

from comeback.core import clock
from comeback.offers import services as offer_services
from comeback.sellers.models import Seller

from ..factories import UserFactory
from .shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

PRODUCT = "/p/apple-iphone-13/?market=FR"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def shop(db):
    return build_shop()


def _token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_given_an_anonymous_visitor_when_a_product_page_is_asked_twice_then_the_second_is_served_from_cache(shop):
    first = Client().get(PRODUCT)
    second = Client().get(PRODUCT)

    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert "419,00\xa0€" in second.content.decode()
    assert second["Content-Type"].startswith("text/html")


def test_given_a_cached_page_when_two_visitors_read_it_then_each_gets_a_token_that_passes_csrf(shop):
    Client().get(PRODUCT)
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_a, page_b = alice.get(PRODUCT), bob.get(PRODUCT)
    assert page_a["X-Page-Cache"] == page_b["X-Page-Cache"] == "hit"
    assert "csrf_token_placeholder" not in page_a.content.decode()

    posted = alice.post("/cart/add/", {"csrfmiddlewaretoken": _token(page_a), "offer_id": shop.best.pk,
                                       "quantity": 1})
    refused = bob.post("/cart/add/", {"csrfmiddlewaretoken": "x" * 64, "offer_id": shop.best.pk, "quantity": 1})

    assert posted.status_code == 302 and "/login/" in posted["Location"]  # past CSRF: visitors log in first
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
        offer_services.update_listing(seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 40900})
    page = Client().get(PRODUCT)

    assert page["X-Page-Cache"] == "miss"
    assert "409,00\xa0€" in page.content.decode()


def test_given_cached_search_and_api_pages_when_an_offer_changes_then_they_are_rendered_again(
    shop, django_capture_on_commit_callbacks
):
    urls = ["/search/?q=iphone&market=FR", f"/api/v1/products/{shop.iphone.pk}?market=FR", "/api/v1/products?market=FR"]
    for url in urls:
        Client().get(url)
    assert [Client().get(url)["X-Page-Cache"] for url in urls] == ["hit", "hit", "hit"]

    with django_capture_on_commit_callbacks(execute=True):
        offer_services.update_listing(seller=shop.best.seller, offer_id=shop.best.pk, changes={"quantity": 7})

    assert [Client().get(url)["X-Page-Cache"] for url in urls] == ["miss", "miss", "miss"]


def test_given_a_cached_page_when_its_time_runs_out_then_it_is_rendered_again(shop):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        Client().get(PRODUCT)
        traveller.shift(29)
        assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"
        traveller.shift(2)
        assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"


def test_given_pages_that_are_not_listed_or_not_found_then_they_are_not_cached(shop):
    Client().get("/p/no-such-thing/?market=FR")

    assert Client().get("/p/no-such-thing/?market=FR")["X-Page-Cache"] == "miss"
    assert "X-Page-Cache" not in Client().get("/trade-in/")


def test_given_the_cache_turned_off_then_nothing_is_cached(shop, settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get(PRODUCT)

    assert "X-Page-Cache" not in Client().get(PRODUCT)


def test_given_a_seller_decision_then_every_cached_page_is_stale(shop, django_capture_on_commit_callbacks):
    from comeback.catalog import handlers

    Client().get(PRODUCT)
    handlers.on_catalogue_event(0, {"seller_id": Seller.objects.first().pk})

    assert Client().get(PRODUCT)["X-Page-Cache"] == "miss"
