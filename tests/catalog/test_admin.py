"""Staff edit the catalogue in the admin: the catalogue's rules apply there too, and saves re-index search."""

from __future__ import annotations

import json

import pytest

from comeback.catalog import search
from comeback.catalog.models import ProductModel

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffFactory(email="catalogue-staff@example.test"))
    return client


def _product_form(catalogue, **overrides) -> dict:
    data = {
        "category": catalogue.phones.pk,
        "brand": catalogue.apple.pk,
        "name": "iPhone 15",
        "slug": "apple-iphone-15",
        "description": "",
        "release_date": "2023-09-22",
        "end_of_placement": "",
        "gtin": "",
        "materials": json.dumps([{"material": "aluminium", "percent": 20}]),
        "origin": "CN",
        "attributes": json.dumps({"os": "iOS"}),
        "weight_grams": "171",
        "variants-TOTAL_FORMS": "1",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
        "variants-0-label": "128 GB · Pink",
        "variants-0-attributes": json.dumps({"storage_gb": 128, "colour": "Pink"}),
        "variants-0-sku": "IP15-128-PNK",
        "variants-0-gtin": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_given_staff_when_adding_a_model_with_a_variant_then_it_is_saved_and_searchable(
    staff_client, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/admin/catalog/productmodel/add/", _product_form(catalogue))

    assert response.status_code == 302, response.content.decode()[:2000]
    product = ProductModel.objects.get(slug="apple-iphone-15")
    assert [v.label for v in product.variants.all()] == ["128 GB · Pink"]
    assert product.variants.get().attributes_key
    assert [pid for pid, _ in search.match("iphone 15 pink")] == [product.pk]


def test_given_attributes_breaking_the_schema_then_the_admin_form_shows_the_errors(staff_client, catalogue):
    response = staff_client.post(
        "/admin/catalog/productmodel/add/",
        _product_form(
            catalogue,
            attributes=json.dumps({"os": "Symbian"}),
            gtin="123",
            **{"variants-0-attributes": json.dumps({"storage_gb": 100})},
        ),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "attributes.os: Must be one of: iOS, Android." in html
    assert "Invalid GTIN" in html
    assert "attributes.colour: This attribute is required." in html
    assert not ProductModel.objects.filter(slug="apple-iphone-15").exists()


def test_given_a_variant_duplicating_another_then_the_admin_form_refuses_it(staff_client, catalogue):
    product = catalogue.iphone12
    variant = product.variants.get()
    data = _product_form(
        catalogue,
        name=product.name,
        slug=product.slug,
        attributes=json.dumps(product.attributes),
        **{
            "variants-TOTAL_FORMS": "2",
            "variants-INITIAL_FORMS": "1",
            "variants-0-id": str(variant.pk),
            "variants-0-product": str(product.pk),
            "variants-0-label": variant.label,
            "variants-0-attributes": json.dumps(variant.attributes),
            "variants-0-sku": variant.sku,
            "variants-1-label": "Again",
            "variants-1-attributes": json.dumps(variant.attributes),
            "variants-1-sku": "AGAIN-1",
            "variants-1-gtin": "",
        },
    )

    response = staff_client.post(f"/admin/catalog/productmodel/{product.pk}/change/", data)

    assert response.status_code == 200
    assert "Another variant of this model has the same attributes." in response.content.decode()
    assert product.variants.count() == 1


def test_given_a_renamed_brand_then_its_models_are_reindexed(
    staff_client, catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            f"/admin/catalog/brand/{catalogue.apple.pk}/change/", {"name": "Pomme", "slug": "apple"}
        )

    assert response.status_code == 302
    assert {catalogue.iphone13.pk, catalogue.iphone12.pk} <= {pid for pid, _ in search.match("pomme")}


def test_staff_can_search_the_catalogue_in_the_admin(staff_client, catalogue):
    response = staff_client.get("/admin/catalog/productmodel/", {"q": "galaxy"})

    assert response.status_code == 200
    assert "Galaxy S21" in response.content.decode() and "iPhone 13" not in response.content.decode()


def test_a_buyer_cannot_open_the_catalogue_admin(client, catalogue):
    client.force_login(UserFactory(email="not-staff@example.test"))

    response = client.get("/admin/catalog/productmodel/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_given_staff_when_adding_a_model_with_a_photo_of_a_colour_then_it_is_stored_for_that_colour_and_pages_told(
    staff_client, catalogue, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from comeback.catalog import gallery
    from comeback.core.models import OutboxEvent

    from ..images import image_bytes

    settings.MEDIA_ROOT = tmp_path / "media"
    photo = SimpleUploadedFile(
        "pink.jpg", image_bytes("JPEG", (640, 480), (230, 150, 180)), content_type="image/jpeg"
    )
    form = _product_form(
        catalogue,
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-upload": photo,
            "images-0-colour": "Pink",
            "images-0-position": "0",
            "images-0-alt": "",
        },
    )

    response = staff_client.post("/admin/catalog/productmodel/add/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    product = ProductModel.objects.get(slug="apple-iphone-15")
    [image] = product.images.all()
    assert (image.colour, image.width, len(image.sha256)) == ("Pink", 640, 64) and "640.jpg" in image.files
    assert OutboxEvent.objects.filter(topic=gallery.TOPIC, payload__product_id=product.pk).exists()
