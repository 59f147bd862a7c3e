"""The EU energy label of phones and tablets (Regulation (EU) 2023/1669) on models, product pages,
the product API and passports."""

from __future__ import annotations

import pytest

from comeback.catalog import energy_label, services
from comeback.core.problems import Invalid
from comeback.passports import services as passports
from tests.factories import BrandFactory, CategoryFactory, OfferFactory, VariantFactory

LABEL = {
    "repairability_class": "B",
    "battery_cycles": 1000,
    "drop_class": "A",
    "ip_rating": "IP68",
    "eprel_registration": "1234567",
    "estimated": False,
}


@pytest.fixture
def phone(db):
    return services.create_product(
        category=CategoryFactory(slug="smartphones", battery_floor=80),
        brand=BrandFactory(),
        name="Phone 9",
        energy_label=LABEL,
    )


def test_given_a_label_then_its_fields_are_checked_and_kept(phone):
    assert phone.energy_label == LABEL
    cleaned, errors = energy_label.check({"repairability_class": "F", "battery_cycles": 0, "ip_rating": "68"})
    assert cleaned == {} and {e["field"] for e in errors} == {
        "energy_label.repairability_class",
        "energy_label.battery_cycles",
        "energy_label.ip_rating",
    }


def test_given_a_label_on_a_jacket_then_refused_naming_the_field(db):
    with pytest.raises(Invalid) as caught:
        services.create_product(
            category=CategoryFactory(slug="jackets", kind="apparel"),
            brand=BrandFactory(),
            name="Jacket",
            energy_label={"repairability_class": "A"},
        )
    assert caught.value.code == "energy_label_out_of_scope"
    assert caught.value.errors[0]["field"] == "energy_label"


def test_given_a_phone_with_a_label_then_the_product_page_and_api_show_it(client, phone):
    variant = VariantFactory(product=phone)
    OfferFactory(variant=variant)
    body = client.get(f"/api/v1/products/{phone.pk}").json()
    assert body["energy_label"]["repairability_class"] == "B" and body["energy_label"]["estimated"] is False
    html = client.get(f"/p/{phone.slug}/").content.decode()
    assert "Repairability class" in html and "IP68" in html and "1234567" in html


def test_given_a_unit_of_a_labelled_model_then_its_passport_shows_the_label(client, settings, phone):
    settings.PASSPORT_BASE_URL = "https://comeback.test"
    p = passports.open_passport(variant=VariantFactory(product=phone), source="stock", source_ref="label:1")
    doc = client.get(f"/api/v1/passports/{p.serial}").json()
    assert doc["energy_label"]["battery_cycles"] == 1000
    page = client.get(p.path, HTTP_ACCEPT="text/html").content.decode()
    assert "EU energy label" in page and "Repeated free-fall reliability class" in page
    vc = client.get(f"/api/v1/passports/{p.serial}/credential").json()
    assert vc["credentialSubject"]["product"]["characteristics"]["energyLabel"]["drop_class"] == "A"
