"""The demo's drawings of every model and colour, and the category drawings every demo category resolves to
(docs/storefront.md "Model photos, one gallery per colour")."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from comeback.catalog import demo as drawings
from comeback.catalog.models import ProductImage, ProductModel, Variant
from comeback.core import clock
from comeback.demo import catalog as demo_catalog
from comeback.demo.seeding import DemoContext
from comeback.web.templatetags.comeback import ILLUSTRATIONS

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class TwoColours:
    phone: ProductModel
    midnight: Variant
    blue: Variant


@pytest.fixture
def two_colours(db, seller) -> TwoColours:
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    phone = ProductModelFactory(
        category=phones, brand=BrandFactory(name="Apple", slug="apple"), name="iPhone 13"
    )
    midnight = VariantFactory(
        product=phone, attributes={"storage_gb": 128, "colour": "Midnight"}, label="Midnight"
    )
    blue = VariantFactory(product=phone, attributes={"storage_gb": 128, "colour": "Blue"}, label="Blue")
    OfferFactory(seller=seller, variant=midnight, grade="good", price_amount=40000)
    OfferFactory(seller=seller, variant=blue, grade="good", price_amount=41000)
    return TwoColours(phone, midnight, blue)


def seed_drawings(*products: ProductModel) -> None:
    ctx = DemoContext(
        rng=random.Random(1), now=clock.now(), password="x", products=list(products), show_progress=False
    )
    drawings.seed_demo(ctx)


def test_given_a_model_in_two_colours_when_the_demo_draws_it_then_each_colour_gets_its_own_picture(
    two_colours,
):
    seed_drawings(two_colours.phone)

    rows = {row.colour: row for row in ProductImage.objects.filter(product=two_colours.phone)}
    assert set(rows) == {"Midnight", "Blue"}
    assert all(row.illustration for row in rows.values())
    assert rows["Midnight"].sha256 != rows["Blue"].sha256
    assert rows["Midnight"].files["640.jpg"] != rows["Blue"].files["640.jpg"]
    assert {"320.webp", "320.jpg", "640.webp", "640.jpg"} <= set(rows["Blue"].files)


def test_given_the_demo_drawings_when_a_colour_is_chosen_then_its_page_shows_that_colours_drawing_marked_so(
    two_colours,
):
    seed_drawings(two_colours.phone)
    blue = ProductImage.objects.get(product=two_colours.phone, colour="Blue")

    html = Client().get(f"/p/{two_colours.phone.slug}/?variant={two_colours.blue.pk}").content.decode()

    region = html.split('id="gallery"')[1].split("</section>")[0]
    assert f"/photos/models/{blue.pk}/" in region
    assert "Drawing of the Apple iPhone 13, Blue" in region
    assert "Drawing, not a photo" in region
    assert "Midnight" not in region


def test_given_the_demo_drawings_when_the_product_api_is_read_then_each_image_says_it_is_an_illustration(
    two_colours,
):
    seed_drawings(two_colours.phone)

    body = Client().get(f"/api/v1/products/{two_colours.phone.pk}?market=FR").json()

    assert {(i["colour"], i["illustration"]) for i in body["images"]} == {("Midnight", True), ("Blue", True)}
    assert all(i["sizes"] and i["alt"].startswith("Drawing of the Apple iPhone 13") for i in body["images"])


def test_given_the_same_model_drawn_again_then_the_pixels_and_stored_names_are_the_same(two_colours):
    seed_drawings(two_colours.phone)
    before = sorted(ProductImage.objects.values_list("colour", "sha256", "files"))
    ProductImage.objects.all().delete()

    seed_drawings(two_colours.phone)

    assert sorted(ProductImage.objects.values_list("colour", "sha256", "files")) == before


def test_given_the_wrong_actor_then_a_shopper_cannot_add_drawings_through_the_staff_route(
    two_colours, client
):
    response = client.post(f"/api/v1/staff/models/{two_colours.phone.pk}/images", {"colour": "Blue"})

    assert response.status_code in (401, 403)
    assert not ProductImage.objects.filter(product=two_colours.phone).exists()


def test_given_every_demo_category_then_its_drawing_key_resolves_to_a_drawing_file_that_exists(db):
    specs = demo_catalog.CATEGORIES
    assert {"shoes", "bags"} <= {s.slug for s in specs}
    for spec in specs:
        assert spec.illustration in ILLUSTRATIONS, f"{spec.slug} would fall back to the generic drawing"
        assert finders.find(f"comeback/illustrations/{spec.illustration}.svg"), spec.slug


def test_given_every_demo_category_then_the_model_drawings_have_a_silhouette_for_it(db):
    blank = drawings.draw(key="no-such-shape", colour="Blue", title="x")
    for spec in demo_catalog.CATEGORIES:
        assert drawings.draw(key=spec.illustration, colour="Blue", title="x") != blank, spec.slug


def test_given_colour_names_then_each_is_drawn_in_its_own_colour(db):
    names = ["Sierra Blue", "Midnight", "Pink Gold", "Dark Rinse", "Cognac", "Starlight", "Alpine Green"]
    assert len({drawings.colour_rgb(name) for name in names}) == len(names)
    assert drawings.colour_rgb("Sorta") == drawings.UNNAMED
