"""Choosing a colour on the product page shows that colour's official photos and its offers, without a reload."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from comeback.catalog import gallery

from ..factories import (
    BrandFactory,
    CategoryFactory,
    OfferFactory,
    ProductModelFactory,
    SellerFactory,
    VariantFactory,
)
from ..images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _photo(rgb) -> SimpleUploadedFile:
    return SimpleUploadedFile("p.jpg", image_bytes("JPEG", (800, 600), rgb), content_type="image/jpeg")


def test_given_photos_per_colour_when_a_shopper_picks_a_colour_then_its_gallery_replaces_the_other_in_place(
    page, shots
):
    # given: an iPhone sold in Midnight and in Blue, with the brand's photos of each colour
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    phone = ProductModelFactory(
        category=phones,
        brand=BrandFactory(name="Apple", slug="apple"),
        name="iPhone 13",
        slug="apple-iphone-13",
    )
    midnight = VariantFactory(product=phone, attributes={"colour": "Midnight"}, label="Midnight")
    blue = VariantFactory(product=phone, attributes={"colour": "Blue"}, label="Blue")
    seller = SellerFactory(display_name="ReNew Labs", slug="renew-labs")
    OfferFactory(seller=seller, variant=midnight, grade="good", price_amount=40000)
    OfferFactory(seller=seller, variant=blue, grade="excellent", price_amount=45000)
    [dark] = gallery.add_images(
        product_id=phone.pk, brand_id=None, colour="Midnight", files=[_photo((5, 5, 5))]
    )
    blues = gallery.add_images(
        product_id=phone.pk,
        brand_id=None,
        colour="Blue",
        files=[_photo((20, 60, 200)), _photo((40, 90, 220))],
    )

    page.goto(f"/p/apple-iphone-13/?variant={midnight.pk}")
    midnight_photos = page.get_by_role("region", name="Photos of the model in Midnight").get_by_role("img")
    expect(midnight_photos).to_have_count(1)
    assert f"/photos/models/{dark.pk}/" in midnight_photos.first.get_attribute("src")
    page.evaluate("window.__sameDocument = true")  # gone if the page were loaded again

    # when: the shopper picks Blue in the configuration picker
    picker = page.get_by_role("group", name="Choose a configuration")
    picker.get_by_role("link", name=re.compile(r"^Blue")).click()

    # then: the Blue gallery replaces the Midnight one in the same document, and the address says Blue
    blue_photos = page.get_by_role("region", name="Photos of the model in Blue").get_by_role("img")
    expect(blue_photos).to_have_count(2)
    expect(page).to_have_url(re.compile(rf"\?variant={blue.pk}$"))
    assert page.evaluate("window.__sameDocument === true")
    assert f"/photos/models/{blues[0].pk}/" in blue_photos.first.get_attribute("src")
    src = blue_photos.first.get_attribute("src")
    assert page.request.get(src).headers["content-type"] == "image/jpeg"
    # the browser shows it (waits for the load, up to Playwright's timeout, never a fixed delay)
    page.wait_for_function(
        "() => { const img = document.querySelector('#gallery img'); return img && img.complete && img.naturalWidth > 0; }"
    )
    expect(page.get_by_role("region", name="Photos of the model in Midnight")).to_have_count(0)
    picked = picker.get_by_role("link", name=re.compile(r"^Blue"))
    expect(picked).to_have_attribute("aria-current", "true")
    expect(picked).to_be_focused()  # a keyboard user keeps their place in the replaced region
    page.screenshot(path=str(shots / "colour-gallery-blue.png"))
