"""Customising in a real browser: a watch's page offers the new straps that fit, from its seller; the buyer
picks one and the cart shows it under the watch (docs/fashion.md "Customisation")."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import SellerFactory, UserFactory
from tests.orders.helpers import watch_with_addons

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_watch_page_when_the_buyer_picks_a_new_strap_then_the_cart_shows_it_under_the_watch(
    page, login_as, shots
):
    watch, strap, _any, _case = watch_with_addons(SellerFactory(user=UserFactory(email="shop@example.test")))
    login_as(page, UserFactory(email="shopper@example.test", name="Ada Lovelace"))

    page.goto(f"/p/{watch.variant.product.slug}/")
    card = page.locator("article.grade-card.grade-good")
    choice = card.get_by_label("Customise it (optional)")
    expect(choice.get_by_role("option")).to_have_count(3)  # no add-on, and the two straps that fit
    choice.select_option(str(strap.pk))
    page.screenshot(path=str(shots / "customise-product.png"), full_page=True)
    card.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(re.compile(r"/cart/$"))
    items = page.locator(".cart-items")
    expect(items.locator(".cart-item")).to_have_count(2)
    expect(items.locator(".cart-item.addon-item")).to_contain_text("Sport Band 45")
    expect(items.locator(".cart-item.addon-item")).to_contain_text("Customises")
    page.screenshot(path=str(shots / "customise-cart.png"), full_page=True)
