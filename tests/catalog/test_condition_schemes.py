"""Condition schemes: a category names how its items are graded (docs/fashion.md "Conditions")."""

from __future__ import annotations

import pytest

from comeback.catalog import conditions, services
from comeback.catalog.models import CategoryKind
from comeback.core.problems import Invalid

from ..factories import SellerFactory, UserFactory
from ..offers.conftest import listing_body

pytestmark = pytest.mark.django_db

LISTINGS = "/api/v1/seller/listings"


@pytest.fixture
def seller_api(api):
    seller = SellerFactory(user=UserFactory(email="wardrobe@example.test"))
    return api.as_(seller.user)


def _jacket_m(catalogue):
    return catalogue.jacket.variants.get()


def test_given_an_apparel_category_when_created_then_it_grades_by_the_apparel_scheme(catalogue):
    assert catalogue.jackets.condition_scheme == "apparel"
    assert catalogue.jackets.conditions.codes == ["new_with_tags", "like_new", "very_good", "good"]
    assert catalogue.phones.condition_scheme == "device"
    assert catalogue.phones.conditions.codes == ["premium", "excellent", "good", "fair"]


def test_given_a_scheme_without_battery_when_a_category_states_a_battery_floor_then_it_is_refused(db):
    with pytest.raises(Invalid) as refused:
        services.create_category(slug="shoes", name="Shoes", kind=CategoryKind.APPAREL, battery_floor=80)
    assert refused.value.errors[0]["code"] == "battery_not_applicable"
    with pytest.raises(Invalid) as unknown:
        services.create_category(slug="hats", name="Hats", condition_scheme="vintage")
    assert unknown.value.errors[0]["code"] == "invalid_condition_scheme"


def test_given_a_jacket_when_listed_like_new_then_the_listing_says_apparel_and_has_no_battery(
    seller_api, catalogue
):
    body = listing_body(_jacket_m(catalogue), grade="like_new", battery_health_min=None, price=8900)

    got = seller_api.post(LISTINGS, body).expect(201)

    assert (got["condition_scheme"], got["grade"], got["battery_health_min"]) == ("apparel", "like_new", None)


@pytest.mark.parametrize("grade", ["premium", "excellent", "fair"])
def test_given_a_jacket_when_listed_with_a_device_grade_then_it_is_refused_naming_the_scheme(
    seller_api, catalogue, grade
):
    body = listing_body(_jacket_m(catalogue), grade=grade, battery_health_min=None)

    problem = seller_api.post(LISTINGS, body).expect(422)

    assert problem["code"] == "grade_not_in_scheme"
    assert problem["errors"][0]["field"] == "grade"
    assert "new_with_tags" in problem["detail"]


def test_given_a_phone_when_listed_very_good_then_it_is_refused(seller_api, catalogue):
    body = listing_body(catalogue.i13_128_black, grade="very_good", battery_health_min=85)

    assert seller_api.post(LISTINGS, body).expect(422)["code"] == "grade_not_in_scheme"


def test_given_a_jacket_when_listed_with_a_battery_then_it_is_refused(seller_api, catalogue):
    body = listing_body(_jacket_m(catalogue), grade="very_good", battery_health_min=90)

    assert seller_api.post(LISTINGS, body).expect(422)["code"] == "battery_not_applicable"


def test_given_a_jacket_when_read_through_the_api_then_product_and_offers_carry_the_apparel_scheme(
    api, catalogue
):
    product = api.get(f"/api/v1/products/{catalogue.jacket.pk}?market=FR").expect(200)

    assert product["condition_scheme"] == "apparel"
    assert [g["code"] for g in product["condition_grades"]] == conditions.APPAREL.codes
    assert product["condition_grades"][0]["label"] == "New with tags"
    best = product["variants"][0]["best_offers"]
    assert [(o["condition_scheme"], o["grade"], o["battery_health_min"]) for o in best] == [
        ("apparel", "good", None)
    ]


def test_given_a_phone_when_read_through_the_api_then_it_keeps_the_device_scheme(api, catalogue):
    product = api.get(f"/api/v1/products/{catalogue.iphone13.pk}?market=FR").expect(200)

    assert product["condition_scheme"] == "device"
    assert [g["code"] for g in product["condition_grades"]] == ["premium", "excellent", "good", "fair"]
    assert {o["condition_scheme"] for v in product["variants"] for o in v["best_offers"]} == {"device"}


def test_given_the_category_tree_when_read_then_each_category_names_its_scheme(api, catalogue):
    tree = api.get("/api/v1/categories").expect(200)
    by_slug = {c["slug"]: c for root in tree for c in [root, *root["children"]]}

    assert by_slug["jackets"]["condition_scheme"] == "apparel"
    assert by_slug["smartphones"]["condition_scheme"] == "device"


def test_given_a_jacket_page_when_opened_then_it_shows_garment_grades_and_no_device_wording(
    client, catalogue
):
    page = client.get(f"/p/{catalogue.jacket.slug}/").content.decode()

    assert "New with tags" in page and "Very good" in page
    assert "Premium" not in page.split("<main", 1)[1]
    assert "100% functional" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_given_a_search_when_listed_then_each_card_names_its_condition_scheme(api, catalogue):
    page = api.get("/api/v1/products?market=FR").expect(200)
    by_slug = {item["slug"]: item for item in page["items"]}

    assert by_slug[catalogue.jacket.slug]["condition_scheme"] == "apparel"
    assert by_slug[catalogue.iphone13.slug]["condition_scheme"] == "device"
