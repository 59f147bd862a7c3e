"""The catalogue API: markets, categories, product search and a product with its best offers."""

from __future__ import annotations

import typing

import pytest

from comeback.offers.models import Grade
from comeback.storefront import selectors
from comeback.storefront.schemas import SortName

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_markets_list_currency_locale_timezone_and_legal_settings(api):
    markets = api.get("/api/v1/markets").expect(200)

    assert [m["code"] for m in markets] == ["FR", "DE", "GB", "US", "JP"]
    fr = markets[0]
    assert fr == {
        "code": "FR",
        "name": "France",
        "currency": "EUR",
        "locale": "fr_FR",
        "timezone": "Europe/Paris",
        "commercial_warranty_min_months": 12,
        "return_window_days": 30,
        "legal_guarantee_months": 24,
        "legal_guarantee_note": fr["legal_guarantee_note"],
    }
    assert markets[4]["currency"] == "JPY"


def test_categories_come_as_a_tree_with_their_schemas(api, catalogue):
    tree = api.get("/api/v1/categories").expect(200)

    assert [c["slug"] for c in tree] == ["accessories", "apparel", "electronics"]
    electronics = tree[2]
    assert [c["slug"] for c in electronics["children"]] == ["laptops", "smartphones"]
    phones = electronics["children"][1]
    assert phones["parent"] == electronics["id"]
    assert (phones["kind"], phones["battery_floor"]) == ("device", 80)
    assert phones["variant_schema"]["required"] == ["storage_gb", "colour"]
    assert phones["attribute_schema"]["properties"]["os"]["enum"] == ["iOS", "Android"]
    assert (tree[0]["kind"], tree[0]["children"][0]["battery_floor"]) == ("accessory", None)


def test_product_search_returns_cards_with_money_in_minor_units_and_facets(api, catalogue):
    page = api.get("/api/v1/products", {"q": "iphone", "market": "FR"}).expect(200)

    assert (
        page["count"],
        page["page"],
        page["pages"],
        page["page_size"],
        page["market"],
        page["currency"],
    ) == (3, 1, 1, 24, "FR", "EUR")
    first = next(i for i in page["items"] if i["name"] == "iPhone 13")
    assert first == {
        "id": catalogue.iphone13.pk,
        "slug": "apple-iphone-13",
        "name": "iPhone 13",
        "brand": "Apple",
        "brand_slug": "apple",
        "category": "smartphones",
        "category_name": "Smartphones",
        "illustration": "phone",
        "from_price": 33900,
        "currency": "EUR",
        "offer_count": 5,
        "condition_scheme": "device",
        "grades": ["premium", "excellent", "good", "fair"],
        "release_year": 2021,
    }
    assert page["facets"]["brand"][0] == {"slug": "apple", "name": "Apple", "count": 2}
    assert page["facets"]["grade"][0] == {"grade": "premium", "count": 1}
    assert {"value": "128", "count": 1} in page["facets"]["attrs"]["storage_gb"]


def test_product_search_takes_filters_sort_and_attribute_filters(api, catalogue):
    page = api.get(
        "/api/v1/products",
        {
            "category": "electronics",
            "brand": "apple",
            "grade": "excellent",
            "min_price": 30000,
            "max_price": 50000,
            "sort": "price_desc",
            "attr.storage_gb": "128",
            "attr[colour]": "Black",
            "page_size": 1,
        },
    ).expect(200)

    assert [(i["name"], i["from_price"], i["offer_count"]) for i in page["items"]] == [
        ("iPhone 13", 41900, 2)
    ]
    assert page["facets"]["attrs"]["colour"] == [{"value": "Black", "count": 1}]


def test_product_search_defaults_to_france_and_prices_other_markets_in_their_currency(api, catalogue):
    assert api.get("/api/v1/products").expect(200)["currency"] == "EUR"
    jp_empty = api.get("/api/v1/products", {"market": "jp"}).expect(200)
    gb = api.get("/api/v1/products", {"market": "GB"}).expect(200)

    assert (jp_empty["count"], jp_empty["currency"]) == (0, "JPY")
    assert (gb["items"][0]["from_price"], gb["items"][0]["currency"]) == (36950, "GBP")


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        # shapes and bounds the OpenAPI document states, checked by ninja
        ({"grade": "mint"}, "grade", "enum"),
        ({"sort": "best"}, "sort", "literal_error"),
        ({"min_price": -1}, "min_price", "greater_than_equal"),
        ({"min_price": str(10**40)}, "min_price", "less_than_equal"),
        ({"min_price": "1.5"}, "min_price", "int_parsing"),
        ({"page": 0}, "page", "greater_than_equal"),
        ({"page": "two"}, "page", "int_parsing"),
        ({"page_size": 101}, "page_size", "less_than_equal"),
        ({"market": "France"}, "market", "string_pattern_mismatch"),
        # rules only the catalogue knows
        ({"min_price": 9, "max_price": 1}, "min_price", "price_range"),
        ({"market": "XX"}, "market", "unknown_market"),
        ({"category": "nope"}, "category", "unknown_category"),
        ({"brand": "nope"}, "brand", "unknown_brand"),
        ({"attr.x y": "1"}, "attrs.x y", "invalid_attribute"),
        ({"attr[{name}]": "1"}, "attrs.{name}", "invalid_attribute"),
        ({f"attr.a{i}": "1" for i in range(11)}, "attr", "too_many_filters"),
    ],
)
def test_bad_search_parameters_are_a_422_problem_naming_the_field(api, catalogue, params, field, code):
    problem = api.get("/api/v1/products", params).expect(422)

    assert (problem["errors"][0]["field"], problem["errors"][0]["code"]) == (field, code)
    assert problem["status"] == 422 and problem["instance"] == "/api/v1/products"


@pytest.mark.parametrize(
    "q",
    ['"', "*", "NEAR(", "'; drop table catalog_productmodel; --", "x" * 500, "🙂 日本語", "%s %(x)s"],
)
def test_hostile_search_words_are_still_a_200(api, catalogue, q):
    assert api.get("/api/v1/products", {"q": q}).expect(200)["items"] is not None


def test_a_control_character_in_the_search_words_is_refused_by_the_text_rule(api, catalogue):
    problem = api.get("/api/v1/products", {"q": "phone\x00"}).expect(422)
    assert (problem["code"], problem["errors"][0]["field"]) == ("invalid_characters", "q")


def test_a_product_carries_per_variant_and_grade_the_best_offer_its_reasons_and_the_others(api, catalogue):
    product = api.get(f"/api/v1/products/{catalogue.iphone13.pk}", {"market": "FR"}).expect(200)

    assert (product["name"], product["brand"], product["category"], product["kind"]) == (
        "iPhone 13",
        "Apple",
        "smartphones",
        "device",
    )
    assert (product["gtin"], product["origin"], product["release_date"]) == (
        "00194252707135",
        "CN",
        "2021-09-24",
    )
    assert (product["from_price"], product["currency"], product["offer_count"]) == (33900, "EUR", 5)
    assert product["accessories"] == [
        {
            "id": catalogue.case.pk,
            "slug": catalogue.case.slug,
            "name": "Coque Ultra Hybrid",
            "brand": "Spigen",
        }
    ]
    black = product["variants"][0]
    assert (black["label"], black["attributes"], black["from_price"]) == (
        "128 GB · Black",
        {"storage_gb": 128, "colour": "Black"},
        33900,
    )
    assert [b["grade"] for b in black["best_offers"]] == ["excellent", "fair"]
    excellent = black["best_offers"][0]
    assert excellent["offer_id"] == catalogue.best.pk
    assert (
        excellent["price"],
        excellent["currency"],
        excellent["warranty_months"],
        excellent["handling_days"],
        excellent["battery_health_min"],
    ) == (41900, "EUR", 24, 1, 90)
    assert excellent["seller"] == {
        "id": catalogue.renew.pk,
        "name": "ReNew Labs",
        "rating": 4.7,
        "rating_count": 100,
    }
    assert excellent["why"] == ["Cheaper, from a seller with at least as good a quality score"]
    assert [o["offer_id"] for o in excellent["other_offers"]] == [catalogue.runner_up.pk]


def test_an_accessory_lists_the_models_it_fits(api, catalogue):
    product = api.get(f"/api/v1/products/{catalogue.case.pk}").expect(200)

    assert [p["name"] for p in product["compatible_with"]] == ["iPhone 13"]
    assert product["kind"] == "accessory"


def test_an_unknown_product_is_a_404_problem(api, catalogue):
    problem = api.get("/api/v1/products/999999999").expect(404)

    assert problem["code"] == "product_not_found"


def test_a_non_numeric_product_id_or_bad_market_is_a_422_problem(api, catalogue):
    assert api.get("/api/v1/products/iphone").expect(422)["errors"][0]["field"] == "product_id"
    assert (
        api.get(f"/api/v1/products/{catalogue.iphone13.pk}", {"market": "ZZ"}).expect(422)["code"]
        == "unknown_market"
    )


def test_catalogue_reads_are_public_with_or_without_a_token(api, catalogue):
    user = UserFactory(email="reader@example.test")

    assert api.get("/api/v1/products").expect(200)["count"] == 6
    assert api.as_(user).get("/api/v1/products").expect(200)["count"] == 6


def test_the_documented_grades_and_sorts_are_the_catalogues():
    # Every scheme's grades (catalog/conditions.py); the storefront lists them best first, each scheme in order.
    assert sorted(str(g) for g in Grade) == sorted(selectors.GRADES)
    assert list(typing.get_args(SortName)) == list(selectors.SORTS)


def test_every_catalogue_route_is_documented_in_openapi(api):
    paths = api.get("/api/v1/openapi.json").expect(200)["paths"]

    for path in (
        "/api/v1/markets",
        "/api/v1/categories",
        "/api/v1/products",
        "/api/v1/products/{product_id}",
    ):
        assert "get" in paths[path], path
    search = paths["/api/v1/products"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {
        "q",
        "category",
        "brand",
        "grade",
        "market",
        "min_price",
        "max_price",
        "sort",
        "page",
        "page_size",
        "attr",
    }
    assert "application/problem+json" in search["responses"]["422"]["content"]
    assert (
        "application/problem+json"
        in paths["/api/v1/products/{product_id}"]["get"]["responses"]["404"]["content"]
    )
