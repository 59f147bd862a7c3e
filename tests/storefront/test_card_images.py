"""Product cards show the model itself: its first picture (a photo or a drawing of it), else the category's drawing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.catalog import gallery

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory
from ..images import image_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def phones(db, seller):
    category = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    brand = BrandFactory(name="Apple", slug="apple")
    pictured = ProductModelFactory(category=category, brand=brand, name="iPhone 13", slug="iphone-13")
    plain = ProductModelFactory(category=category, brand=brand, name="iPhone 12", slug="iphone-12")
    for model in (pictured, plain):
        OfferFactory(seller=seller, variant=VariantFactory(product=model), grade="good", price_amount=40000)
    return pictured, plain


def photo(colour) -> SimpleUploadedFile:
    return SimpleUploadedFile("front.jpg", image_bytes("JPEG", (800, 600), colour), content_type="image/jpeg")


def card_of(html: str, slug: str) -> str:
    end = html.index(f'href="/p/{slug}/"')
    return html[html.rindex("<article", 0, end) : end]


def test_given_a_model_with_pictures_then_its_card_shows_its_first_one_and_a_model_without_the_drawing(
    phones,
):
    pictured, plain = phones
    first, _second = gallery.add_images(
        product_id=pictured.pk, brand_id=None, colour="", files=[photo((20, 40, 160)), photo((160, 40, 20))]
    )

    response = Client().get("/c/smartphones/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="/photos/models/{first.pk}/320.jpg"' in card_of(html, pictured.slug)
    assert "/photos/models/" not in card_of(html, plain.slug)
    assert "phone" in card_of(html, plain.slug)  # the category's drawing
    assert Client().get(f"/photos/models/{first.pk}/320.jpg").status_code == 200


def test_given_pictures_on_every_card_then_the_page_costs_no_more_queries(
    phones, client, django_assert_max_num_queries
):
    for model in phones:
        gallery.add_images(product_id=model.pk, brand_id=None, colour="", files=[photo((20, 40, 160))])
    client.get("/c/smartphones/")  # warm the market cache and the word indexes

    with django_assert_max_num_queries(6):
        response = client.get("/c/smartphones/", {"grade": "good"})

    assert response.status_code == 200
    assert response.content.decode().count('src="/photos/models/') == 2
