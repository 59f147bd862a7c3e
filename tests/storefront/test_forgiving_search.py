"""Search that forgives: typos find the product, a model query shows the device before its accessories,
and an empty result says why and where to go next."""

from __future__ import annotations

import pytest

from comeback.catalog import forgiving
from comeback.catalog.services import reindex_products
from comeback.storefront import selectors

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    forgiving.forget()
    yield
    forgiving.forget()


@pytest.fixture
def catalogue():
    phones = CategoryFactory(slug="smartphones", name="Smartphones")
    cases = CategoryFactory(
        slug="cases", name="Cases", kind="accessory", battery_floor=None, illustration="accessory"
    )
    chargers = CategoryFactory(
        slug="chargers", name="Chargers", kind="accessory", battery_floor=None, illustration="accessory"
    )
    apple, samsung = BrandFactory(name="Apple", slug="apple"), BrandFactory(name="Samsung", slug="samsung")
    products = {
        "case": ProductModelFactory(
            category=cases, brand=apple, name="iPhone 13 Silicone Case", slug="case-13"
        ),
        "charger": ProductModelFactory(
            category=chargers, brand=apple, name="iPhone 13 20W Charger", slug="chg-13"
        ),
        "iphone": ProductModelFactory(category=phones, brand=apple, name="iPhone 13", slug="apple-iphone-13"),
        "galaxy": ProductModelFactory(
            category=phones, brand=samsung, name="Galaxy S23", slug="samsung-galaxy-s23"
        ),
        "macbook": ProductModelFactory(
            category=phones, brand=apple, name="MacBook Air", slug="apple-macbook-air"
        ),
    }
    for i, product in enumerate(products.values()):
        OfferFactory(
            variant=VariantFactory(product=product, attributes={}, label="-"),
            price_amount=2_000 + i,
            battery_health_min=None if product.category.kind == "accessory" else 85,
        )
    reindex_products([p.pk for p in products.values()])
    return products


def _names(result) -> list[str]:
    return [card.name for card in result.items]


def test_given_a_model_query_then_the_device_comes_before_its_case_and_charger(catalogue):
    result = selectors.search_products(market="FR", q="iphone 13")

    assert _names(result)[0] == "iPhone 13"
    assert set(_names(result)[1:]) == {"iPhone 13 Silicone Case", "iPhone 13 20W Charger"}


def test_given_a_query_naming_an_accessory_then_the_accessory_is_not_pushed_back(catalogue):
    result = selectors.search_products(market="FR", q="iphone 13 case")

    assert _names(result) == ["iPhone 13 Silicone Case"]


@pytest.mark.parametrize(
    ("typed", "corrected", "first"),
    [
        ("iphnoe 13", "iphone 13", "iPhone 13"),
        ("samsng galaxy", "samsung galaxy", "Galaxy S23"),
        ("macbok air", "macbook air", "MacBook Air"),
    ],
)
def test_given_a_typo_then_the_product_is_found_and_the_correction_is_named(
    catalogue, typed, corrected, first
):
    result = selectors.search_products(market="FR", q=typed)

    assert result.corrected_q == corrected
    assert result.q == typed
    assert _names(result)[0] == first


def test_given_a_typo_searched_exactly_then_nothing_is_corrected(catalogue):
    result = selectors.search_products(market="FR", q="iphnoe", exact=True)

    assert result.total == 0 and result.corrected_q is None


def test_given_a_word_already_in_the_catalogue_then_it_is_not_corrected(catalogue):
    result = selectors.search_products(market="FR", q="galaxy")

    assert result.corrected_q is None and _names(result) == ["Galaxy S23"]


def test_given_a_typo_on_the_page_then_it_shows_the_correction_and_the_original_one_click_away(
    client, catalogue
):
    html = client.get("/search/", {"q": "iphnoe 13"}).content.decode()

    assert "Showing results for “iphone 13”." in html
    assert "exact=1" in html and "Search instead for “iphnoe 13”" in html
    assert html.index("iPhone 13</a>") < html.index("iPhone 13 Silicone Case")


def test_given_words_that_match_nothing_then_the_page_says_why_and_offers_popular_models(client, catalogue):
    html = client.get("/search/", {"q": "zzqxv"}).content.decode()

    assert "No device matches “zzqxv”" in html
    assert "Check the spelling" in html
    assert "Popular right now" in html and 'href="/p/apple-iphone-13/"' in html
    assert "Try fewer filters" not in html
