"""A garment model's textile facts: fibres in percent, the country of each manufacturing stage, ISO 3758
care symbols (catalog/textile.py), set by staff in the admin or the API and shown by the product API."""

from __future__ import annotations

import json

import pytest

from comeback.catalog import services, textile
from comeback.catalog.models import ProductModel
from comeback.core.problems import Invalid
from tests.concurrency import race
from tests.factories import BrandFactory, CategoryFactory, OfferFactory, StaffFactory, VariantFactory

FACTS = {
    "composition": [
        {"part": "main", "fibres": [{"fibre": "elastane", "percent": 2}, {"fibre": "cotton", "percent": 98}]},
        {"part": "lining", "fibres": [{"fibre": "polyester", "percent": 100}]},
    ],
    "stages": {"spinning": "in", "weaving_knitting": "TR", "dyeing_finishing": "TR", "making_up": "PT"},
    "care": {"washing": "wash_30_mild", "bleaching": "no_bleach", "ironing": "iron_low"},
}


@pytest.fixture
def jacket(db):
    category = CategoryFactory(slug="jackets", kind="apparel", condition_scheme="apparel", battery_floor=None)
    return services.create_product(category=category, brand=BrandFactory(), name="Field Jacket")


@pytest.fixture
def staff(db):
    return StaffFactory(email="catalogue@example.test")


def test_given_facts_when_set_then_they_are_kept_cleaned_in_the_vocabularies_order(jacket):
    services.set_textile(product=jacket, textile=FACTS)
    kept = ProductModel.objects.get(pk=jacket.pk).textile
    assert kept["composition"][0] == {
        "part": "main",
        "fibres": [{"fibre": "cotton", "percent": 98}, {"fibre": "elastane", "percent": 2}],
    }
    assert kept["stages"] == {
        "spinning": "IN",
        "weaving_knitting": "TR",
        "dyeing_finishing": "TR",
        "making_up": "PT",
    }
    shown = textile.present(kept)
    assert [c["group"] for c in shown["care"]] == ["washing", "bleaching", "ironing"]  # ISO 3758's order
    assert [s["stage"] for s in shown["stages"]] == list(textile.STAGES)


@pytest.mark.parametrize(
    ("facts", "field", "code"),
    [
        (
            {"composition": [{"fibres": [{"fibre": "cotton", "percent": 90}]}]},
            "textile.composition.0.fibres",
            "composition_not_100",
        ),
        (
            {"composition": [{"fibres": [{"fibre": "kevlarish", "percent": 100}]}]},
            "textile.composition.0.fibres.0.fibre",
            "unknown_fibre",
        ),
        (
            {
                "composition": [
                    {"fibres": [{"fibre": "wool", "percent": 0}, {"fibre": "silk", "percent": 100}]}
                ]
            },
            "textile.composition.0.fibres.0.percent",
            "percent_range",
        ),
        (
            {"composition": [{"fibres": [{"fibre": "wool", "percent": 101}]}]},
            "textile.composition.0.fibres.0.percent",
            "percent_range",
        ),
        (
            {"composition": [{"part": "collar", "fibres": [{"fibre": "wool", "percent": 100}]}]},
            "textile.composition.0.part",
            "unknown_part",
        ),
        ({"stages": {"making_up": "XX"}}, "textile.stages.making_up", "invalid_country"),
        ({"stages": {"sewing": "FR"}}, "textile.stages.sewing", "unknown_field"),
        ({"care": {"washing": "wash_100"}}, "textile.care.washing", "unknown_care_symbol"),
    ],
)
def test_given_bad_facts_then_refused_naming_the_field_and_rule(jacket, facts, field, code):
    with pytest.raises(Invalid) as caught:
        services.set_textile(product=jacket, textile=facts)
    assert caught.value.status == 422
    assert {"field": field, "code": code} == {k: caught.value.errors[0][k] for k in ("field", "code")}


def test_given_a_phone_then_textile_facts_are_refused(db):
    phone = services.create_product(
        category=CategoryFactory(slug="smartphones"), brand=BrandFactory(), name="P9"
    )
    with pytest.raises(Invalid) as caught:
        services.set_textile(product=phone, textile=FACTS)
    assert caught.value.code == "textile_out_of_scope"


def test_given_staff_when_it_puts_the_facts_then_the_product_api_shows_them_in_the_language(
    api, client, jacket, staff
):
    body = api.as_(staff).put(f"/api/v1/staff/products/{jacket.pk}/textile", FACTS).expect(200)
    assert body["textile"]["composition"][0]["fibres"][0] == {
        "fibre": "cotton",
        "fibre_label": "Cotton",
        "percent": 98,
    }
    OfferFactory(variant=VariantFactory(product=jacket, attributes={"size": "M"}))
    fr = client.get(f"/api/v1/products/{jacket.pk}", headers={"Accept-Language": "fr"}).json()["textile"]
    assert fr["composition"][0]["fibres"][0]["fibre_label"] == "Coton"
    assert fr["stages"][-1] == {
        "stage": "making_up",
        "stage_label": "Confection",
        "country": "PT",
        "country_name": "Portugal",
    }
    assert fr["care"][0]["symbol"] == "wash_30_mild" and "30 °C" in fr["care"][0]["text"]


def test_given_percentages_not_adding_up_when_put_then_422_names_the_field(api, jacket, staff):
    bad = {
        "composition": [
            {"part": "main", "fibres": [{"fibre": "cotton", "percent": 60}, {"fibre": "wool", "percent": 30}]}
        ]
    }
    problem = api.as_(staff).put(f"/api/v1/staff/products/{jacket.pk}/textile", bad).expect(422)
    assert problem["code"] == "composition_not_100"
    assert problem["errors"][0]["field"] == "textile.composition.0.fibres"
    problem = (
        api.as_(staff)
        .put(
            f"/api/v1/staff/products/{jacket.pk}/textile",
            {"composition": [{"fibres": [{"fibre": "nylonish", "percent": 100}]}]},
        )
        .expect(422)
    )
    assert problem["errors"][0]["field"].endswith("composition.0.fibres.0.fibre")


def test_given_a_seller_or_a_buyer_when_it_puts_facts_then_403_and_nothing_changes(
    api, jacket, seller, buyer
):
    for someone in (seller.user, buyer):
        api.as_(someone).put(f"/api/v1/staff/products/{jacket.pk}/textile", FACTS).expect(403)
    api.put(f"/api/v1/staff/products/{jacket.pk}/textile", FACTS).expect(401)
    assert ProductModel.objects.get(pk=jacket.pk).textile == {}


def test_given_an_unknown_model_when_staff_puts_facts_then_404(api, staff, db):
    api.as_(staff).put("/api/v1/staff/products/999999/textile", FACTS).expect(404)


@pytest.mark.django_db(transaction=True)
def test_given_two_staff_writing_at_once_then_the_model_keeps_one_whole_version(jacket):
    wool = {
        "composition": [{"fibres": [{"fibre": "wool", "percent": 100}]}],
        "care": {"washing": "hand_wash"},
    }
    results = race(
        [
            lambda: services.set_textile(product=jacket, textile=FACTS),
            lambda: services.set_textile(product=jacket, textile=wool),
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    kept = ProductModel.objects.get(pk=jacket.pk).textile
    assert kept in (textile.check(FACTS)[0], textile.check(wool)[0])


def test_given_staff_in_the_admin_when_the_facts_do_not_add_up_then_the_form_says_so(client, jacket, staff):
    client.force_login(staff)
    page = client.get(f"/admin/catalog/productmodel/{jacket.pk}/change/")
    assert page.status_code == 200 and "textile" in page.content.decode()
    assert textile.applies_to(jacket.category)
    _cleaned, errors = textile.check({"composition": [{"fibres": [{"fibre": "cotton", "percent": 50}]}]})
    assert errors[0]["code"] == "composition_not_100"
    from comeback.catalog.admin import ProductForm

    form = ProductForm(
        data={
            "category": jacket.category_id,
            "brand": jacket.brand_id,
            "name": jacket.name,
            "slug": jacket.slug,
            "materials": "[]",
            "attributes": "{}",
            "textile": json.dumps({"composition": [{"fibres": [{"fibre": "cotton", "percent": 50}]}]}),
        },
        instance=jacket,
    )
    assert not form.is_valid()
    assert "composition_not_100" not in str(form.errors) and "100%" in str(form.errors["textile"])
