"""The search page (/search/ and /c/<category>/): filters, sorting, htmx partials, bad input, query budget."""

from __future__ import annotations

import re

import pytest

from ..factories import CategoryFactory
from ..web.shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(db):
    return build_shop()


def _html(response) -> str:
    return response.content.decode()


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_given_offers_when_searching_everything_then_every_product_on_sale_is_listed_with_its_from_price(
    client, shop
):
    response = client.get("/search/")

    assert response.status_code == 200
    html = _html(response)
    assert sorted(_titles(html)) == ["Pixel 8", "Torrentshell 3L", "iPhone 13"]
    assert "3 devices" in html
    assert "€339.00" in html  # iPhone 13 from its fair offer
    assert "comeback/illustrations/jacket.svg" in html


def test_given_words_when_searching_then_only_matching_models_are_listed(client, shop):
    html = _html(client.get("/search/", {"q": "iphone"}))

    assert _titles(html) == ["iPhone 13"]
    assert "Results for “iphone”" in html


def test_given_a_category_page_then_only_that_category_is_listed_with_its_attribute_filters(client, shop):
    response = client.get("/c/smartphones/")

    assert response.status_code == 200
    html = _html(response)
    assert sorted(_titles(html)) == ["Pixel 8", "iPhone 13"]
    assert "<h1>Smartphones</h1>" in html
    assert 'name="attr_storage_gb" value="256"' in html
    # colours are offered as base colours: "Midnight" and "Obsidian" are both black (catalog/colours.py)
    assert 'name="attr_colour_group" value="black"' in html and 'name="attr_colour"' not in html


def test_given_a_category_with_nothing_on_sale_then_its_page_says_so_under_its_name(client, shop):
    CategoryFactory(slug="tablets", name="Tablets", illustration="tablet")

    response = client.get("/c/tablets/")

    assert response.status_code == 200
    html = _html(response)
    assert "<h1>Tablets</h1>" in html
    assert "Nothing matches these filters yet" in html


def test_given_an_unknown_category_page_then_it_is_a_404(client, shop):
    assert client.get("/c/no-such-category/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"brand": "google"}, ["Pixel 8"]),
        ({"grade": "premium"}, ["Pixel 8"]),
        ({"category": "jackets"}, ["Torrentshell 3L"]),
        ({"attr_storage_gb": "256"}, ["iPhone 13"]),
        ({"min_price": "400", "max_price": "500"}, ["iPhone 13"]),  # 419 € and 479 €, not 339 € or 529 €
        ({"min_price": "500"}, ["Pixel 8"]),
        ({"max_price": "129"}, ["Torrentshell 3L"]),  # 129 € means 12900 cents, inclusive
        ({"max_price": "128,99"}, []),  # a French decimal comma
    ],
)
def test_given_a_filter_when_searching_then_only_matching_products_are_listed(client, shop, query, expected):
    response = client.get("/search/", query)

    assert response.status_code == 200
    assert sorted(_titles(_html(response))) == sorted(expected)


def test_given_a_price_range_in_japan_then_yen_have_no_minor_unit(client, shop):
    client.cookies["market"] = "JP"

    html = _html(client.get("/search/", {"max_price": "68000"}))

    assert _titles(html) == ["iPhone 13"]
    assert "¥68,000" in html


def test_given_a_filter_then_it_is_shown_checked_and_as_a_removable_chip(client, shop):
    html = _html(client.get("/search/", {"brand": "apple", "grade": "fair"}))

    assert 'name="brand" value="apple" checked' in html
    assert 'name="grade" value="fair" checked' in html
    assert 'href="/search/?grade=fair"' in html  # the Apple chip removes only the brand
    assert 'href="/search/?brand=apple"' in html  # the Fair chip removes only the grade


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["Torrentshell 3L", "iPhone 13", "Pixel 8"]),
        ("price_desc", ["Pixel 8", "iPhone 13", "Torrentshell 3L"]),
    ],
)
def test_given_a_sort_order_when_searching_then_results_follow_it(client, shop, sort, expected):
    html = _html(client.get("/search/", {"sort": sort}))

    assert _titles(html) == expected
    assert f'<option value="{sort}" selected>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"min_price": "abc"}, "Enter prices as numbers"),
        ({"min_price": "-5"}, "Enter prices as numbers"),
        ({"min_price": "NaN"}, "Enter prices as numbers"),
        ({"min_price": "1e999"}, "Enter prices as numbers"),
        ({"min_price": "500", "max_price": "100"}, "The minimum price is higher than the maximum."),
        ({"grade": "mint"}, "There is no grade called “mint”"),
        ({"brand": "no-such-brand"}, "No brand"),
        ({"brand": "<script>"}, "No brand"),
        ({"category": "nope"}, "No category"),
        ({"attr_x y": "1"}, None),
        ({"attr_storage_gb": "x" * 500}, None),
        ({"page": "-3"}, None),
        ({"page": "abc"}, None),
        ({"page": "99999999999999999999"}, None),
        ({"sort": "cheapest"}, None),
        ({"q": "\"'; drop table --*"}, None),
        ({"q": "x" * 5000}, None),
    ],
)
def test_given_bad_filters_when_searching_then_the_page_explains_and_still_renders(
    client, shop, query, message
):
    response = client.get("/search/", query)

    assert response.status_code == 200
    html = _html(response)
    if message:
        assert message in html
        assert 'class="field-error"' in html or 'class="alert' in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_given_a_page_past_the_end_then_the_last_page_is_shown(client, shop):
    html = _html(client.get("/search/", {"page": "99999"}))

    assert len(_titles(html)) == 3


def test_given_more_results_than_a_page_then_pagination_links_keep_the_filters(client, shop, monkeypatch):
    from comeback.storefront import search_form

    monkeypatch.setattr(search_form, "PER_PAGE", 2)

    html = _html(client.get("/search/", {"sort": "price_asc", "page": "2"}))

    assert _titles(html) == ["Pixel 8"]
    assert '<span aria-current="page"><span class="visually-hidden">Page </span>2</span>' in html
    assert 'href="?sort=price_asc&amp;page=1"' in html


def test_given_no_match_for_the_words_then_the_empty_state_names_them_and_advises(client, shop):
    html = _html(client.get("/search/", {"q": "zzzzunknown"}))

    assert _titles(html) == []
    assert "No device matches “zzzzunknown”" in html and "Check the spelling" in html


def test_given_no_match_for_the_filters_then_an_empty_state_invites_fewer_filters(client, shop):
    html = _html(client.get("/search/", {"max_price": "1"}))

    assert _titles(html) == []
    assert "Nothing matches these filters yet" in html


def test_given_an_htmx_request_then_only_the_results_region_is_returned(client, shop):
    response = client.get("/search/", {"brand": "google"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = _html(response)
    assert '<form id="search-region"' in html
    assert "<html" not in html and "site-header" not in html
    assert _titles(html) == ["Pixel 8"]
    assert "HX-Request" in response["Vary"]


def test_given_an_htmx_history_restore_then_the_whole_page_is_returned(client, shop):
    response = client.get("/search/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in _html(response)


def test_given_the_filter_form_then_it_works_without_javascript_and_is_enhanced_by_htmx(client, shop):
    html = _html(client.get("/search/"))

    assert '<form id="search-region" class="search-region" action="/search/" method="get"' in html
    assert 'hx-get="/search/"' in html and 'hx-push-url="true"' in html and 'hx-target="this"' in html
    assert '<button class="btn btn-primary btn-block apply-filters" type="submit">' in html


def test_given_a_switched_market_then_search_prices_are_in_its_currency(client, shop):
    client.cookies["market"] = "GB"

    html = _html(client.get("/search/"))

    assert _titles(html) == ["iPhone 13"]  # the only model on sale in the UK
    assert "£369.50" in html


def test_given_search_then_it_keeps_within_its_query_budget(client, shop, django_assert_max_num_queries):
    # warm the market cache and the per-process word index, as every later request finds them
    client.get("/search/", {"q": "iphone"})
    # categories, full-text match, the page of products (with its total), their cards, facets, brand names
    with django_assert_max_num_queries(6):
        response = client.get("/search/", {"q": "iphone", "grade": "excellent", "min_price": "100"})
    assert response.status_code == 200


def test_given_a_category_page_then_it_keeps_within_its_query_budget(
    client, shop, django_assert_max_num_queries
):
    client.get("/search/")
    with django_assert_max_num_queries(5):
        response = client.get("/c/smartphones/", {"attr_storage_gb": "128", "sort": "price_desc"})
    assert response.status_code == 200
