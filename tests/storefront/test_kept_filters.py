"""The search page's filter form is kept per process under the key of everything it shows (`{% fragment
"search-filters" %}` in storefront/_results.html, the key search_form.filters_key): a page with its form kept is
the page rendered from scratch, in every language and market, with and without filters, and a facet count that
a price or stock change moves shows on the next render (docs/performance.md "Render path: search")."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from comeback.offers.models import Offer
from comeback.web.templatetags import comeback as tags

from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db

URLS = [
    "/search/?market=FR",
    "/search/?q=iphone&market=GB",
    "/c/smartphones/?market=FR",
    "/c/smartphones/?market=FR&grade=fair&brand=apple",
    "/search/?market=GB&grade=excellent&min_price=100&max_price=900",
    "/search/?market=FR&grade=mint-ish&min_price=abc",  # refused values, their errors beside the fields
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def shop(db):
    tags.forget_fragments()  # forms kept by an earlier test showed that test's catalogue
    yield build_shop()
    tags.forget_fragments()


def _get(url: str, language: str = "en", **headers):
    # The request activates its language in this thread; put back the one before, so no later test reads French.
    with translation.override(translation.get_language()):
        return Client().get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)


def _page(url: str, language: str = "en", **headers) -> str:
    return CSRF.sub("", _get(url, language, **headers).content.decode())


def _filters(html: str) -> str:
    return html[html.index('<aside class="sidebar"') : html.index("</aside>")]


def _count(filters: str, name: str, value: str) -> str:
    found = re.search(
        rf'name="{name}" value="{value}"[^>]*>.*?<span class="facet-count">(\d+)</span>', filters, re.S
    )
    assert found, (name, value)
    return found.group(1)


def test_given_kept_filter_forms_then_search_pages_are_byte_identical_to_pages_rendered_from_scratch(
    shop, monkeypatch
):
    # Given pages rendered with nothing kept, whole and as htmx's region
    keys = [(url, lang, partial) for url in URLS for lang in ("en", "fr") for partial in (False, True)]

    def page(url, lang, partial):
        return _page(url, lang, **({"HTTP_HX_REQUEST": "true"} if partial else {}))

    monkeypatch.setattr(tags, "FRAGMENT_MAX", 0)
    plain = {key: page(*key) for key in keys}
    monkeypatch.setattr(tags, "FRAGMENT_MAX", 5_000)

    # When each is asked twice with its form kept
    kept = {key: [page(*key), page(*key)] for key in keys}

    # Then every page is the same, and a form kept for one language, market or choice is not served for another
    assert kept == {key: [html, html] for key, html in plain.items()}
    forms = {_filters(plain[url, lang, False]) for url in URLS for lang in ("en", "fr")}
    assert len(forms) == len(URLS) * 2
    assert 'value="fair" checked' in _filters(
        plain["/c/smartphones/?market=FR&grade=fair&brand=apple", "en", False]
    )
    assert "field-error" in _filters(plain["/search/?market=FR&grade=mint-ish&min_price=abc", "fr", False])


def test_given_a_kept_filter_form_when_stock_sells_out_then_the_next_search_shows_the_new_counts(shop):
    # Given the whole market's form kept, the fair grade counted
    before = _filters(_page("/search/?market=FR"))
    assert _page("/search/?market=FR").count('name="grade" value="fair"') == 1
    fair = Offer.objects.filter(variant__product__slug="apple-iphone-13", grade="fair", quantity__gt=0)
    assert fair.exists()

    # When the fair iPhones sell out (stock moves without touching updated_at)
    fair.update(quantity=0)

    # Then the next render counts again: the form is not the one kept
    after = _filters(_page("/search/?market=FR"))
    assert after != before
    assert 'name="grade" value="fair"' not in after or _count(after, "grade", "fair") != _count(
        before, "grade", "fair"
    )


def test_given_a_kept_filter_form_with_a_price_range_when_a_price_leaves_it_then_the_counts_follow(shop):
    # Given a form kept with a price range that holds the iPhone's cheapest offer
    url = "/search/?market=FR&max_price=340"
    before = _filters(_page(url))
    cheapest = Offer.objects.filter(variant__product__slug="apple-iphone-13", price_amount=33900)

    # When that offer's price rises above the range the way checkout writes (no updated_at)
    assert cheapest.update(price_amount=35900) == 1

    # Then the next render's counts are not the kept form's
    assert _filters(_page(url)) != before
