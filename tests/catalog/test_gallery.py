"""A model's official photos, one gallery per colour: the product page, its htmx region and the product API."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from comeback.catalog import gallery
from comeback.catalog.models import ProductModel, Variant
from comeback.core.problems import Invalid, NotFound
from comeback.offers import photos as unit_photos
from comeback.offers.models import Offer

from ..factories import BrandFactory, CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory
from ..images import image_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(name: str = "front.jpg", colour=(20, 40, 160)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", (800, 600), colour), content_type="image/jpeg")


@dataclass
class TwoColours:
    phone: ProductModel
    midnight: Variant
    blue: Variant
    blue_offer: Offer


@pytest.fixture
def two_colours(db, seller) -> TwoColours:
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    phone = ProductModelFactory(
        category=phones, brand=BrandFactory(name="Apple", slug="apple"), name="iPhone 13"
    )
    midnight = VariantFactory(product=phone, attributes={"colour": "Midnight"}, label="Midnight")
    blue = VariantFactory(product=phone, attributes={"colour": "Blue"}, label="Blue")
    OfferFactory(seller=seller, variant=midnight, grade="good", price_amount=40000)
    blue_offer = OfferFactory(seller=seller, variant=blue, grade="excellent", price_amount=45000)
    return TwoColours(phone, midnight, blue, blue_offer)


def page(product: ProductModel, variant: Variant | None = None, **headers) -> str:
    query = f"?variant={variant.pk}" if variant else ""
    response = Client().get(f"/p/{product.slug}/{query}", headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def counted(fn) -> int:
    """How many queries `fn` sends (a wrapper on the connection: the test client's request signal clears
    Django's query log, which would make a before/after difference of that log meaningless)."""
    from django.db import connection

    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    return len(seen)


def gallery_of(html: str) -> str:
    return html.split('id="gallery"')[1].split("</section>")[0]


def test_given_photos_per_colour_when_a_colour_is_chosen_then_its_gallery_shows_only_that_colours_photos(
    two_colours,
):
    # given: two photos of the blue phone, one of the midnight one
    blue = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo(), photo("back.jpg")]
    )
    [midnight] = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Midnight", files=[photo(colour=(5, 5, 5))]
    )

    # when: each colour is chosen
    blue_gallery = gallery_of(page(two_colours.phone, two_colours.blue))
    midnight_gallery = gallery_of(page(two_colours.phone, two_colours.midnight))

    # then: each colour's gallery holds its own photos, never the other colour's, and no drawing
    assert all(f"/photos/models/{row.pk}/" in blue_gallery for row in blue)
    assert f"/photos/models/{midnight.pk}/" not in blue_gallery
    assert f"/photos/models/{midnight.pk}/" in midnight_gallery
    assert all(f"/photos/models/{row.pk}/" not in midnight_gallery for row in blue)
    assert "Photos of the model in Blue" in blue_gallery and "Illustration:" not in blue_gallery


def test_given_a_colour_without_photos_then_its_gallery_shows_the_drawing_never_another_colours_photo(
    two_colours,
):
    # given: a photo of the blue phone only
    [blue] = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo()]
    )

    # when: the midnight phone is shown
    midnight_gallery = gallery_of(page(two_colours.phone, two_colours.midnight))

    # then: the category's drawing, marked as such
    assert f"/photos/models/{blue.pk}/" not in midnight_gallery
    assert "Illustration: Smartphones" in midnight_gallery


def test_given_a_photo_of_no_colour_then_every_colour_shows_it_after_its_own(two_colours):
    [every] = gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="", files=[photo()])
    [blue] = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo()]
    )

    blue_gallery = gallery_of(page(two_colours.phone, two_colours.blue))
    midnight_gallery = gallery_of(page(two_colours.phone, two_colours.midnight))

    assert blue_gallery.index(f"/photos/models/{blue.pk}/") < blue_gallery.index(
        f"/photos/models/{every.pk}/"
    )
    assert f"/photos/models/{every.pk}/" in midnight_gallery and "Illustration:" not in midnight_gallery


def test_given_an_htmx_colour_choice_then_only_the_region_comes_back_with_that_variants_unit_photos(
    two_colours, seller
):
    # given: a model photo of the blue phone and a photo of the very blue unit on sale
    [model_photo] = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo()]
    )
    [unit] = unit_photos.add_photos(
        seller=seller, offer_id=two_colours.blue_offer.pk, files=[photo("unit.jpg")]
    )

    # when: the picker asks for the blue variant through htmx
    region = page(two_colours.phone, two_colours.blue, **{"HX-Request": "true", "HX-Target": "product-main"})

    # then: the region alone (no page around it), with the colour's gallery and the unit's photo
    assert region.lstrip().startswith('<div id="product-main">') and "<html" not in region
    assert f"/photos/models/{model_photo.pk}/" in region and f"/photos/units/{unit.pk}/" in region
    # and the picker's links keep a plain href for browsers without JavaScript
    assert f'href="?variant={two_colours.midnight.pk}" hx-get="?variant={two_colours.midnight.pk}"' in region


def test_given_photos_per_colour_then_the_product_api_says_which_colour_each_image_shows(two_colours):
    gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo()])
    gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="", files=[photo()])

    images = Client().get(f"/api/v1/products/{two_colours.phone.pk}?market=FR").json()["images"]

    assert [(i["colour"], i["illustration"]) for i in images] == [("Blue", False), (None, False)]


def test_given_no_photo_then_the_product_api_gives_the_drawing_of_every_colour(two_colours):
    [drawing] = Client().get(f"/api/v1/products/{two_colours.phone.pk}?market=FR").json()["images"]
    assert drawing["illustration"] is True and drawing["colour"] is None


# The service's rules ------------------------------------------------------------------------------------


def test_given_a_colour_the_model_is_not_sold_in_then_422_naming_the_colours_it_is(two_colours):
    with pytest.raises(Invalid) as refused:
        gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="Pink", files=[photo()])
    assert refused.value.code == "colour_not_sold" and "Midnight, Blue" in str(refused.value.detail)


def test_given_a_text_file_renamed_jpg_then_422_naming_the_file_and_nothing_added(two_colours):
    fake = SimpleUploadedFile("notes.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(Invalid) as refused:
        gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, files=[photo(), fake])
    assert refused.value.errors[0]["file"] == "notes.jpg" and refused.value.code == "photo_type"
    assert not two_colours.phone.images.exists()


def test_given_another_brands_model_then_404_and_its_own_brand_may(two_colours):
    other = BrandFactory(name="Google", slug="google")
    with pytest.raises(NotFound):
        gallery.add_images(product_id=two_colours.phone.pk, brand_id=other.pk, files=[photo()])
    added = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=two_colours.phone.brand_id, files=[photo()]
    )
    assert len(added) == 1


def test_given_photos_when_reordered_then_pages_follow_and_a_partial_order_is_refused(two_colours):
    first, second = gallery.add_images(
        product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo(), photo("2.jpg")]
    )
    with pytest.raises(Invalid):
        gallery.reorder_images(product_id=two_colours.phone.pk, brand_id=None, image_ids=[second.pk])
    gallery.reorder_images(product_id=two_colours.phone.pk, brand_id=None, image_ids=[second.pk, first.pk])
    shown = gallery_of(page(two_colours.phone, two_colours.blue))
    assert shown.index(f"/photos/models/{second.pk}/") < shown.index(f"/photos/models/{first.pk}/")


def test_given_more_photos_then_the_product_page_and_its_region_cost_no_more_queries(
    two_colours, seller, django_assert_max_num_queries
):
    def queries(**headers) -> int:
        return counted(lambda: page(two_colours.phone, two_colours.blue, **headers))

    region = {"HX-Request": "true", "HX-Target": "product-main"}
    gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="Blue", files=[photo()])
    unit_photos.add_photos(seller=seller, offer_id=two_colours.blue_offer.pk, files=[photo("u.jpg")])
    page(two_colours.phone, two_colours.blue)  # warm the market cache, as every later request finds it
    one = (queries(), queries(**region))

    gallery.add_images(
        product_id=two_colours.phone.pk,
        brand_id=None,
        colour="Blue",
        files=[photo(f"{i}.jpg") for i in range(5)],
    )
    gallery.add_images(product_id=two_colours.phone.pk, brand_id=None, colour="", files=[photo("all.jpg")])
    unit_photos.add_photos(
        seller=seller, offer_id=two_colours.blue_offer.pk, files=[photo(f"u{i}.jpg") for i in range(4)]
    )
    page(two_colours.phone, two_colours.blue)  # the new photos make each process read the model again, once

    assert (queries(), queries(**region)) == one
    # product, variants, offers with sellers, the winners' unit photos, authentications, the model's photos,
    # recent reviews, accessories: the product page's budget (test_views_product.py)
    with django_assert_max_num_queries(8):
        page(two_colours.phone, two_colours.blue)
