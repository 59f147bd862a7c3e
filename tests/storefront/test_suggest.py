"""Suggestions as you type (catalog/suggest.py): models on sale in the market whose title holds the words
typed, the last one unfinished, devices before accessories, typos forgiven; over the API and in the
search box's list."""

from __future__ import annotations

import pytest

from comeback.catalog import forgiving
from comeback.catalog.services import reindex_products
from comeback.storefront import snapshot, suggest

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_words():
    forgiving.forget()
    suggest.forget()
    yield
    forgiving.forget()
    suggest.forget()


@pytest.fixture
def catalogue():
    phones = CategoryFactory(slug="smartphones", name="Smartphones")
    cases = CategoryFactory(
        slug="cases", name="Cases", kind="accessory", battery_floor=None, illustration="accessory"
    )
    apple, samsung = BrandFactory(name="Apple", slug="apple"), BrandFactory(name="Samsung", slug="samsung")
    products = {
        "case": ProductModelFactory(
            category=cases, brand=apple, name="iPhone 13 Silicone Case", slug="case-13"
        ),
        "pro": ProductModelFactory(
            category=phones, brand=apple, name="iPhone 13 Pro", slug="apple-iphone-13-pro"
        ),
        "iphone": ProductModelFactory(category=phones, brand=apple, name="iPhone 13", slug="apple-iphone-13"),
        "twelve": ProductModelFactory(category=phones, brand=apple, name="iPhone 12", slug="apple-iphone-12"),
        "galaxy": ProductModelFactory(
            category=phones, brand=samsung, name="Galaxy S23", slug="samsung-galaxy-s23"
        ),
        "british": ProductModelFactory(
            category=phones, brand=apple, name="iPhone SE", slug="apple-iphone-se"
        ),
    }
    for i, (key, product) in enumerate(products.items()):
        variant = VariantFactory(product=product, attributes={}, label="-")
        if key == "british":  # on sale in Britain only
            OfferFactory(variant=variant, market_id="GB", currency="GBP", price_amount=9_000)
            continue
        OfferFactory(
            variant=variant,
            price_amount=20_000 + i,
            battery_health_min=None if product.category.kind == "accessory" else 85,
        )
    OfferFactory(variant=products["iphone"].variants.get(), price_amount=19_000)
    reindex_products([p.pk for p in products.values()])
    return products


def _names(found) -> list[str]:
    return [s.name for s in found.items]


def test_given_the_start_of_a_word_then_devices_come_first_the_closest_title_before_longer_ones(catalogue):
    found = suggest.suggest(q="iph", market="FR")

    assert _names(found) == ["iPhone 12", "iPhone 13", "iPhone 13 Pro", "iPhone 13 Silicone Case"]
    assert found.corrected is None


def test_given_a_model_being_typed_then_its_number_may_be_unfinished_and_a_finished_one_is_whole(catalogue):
    assert _names(suggest.suggest(q="iphone 1", market="FR"))[:2] == ["iPhone 12", "iPhone 13"]
    assert _names(suggest.suggest(q="iphone 13", market="FR")) == [
        "iPhone 13",
        "iPhone 13 Pro",
        "iPhone 13 Silicone Case",
    ]
    iphone = suggest.suggest(q="iphone 13", market="FR").items[0]
    assert (iphone.from_price, iphone.offer_count) == (19_000, 2)


def test_given_a_query_naming_an_accessory_then_the_accessory_leads(catalogue):
    assert _names(suggest.suggest(q="iphone 13 ca", market="FR")) == ["iPhone 13 Silicone Case"]


@pytest.mark.parametrize(
    ("typed", "corrected", "first"),
    [("iphnoe 13", "iphone 13", "iPhone 13"), ("samsng gal", "samsung gal", "Galaxy S23")],
)
def test_given_a_typo_then_the_corrected_query_is_suggested(catalogue, typed, corrected, first):
    found = suggest.suggest(q=typed, market="FR")

    assert found.corrected == corrected
    assert _names(found)[0] == first


def test_given_a_model_sold_in_another_market_only_then_it_is_suggested_there_only(catalogue):
    assert "iPhone SE" not in _names(suggest.suggest(q="iphone", market="FR"))
    assert _names(suggest.suggest(q="iphone", market="GB")) == ["iPhone SE"]


def test_given_one_letter_or_nothing_searchable_then_nothing_is_suggested(catalogue):
    assert suggest.suggest(q="i", market="FR").items == []
    assert suggest.suggest(q="  **  ", market="FR").items == []
    assert suggest.suggest(q="zzzzqqq", market="FR").items == []


def test_given_a_large_market_then_its_snapshot_answers_as_sql_does(catalogue, monkeypatch):
    in_sql = suggest.suggest(q="iph", market="FR")
    monkeypatch.setattr(snapshot, "MIN_OFFERS", 1)
    snapshot.clear()
    assert snapshot.for_market("FR") is not None

    in_memory = suggest.suggest(q="iph", market="FR")

    assert in_memory == in_sql


def test_given_the_api_when_typing_then_it_answers_with_titles_urls_and_prices(
    catalogue, api, django_assert_max_num_queries
):
    api.get("/api/v1/search/suggest", {"q": "ip", "market": "FR"}).expect(200)  # titles read once per process

    with django_assert_max_num_queries(1):
        body = api.get("/api/v1/search/suggest", {"q": "iphnoe 13", "market": "FR"}).expect(200)

    assert body["corrected"] == "iphone 13" and body["currency"] == "EUR"
    first = body["items"][0]
    assert first["title"] == "Apple iPhone 13" and first["url"] == "/p/apple-iphone-13/"
    assert (first["from_price"], first["offer_count"]) == (19_000, 2)


def test_given_an_unknown_market_then_422_names_the_field(catalogue, api):
    problem = api.get("/api/v1/search/suggest", {"q": "iph", "market": "XX"}).expect(422)
    assert problem["errors"][0]["field"] == "market"
    api.get("/api/v1/search/suggest", {"q": "iph", "market": "France"}).expect(422)


def test_given_the_search_box_when_typing_then_a_listbox_of_links_comes_back(catalogue, client):
    client.cookies["market"] = "FR"
    html = client.get("/search/suggest/", {"q": "iphnoe 13"}).content.decode()

    assert 'role="listbox"' in html and html.count('role="option"') == 3
    assert 'href="/p/apple-iphone-13/"' in html
    assert "iphone 13" in html  # "Showing suggestions for…"
    assert client.get("/search/suggest/", {"q": "zzzzqqq"}).status_code == 200
