"""Search, category and fashion cards are kept per process under the key of everything they show (`{% fragment %}`
around each card of storefront/_cards.html, the key `ProductCard.shown`): a page with its cards kept is the page
rendered from scratch, a price or stock change shows on the next render, and kept cards do not change what the
page cache stores or serves (docs/performance.md "Render path: search")."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import translation

from comeback.offers.models import Offer
from comeback.web.templatetags import comeback as tags

from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

URLS = ["/search/?market=FR", "/search/?q=iphone&market=GB", "/c/smartphones/?market=FR"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def shop(db):
    tags.forget_fragments()  # cards kept by an earlier test showed that test's catalogue
    yield build_shop()
    tags.forget_fragments()


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    yield
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()


def _get(url: str, language: str = "en"):
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        return Client().get(url, HTTP_ACCEPT_LANGUAGE=language)


def _page(url: str, language: str = "en") -> str:
    return CSRF.sub("", _get(url, language).content.decode())


def _card(html: str, name: str) -> str:
    end = html.index(f">{name}</a></h3>")
    start = html.rindex("<article", 0, end)
    return html[start : html.index("</article>", end)]


def test_given_kept_cards_then_search_pages_are_byte_identical_to_pages_rendered_from_scratch(
    shop, monkeypatch
):
    # Given pages rendered with nothing kept
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 0)
    plain = {(url, lang): _page(url, lang) for url in URLS for lang in ("en", "fr")}
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 5_000)

    # When each is asked twice with its cards kept
    kept = {key: [_page(*key), _page(*key)] for key in plain}

    # Then every page is the same, and a card kept in one language or market is not served in another
    assert kept == {key: [html, html] for key, html in plain.items()}
    assert _card(plain["/search/?market=FR", "en"], "iPhone 13") != _card(
        plain["/search/?market=FR", "fr"], "iPhone 13"
    )
    assert "£369.50" in _card(plain["/search/?q=iphone&market=GB", "en"], "iPhone 13")


def test_given_a_kept_card_when_its_price_changes_without_touching_updated_at_then_the_next_search_shows_it(
    shop,
):
    # Given the iPhone's card kept from a search
    assert "€339.00" in _card(_page("/search/?market=FR"), "iPhone 13")

    # When its cheapest offer gets cheaper the way checkout and stock moves write (no updated_at)
    cheapest = Offer.objects.filter(variant__product__slug="apple-iphone-13", price_amount=33900)
    assert cheapest.update(price_amount=30900) == 1

    # Then the next search shows the new price, on this query and on another that finds the card
    for url in ("/search/?market=FR", "/search/?q=iphone&market=FR"):
        card = _card(_page(url), "iPhone 13")
        assert "€309.00" in card and "€339.00" not in card


def test_given_a_kept_card_when_the_last_offer_of_a_grade_sells_out_then_the_card_drops_that_grade(shop):
    before = _card(_page("/search/?market=FR"), "iPhone 13")
    assert "badge-fair" in before and "€339.00" in before

    # When the one fair iPhone sells out (stock moves without touching updated_at)
    Offer.objects.filter(variant__product__slug="apple-iphone-13", grade="fair").update(quantity=0)

    # Then the next render drops the grade and the price that came with it
    after = _card(_page("/search/?market=FR"), "iPhone 13")
    assert "badge-fair" not in after and "badge-excellent" in after and "€339.00" not in after


def test_given_cards_kept_by_other_pages_then_the_page_cache_stores_and_serves_search_pages_as_before(
    shop, page_cache
):
    # Given every card kept already, by the same pages rendered in every market and language
    for url in URLS:
        for language in ("en", "fr"):
            _get(url, language)
    caches["pages"].clear()

    # When each page is asked twice
    for url in URLS:
        for language in ("en", "fr"):
            first, second = _get(url, language), _get(url, language)

            # Then the first is rendered and stored, the second served from the page cache, the same page
            assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), (url, language)
            assert CSRF.sub("", second.content.decode()) == CSRF.sub("", first.content.decode())
