"""A buyer's walk in a real browser: search → product → add to cart with a strap (an add-on) →
checkout with the test card → the order page. Plus the confirmation step of a card that needs it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from comeback.catalog.services import reindex_products
from comeback.orders.models import Order, OrderStatus
from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, UserFactory, VariantFactory

from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def shop_with_a_case():
    """The storefront's test shop, plus a case that fits the iPhone 13, sold by another seller."""
    shop = build_shop()
    cases = CategoryFactory(
        slug="cases", name="Cases", battery_floor=None, kind="accessory", variant_schema={"type": "object"}
    )
    case = ProductModelFactory(
        category=cases,
        brand=shop.iphone.brand,
        name="iPhone 13 Silicone Case",
        slug="apple-iphone-13-silicone-case",
    )
    case.compatible_with.add(shop.iphone)
    OfferFactory(
        variant=VariantFactory(product=case, attributes={}, label="Midnight"),
        grade="excellent",
        price_amount=2900,
        battery_health_min=None,
    )
    reindex_products([case.pk])
    return shop


def test_given_a_buyer_when_searching_adding_a_phone_and_its_case_and_paying_then_the_order_page_shows_it_paid(
    page, login_as, shots
):
    shop_with_a_case()
    buyer = UserFactory(email="shopper@example.test", name="Ada Lovelace")
    login_as(page, buyer)

    page.goto("/")
    page.get_by_label("Search devices").fill("iphone 13")
    page.get_by_label("Search devices").press("Enter")
    page.locator(".card-title a", has_text=re.compile(r"^iPhone 13$")).click()
    expect(page).to_have_url(re.compile(r"/p/apple-iphone-13/$"))

    excellent = page.locator("article.grade-card.grade-excellent")
    excellent.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".cart-item")).to_have_count(1)
    expect(page.locator(".header-cart")).to_contain_text("1")

    addons = page.locator("section.addons")
    expect(addons).to_contain_text("iPhone 13 Silicone Case")
    addons.get_by_role("button", name=re.compile(r"^Add")).first.click()
    expect(page.locator(".cart-item")).to_have_count(2)
    page.screenshot(path=str(shots / "buying-cart-desktop.png"), full_page=True)

    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Address", exact=True).fill("1 rue de Rivoli")
    page.get_by_label("Postal code").fill("75001")
    page.get_by_label("City").fill("Paris")
    expect(page.get_by_label("Card number")).to_have_value("4242424242424242")
    page.screenshot(path=str(shots / "buying-checkout-desktop.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"^Pay")).click()

    order = Order.objects.get(buyer=buyer)
    expect(page).to_have_url(re.compile(rf"/orders/{order.ref}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.ref}")
    expect(page.locator("[data-order-status]")).to_have_text("Being prepared")
    expect(page.locator("[data-line-status=paid]")).to_have_count(2)
    expect(page.locator(".timeline")).to_contain_text("Paid")
    expect(page.locator(".fulfilment")).to_have_count(2)  # two sellers, one order
    page.screenshot(path=str(shots / "buying-order-desktop.png"), full_page=True)
    assert order.status == OrderStatus.PAID
    assert page.console_errors == []


def test_given_a_card_that_needs_confirmation_when_the_buyer_approves_then_the_order_is_paid(page, login_as):
    shop = build_shop()
    buyer = UserFactory(email="careful@example.test", name="Grace Hopper")
    login_as(page, buyer)

    page.goto(f"/p/{shop.iphone.slug}/")
    page.locator("article.grade-card.grade-excellent").get_by_role("button", name="Add to cart").click()
    page.get_by_role("link", name="Check out").click()
    page.get_by_label("Address", exact=True).fill("1 rue de Rivoli")
    page.get_by_label("Postal code").fill("75001")
    page.get_by_label("City").fill("Paris")
    page.get_by_label("Card number").fill("4000 0000 0000 3220")
    page.get_by_role("button", name=re.compile(r"^Pay")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your payment")
    page.get_by_role("button", name="Approve payment").click()

    expect(page.locator("[data-order-status]")).to_have_text("Being prepared")
    assert page.console_errors == []
