"""A seller photographs the unit in the portal; a buyer sees those photos on the product page, zoomable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..images import image_bytes
from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_listing_when_its_seller_uploads_photos_then_a_buyer_sees_them_on_the_product_page(
    page, browser, live_server, login_as, shots
):
    # given: a seller's listing of an iPhone 13
    shop = build_shop()
    seller_tab = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    login_as(seller_tab, shop.best.seller.user)

    # when: the seller uploads two photos at once in the portal
    seller_tab.goto(f"/seller/listings/{shop.best.pk}/photos/")
    seller_tab.locator("#photos-input").set_input_files(
        [
            {
                "name": "front.jpg",
                "mimeType": "image/jpeg",
                "buffer": image_bytes("JPEG", (1200, 900), (20, 90, 160)),
            },
            {
                "name": "back.png",
                "mimeType": "image/png",
                "buffer": image_bytes("PNG", (1200, 900), (200, 40, 40)),
            },
        ]
    )
    seller_tab.get_by_role("button", name="Upload").click()
    expect(seller_tab.locator(".unit-photo-admin img")).to_have_count(2)
    seller_tab.screenshot(path=str(shots / "unit-photos-seller.png"))

    # then: a buyer opening the product sees both photos of that very unit, the first one large and zoomable
    page.goto("/p/apple-iphone-13/")
    gallery = page.locator(".unit-photo-strip img")
    expect(gallery).to_have_count(2)
    expect(gallery.first).to_be_visible()
    assert page.locator(".unit-photo-strip img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    zoom = page.locator(".unit-photo-zoom").first.get_attribute("href")
    assert zoom.startswith("/photos/units/") and zoom.endswith(".jpg")
    assert page.request.get(zoom).status == 200
    page.screenshot(path=str(shots / "unit-photos-buyer.png"))


def test_given_the_search_box_when_a_shopper_types_then_suggestions_appear_and_the_keyboard_opens_one(
    page, shots
):
    # given
    build_shop()
    page.goto("/")
    box = page.get_by_role("combobox", name="Search devices")

    # when: a typo, half typed
    box.press_sequentially("iphnoe 1", delay=40)

    # then: a listbox of models appears, and arrows plus Enter open the chosen one
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("listbox", name="Suggestions")).to_contain_text("iPhone 13")
    page.screenshot(path=str(shots / "suggestions.png"))
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "site-q-option-1")
    box.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/p/apple-iphone-13/")

    # and Escape closes the list
    page.goto("/")
    box = page.get_by_role("combobox", name="Search devices")
    box.press_sequentially("pix", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions").get_by_role("option").first).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
