"""Catalogue writes: schema validation, GTINs, materials, slugs, variants, compatibility and re-indexing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comeback.catalog import search, services
from comeback.catalog.models import CategoryKind, ProductModel
from comeback.core import ids
from comeback.core.ids import gtin_check_digit, normalise_gtin
from comeback.core.problems import Conflict, Invalid

from .factories import PHONE_ATTRIBUTES, PHONE_VARIANTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def phones(db):
    return services.create_category(
        slug="smartphones",
        name="Smartphones",
        battery_floor=80,
        attribute_schema=PHONE_ATTRIBUTES,
        variant_schema=PHONE_VARIANTS,
    )


@pytest.fixture
def apple(db):
    return services.create_brand(name="Apple")


def fields(problem: Invalid) -> dict[str, str]:
    return {e["field"]: e["code"] for e in problem.errors}


def test_given_attributes_breaking_the_category_schema_when_creating_a_product_then_each_field_is_named_once(
    phones, apple
):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones, brand=apple, name="iPhone 13", attributes={"screen_inches": -1, "colour": "Red"}
        )

    assert fields(caught.value) == {
        "attributes.screen_inches": "attribute_too_small",
        "attributes.os": "attribute_required",
        "attributes.colour": "attribute_unknown",
    }
    assert caught.value.status == 422
    assert not ProductModel.objects.exists()


def test_given_a_variant_outside_the_enum_when_creating_it_then_the_allowed_values_are_listed(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )

    with pytest.raises(Invalid) as caught:
        services.create_variant(product=product, attributes={"storage_gb": 100, "colour": "Black"})

    assert fields(caught.value) == {"attributes.storage_gb": "attribute_not_allowed"}
    assert "64, 128, 256, 512" in caught.value.errors[0]["message"]


def test_given_a_wrong_type_when_creating_a_variant_then_the_type_is_named(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )

    with pytest.raises(Invalid) as caught:
        services.create_variant(product=product, attributes={"storage_gb": "128", "colour": "Black"})

    assert fields(caught.value) == {"attributes.storage_gb": "attribute_type"}


def test_given_attributes_that_are_not_an_object_then_they_are_refused(phones, apple):
    with pytest.raises(Invalid) as caught:
        services.create_product(category=phones, brand=apple, name="X", attributes=["os", "iOS"])

    assert fields(caught.value) == {"attributes": "attributes_not_object"}


def test_given_an_invalid_json_schema_when_creating_a_category_then_it_is_refused(db):
    with pytest.raises(Invalid) as caught:
        services.create_category(slug="bad", name="Bad", variant_schema={"type": "no-such-type"})

    assert fields(caught.value) == {"variant_schema": "invalid_schema"}


def test_given_bad_category_fields_then_every_one_is_named(db):
    with pytest.raises(Invalid) as caught:
        services.create_category(slug="Not a slug", name=" ", kind="robot", battery_floor=120)

    assert fields(caught.value) == {
        "slug": "invalid_slug",
        "name": "required",
        "kind": "invalid_kind",
        "battery_floor": "battery_floor_range",
    }


def test_given_a_taken_category_slug_then_it_is_a_conflict(phones):
    with pytest.raises(Conflict) as caught:
        services.create_category(slug="smartphones", name="Phones again")

    assert caught.value.code == "slug_taken"


def test_given_a_duplicate_brand_then_it_is_a_conflict(apple):
    with pytest.raises(Conflict) as caught:
        services.create_brand(name="Apple")

    assert caught.value.code == "brand_exists"


def test_given_a_gtin_13_when_creating_a_product_then_it_is_stored_as_gtin_14(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}, gtin="0194252707135"
    )

    assert product.gtin == "00194252707135"


def test_given_a_wrong_check_digit_when_creating_a_product_then_it_is_invalid_gtin(phones, apple):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}, gtin="0194252707136"
        )

    assert caught.value.code == "invalid_gtin"
    assert fields(caught.value) == {"gtin": "invalid_gtin"}


def test_given_a_gtin_already_used_then_it_is_a_conflict_naming_the_field(phones, apple):
    services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}, gtin="0194252707135"
    )

    with pytest.raises(Conflict) as caught:
        services.create_product(
            category=phones,
            brand=apple,
            name="iPhone 13 bis",
            attributes={"os": "iOS"},
            gtin="00194252707135",
        )

    assert caught.value.code == "gtin_taken"
    assert caught.value.errors[0]["field"] == "gtin"


@given(body=st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_property_a_valid_gtin_round_trips_and_any_changed_digit_is_refused(body):
    gtin = body + gtin_check_digit(body)

    assert normalise_gtin(gtin) == gtin.zfill(14)
    assert normalise_gtin(normalise_gtin(gtin)) == gtin.zfill(14)
    for position in range(len(gtin)):
        for digit in "0123456789":
            if digit != gtin[position]:
                changed = gtin[:position] + digit + gtin[position + 1 :]
                with pytest.raises(ValueError):
                    normalise_gtin(changed)


def test_given_materials_over_100_percent_then_they_are_refused(phones, apple):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones,
            brand=apple,
            name="X",
            attributes={"os": "iOS"},
            materials=[{"material": "aluminium", "percent": 60}, {"material": "glass", "percent": 40.5}],
        )

    assert fields(caught.value) == {"materials": "materials_over_100"}


def test_given_malformed_materials_then_each_item_is_named(phones, apple):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones,
            brand=apple,
            name="X",
            attributes={"os": "iOS"},
            materials=[
                {"percent": 10},
                {"material": "glass", "percent": "lots"},
                {"material": "steel", "percent": 0},
            ],
        )

    assert fields(caught.value) == {
        "materials.0.material": "material_required",
        "materials.1.percent": "percent_invalid",
        "materials.2.percent": "percent_range",
    }


def test_given_other_bad_product_fields_then_every_one_is_named(phones, apple):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones,
            brand=apple,
            name="",
            attributes={"os": "iOS"},
            origin="XX",
            release_date=date(2022, 1, 1),
            end_of_placement=date(2021, 1, 1),
            weight_grams=0,
            slug="Not A Slug",
        )

    assert fields(caught.value) == {
        "name": "required",
        "slug": "invalid_slug",
        "end_of_placement": "end_before_release",
        "origin": "invalid_country",
        "weight_grams": "weight_range",
    }


def test_given_two_models_with_the_same_name_then_the_second_gets_a_free_slug(phones, apple):
    first = services.create_product(category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"})
    second = services.create_product(category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"})

    assert (first.slug, second.slug) == ("apple-iphone-13", "apple-iphone-13-2")


def test_given_a_chosen_slug_already_taken_then_it_is_a_conflict(phones, apple):
    services.create_product(category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"})

    with pytest.raises(Conflict) as caught:
        services.create_product(
            category=phones, brand=apple, name="Other", slug="apple-iphone-13", attributes={"os": "iOS"}
        )

    assert caught.value.code == "slug_taken"


def test_given_a_valid_product_then_materials_origin_and_attributes_are_kept(phones, apple):
    product = services.create_product(
        category=phones,
        brand=apple,
        name="iPhone 13",
        attributes={"os": "iOS", "screen_inches": 6.1},
        origin="cn",
        materials=[{"material": " aluminium ", "percent": "24"}, {"material": "glass", "percent": 18.5}],
        release_date=date(2021, 9, 24),
        end_of_placement=date(2023, 9, 12),
        weight_grams=174,
    )

    product.refresh_from_db()
    assert product.origin == "CN"
    assert product.materials == [
        {"material": "aluminium", "percent": 24},
        {"material": "glass", "percent": 18.5},
    ]
    assert product.attributes == {"os": "iOS", "screen_inches": 6.1}


def test_given_a_variant_without_label_or_sku_then_both_are_derived(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )

    variant = services.create_variant(product=product, attributes={"colour": "Midnight", "storage_gb": 128})

    assert variant.label == "128 GB · Midnight"
    assert variant.sku.startswith("CB-")


def test_given_the_same_attributes_twice_then_the_second_variant_is_a_conflict(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )
    first = services.create_variant(product=product, attributes={"storage_gb": 128, "colour": "Black"})

    with pytest.raises(Conflict) as caught:
        services.create_variant(product=product, attributes={"colour": "Black", "storage_gb": 128})

    assert caught.value.code == "variant_exists"
    assert caught.value.extra["variant_id"] == first.pk


def test_given_a_taken_sku_or_bad_variant_gtin_then_they_are_refused(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )
    services.create_variant(
        product=product, attributes={"storage_gb": 128, "colour": "Black"}, sku="IP13-128-BLK"
    )

    with pytest.raises(Conflict) as taken:
        services.create_variant(
            product=product, attributes={"storage_gb": 256, "colour": "Black"}, sku="IP13-128-BLK"
        )
    with pytest.raises(Invalid) as bad:
        services.create_variant(
            product=product,
            attributes={"storage_gb": 256, "colour": "Black"},
            gtin="123",
            sku="no spaces please",
        )

    assert taken.value.code == "sku_taken"
    assert fields(bad.value) == {"gtin": "invalid_gtin", "sku": "invalid_sku"}


def test_given_a_device_when_listing_models_it_fits_then_it_is_refused(phones, apple):
    iphone = services.create_product(category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"})

    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=phones,
            brand=apple,
            name="iPhone 13 mini",
            attributes={"os": "iOS"},
            compatible_with=[iphone],
        )

    assert caught.value.code == "not_an_accessory"


def test_given_an_accessory_then_it_links_to_the_models_it_fits_and_they_list_it(phones, apple):
    iphone = services.create_product(category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"})
    iphone12 = services.create_product(
        category=phones, brand=apple, name="iPhone 12", attributes={"os": "iOS"}
    )
    cases = services.create_category(slug="cases", name="Cases", kind=CategoryKind.ACCESSORY)
    case = services.create_product(
        category=cases, brand=apple, name="Silicone Case", compatible_with=[iphone]
    )

    services.set_compatibility(accessory=case, fits=[iphone, iphone12])

    assert set(case.compatible_with.all()) == {iphone, iphone12}
    assert list(iphone.accessories.all()) == [case]
    with pytest.raises(Invalid) as caught:
        services.set_compatibility(accessory=case, fits=[case])
    assert caught.value.code == "fits_itself"


def test_given_a_created_product_when_the_transaction_commits_then_it_is_searchable(
    phones, apple, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        product = services.create_product(
            category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
        )
        assert search.match("iphone") == []  # not before commit
    with django_capture_on_commit_callbacks(execute=True):
        services.create_variant(product=product, attributes={"storage_gb": 128, "colour": "Midnight"})

    assert len([c for c in callbacks if "_reindex_on_commit" in c.__qualname__]) == 1
    assert [pid for pid, _rank in search.match("iphone midnight")] == [product.pk]
    product.refresh_from_db()
    assert product.search_text.splitlines()[0] == "Apple iPhone 13"


def test_given_a_bulk_loaded_catalogue_when_rebuilding_the_index_then_every_model_is_found(phones, apple):
    ProductModel.objects.bulk_create(
        [ProductModel(category=phones, brand=apple, name=f"Model {i}", slug=f"model-{i}") for i in range(30)]
    )
    seen = []

    count = services.rebuild_search_index(progress=lambda items, desc: seen.append(desc) or items)

    assert count == 30
    assert seen == ["search index"]
    assert len(search.match("model")) == 30
    assert len(search.match("smartphones")) == 30
    assert services.rebuild_search_index() == 30  # idempotent
    assert len(search.match("apple")) == 30


def test_given_a_renamed_product_when_reindexed_then_the_old_words_no_longer_match(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )
    services.reindex_products([product.pk])
    ProductModel.objects.filter(pk=product.pk).update(name="Pixel 8")

    services.reindex_products([product.pk])

    assert search.match("iphone") == []
    assert [pid for pid, _ in search.match("pixel")] == [product.pk]


def test_given_a_deleted_product_when_reindexed_then_it_leaves_the_index(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}
    )
    services.reindex_products([product.pk])
    pk = product.pk
    product.delete()

    services.reindex_products([pk])

    assert search.match("iphone") == []


def test_build_search_text_has_the_title_first_then_category_variants_and_codes(phones, apple):
    product = services.create_product(
        category=phones, brand=apple, name="iPhone 13", attributes={"os": "iOS"}, gtin="0194252707135"
    )
    services.create_variant(
        product=product, attributes={"storage_gb": 128, "colour": "Black"}, sku="IP13-128"
    )

    title, body = services.build_search_text(product).split("\n")

    assert title == "Apple iPhone 13"
    assert body.split() == ["Smartphones", "iOS", "00194252707135", "128", "GB", "·", "Black", "IP13-128"]


def test_given_a_variant_without_gtin_when_two_writers_assign_one_then_the_first_stays(db):
    from comeback.catalog.services import assign_variant_gtin
    from tests.factories import VariantFactory

    variant, other = VariantFactory(gtin=None), VariantFactory()
    first = ids.gtin_for_reference("0614141", 77001)
    assert assign_variant_gtin(variant=variant, gtin=first) == first
    assert assign_variant_gtin(variant=variant, gtin=ids.gtin_for_reference("0614141", 77002)) == first
    with pytest.raises(Conflict) as caught:
        assign_variant_gtin(variant=VariantFactory(gtin=None), gtin=other.gtin)
    assert caught.value.code == "gtin_taken"
