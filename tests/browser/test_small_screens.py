"""Small screens (390 px): a compact header, the first result in the first screen, and no page of any actor
that scrolls sideways. Screenshots land in COMEBACK_VAR as small-<page>.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..factories import SellerFactory, StaffFactory, UserFactory
from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLIC = [
    "/",
    "/search/",
    "/search/?q=iphone",
    "/c/smartphones/",
    "/p/apple-iphone-13/",
    "/cart/",
    "/sell/apply/",
]
BUYER = ["/orders/", "/account/"]
SELLER = [
    "/seller/",
    "/seller/orders/",
    "/seller/payouts/",
    "/seller/trust/",
    "/seller/invoices/",
    "/seller/trade-in/",
]
STAFF = ["/staff/", "/staff/claims/"]
REPAIRER = ["/repair/desk/"]


def _overflow(tab) -> dict:
    return tab.evaluate(
        """() => {
          const vw = window.innerWidth;
          const wide = [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > vw + 1 && getComputedStyle(el).position !== 'fixed')
            .filter(el => !el.closest('.visually-hidden'))
            .slice(0, 5)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : ''));
          return {scroll: document.documentElement.scrollWidth, inner: vw, wide};
        }"""
    )


def _visit_all(tab, urls, shots, who):
    too_wide = {}
    for url in urls:
        response = tab.goto(url)
        assert response.status < 500, url
        measured = _overflow(tab)
        name = re.sub(r"[^a-z0-9]+", "-", f"{who}{url}").strip("-")
        tab.screenshot(path=str(shots / f"small-{name}.png"))
        if measured["scroll"] > measured["inner"]:
            too_wide[url] = measured
    return too_wide


def test_given_a_phone_when_every_actors_main_pages_open_then_none_scrolls_sideways(
    phone_page, login_as, shots, browser, live_server
):
    build_shop()
    too_wide = _visit_all(phone_page, PUBLIC, shots, "public")

    def as_(user, urls, who):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True
        )
        tab = context.new_page()
        login_as(tab, user)
        try:
            return _visit_all(tab, urls, shots, who)
        finally:
            context.close()

    too_wide |= as_(UserFactory(email="buyer@example.test"), BUYER, "buyer")
    too_wide |= as_(SellerFactory(display_name="Narrow Labs").user, SELLER, "seller")
    too_wide |= as_(StaffFactory(email="staff@example.test"), STAFF, "staff")

    from tests.repair.factories import LocationFactory, repairer_at

    too_wide |= as_(repairer_at(LocationFactory(name="Fix-it")), REPAIRER, "repairer")

    assert too_wide == {}


def test_given_a_phone_when_a_search_opens_then_the_header_is_compact_and_the_first_result_is_in_the_first_screen(
    phone_page, shots
):
    build_shop()
    phone_page.goto("/search/?q=iphone")

    header = phone_page.locator("header.site-header").bounding_box()
    first = phone_page.locator(".card").first.bounding_box()
    phone_page.screenshot(path=str(shots / "small-search-first-screen.png"))

    assert header["height"] <= 150, header  # brand, cart and menu on one row, the search below, one promise
    assert first["y"] + 200 <= 844, first  # the first result's picture and title are in the first screen
    expect(phone_page.get_by_role("combobox", name="Market (country and currency)")).to_be_hidden()

    phone_page.get_by_role("button", name="Menu").click()
    expect(phone_page.get_by_role("combobox", name="Market (country and currency)")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    phone_page.screenshot(path=str(shots / "small-menu-open.png"))


def test_given_a_product_with_model_and_unit_photos_when_it_opens_on_a_phone_then_it_does_not_scroll_sideways(
    phone_page, shots
):
    # given: a model photo and landscape unit photos, the widest things a product page shows
    from django.core.files.uploadedfile import SimpleUploadedFile

    from comeback.catalog.models import ProductImage
    from comeback.core import images as gate
    from comeback.offers import photos

    from ..images import image_bytes

    shop = build_shop()
    model_photo = gate.accept(
        SimpleUploadedFile("model.jpg", image_bytes("JPEG", (1600, 1200)), content_type="image/jpeg"),
        field="upload",
    )
    ProductImage.objects.create(
        product=shop.iphone,
        files=gate.store_renditions(model_photo),
        width=model_photo.width,
        height=model_photo.height,
    )
    photos.add_photos(
        seller=shop.best.seller,
        offer_id=shop.best.pk,
        files=[
            SimpleUploadedFile(f"unit-{n}.jpg", image_bytes("JPEG", (1600, 900)), content_type="image/jpeg")
            for n in range(4)
        ],
    )

    # when
    phone_page.goto("/p/apple-iphone-13/")
    measured = _overflow(phone_page)
    phone_page.screenshot(path=str(shots / "small-product-with-photos.png"), full_page=True)

    # then
    expect(phone_page.locator(".unit-photo-strip img").first).to_be_visible()
    assert measured["scroll"] <= measured["inner"], measured
