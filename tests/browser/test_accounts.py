"""Accounts in a real browser: a visitor fills a cart logged out, signs up at checkout and pays for the same
cart; a buyer who forgot the password resets it through the mailed link; the account page at 390 px."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comeback.orders.models import Order
from tests.factories import PASSWORD, UserFactory

from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_visitor_when_adding_to_cart_then_signing_up_at_checkout_then_the_same_cart_is_paid(
    page, shots
):
    shop = build_shop()

    page.goto(f"/p/{shop.iphone.slug}/")
    page.locator("article.grade-card.grade-excellent").get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".cart-item")).to_have_count(1)
    expect(page.locator(".header-cart")).to_contain_text("1")
    expect(page.locator(".cart-summary")).to_contain_text("Delivered between")
    page.screenshot(path=str(shots / "accounts-visitor-cart.png"), full_page=True)

    page.get_by_role("link", name="Check out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/checkout/$"))
    expect(page.locator(".auth-card")).to_contain_text("your cart is kept")
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Email").fill("newcomer@example.test")
    page.get_by_label("Password", exact=True).fill("copper-kettle-42")
    page.get_by_label("Password again").fill("copper-kettle-42")
    page.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(re.compile(r"/checkout/$"))
    expect(page.locator(".cart-summary")).to_contain_text("iPhone 13")
    page.get_by_label("Full name").fill("Nour Newcomer")
    page.get_by_label("Address", exact=True).fill("1 rue de Rivoli")
    page.get_by_label("Postal code").fill("ABCDE")
    page.get_by_label("City").fill("Paris")
    page.get_by_role("button", name=re.compile(r"^Pay")).click()
    expect(page.locator("#id_postal_code_error")).to_contain_text("5 digits")
    page.get_by_label("Postal code").fill("75001")
    page.screenshot(path=str(shots / "accounts-checkout-after-signup.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"^Pay")).click()

    order = Order.objects.get(buyer__email="newcomer@example.test")
    expect(page).to_have_url(re.compile(rf"/orders/{order.ref}/$"))
    expect(page.locator("[data-order-badge=preparing]")).to_be_visible()
    assert order.lines.get().offer_id == shop.best.pk  # the very item added while logged out
    page.screenshot(path=str(shots / "accounts-order.png"), full_page=True)
    assert page.console_errors == []


def test_given_a_forgotten_password_when_resetting_through_the_mail_then_the_new_one_logs_in(page, shots):
    buyer = UserFactory(email="forgetful@example.test")

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill(buyer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill("fresh-copper-kettle")
    page.get_by_label("New password confirmation").fill("fresh-copper-kettle")
    page.get_by_role("button", name="Change the password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")

    page.get_by_role("link", name="Log in").last.click()
    page.get_by_label("Email").fill(buyer.email)
    page.get_by_label("Password").fill("fresh-copper-kettle")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("header")).to_contain_text("My account")
    assert page.console_errors == []
    assert PASSWORD != "fresh-copper-kettle"


def test_given_a_phone_when_opening_the_account_page_then_nothing_scrolls_sideways(
    phone_page, login_as, shots
):
    buyer = UserFactory(email="small@example.test")
    login_as(phone_page, buyer)

    phone_page.goto("/account/")
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("My account")
    phone_page.screenshot(path=str(shots / "accounts-account-390.png"), full_page=True)

    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


LEGAL_TITLES = {
    "en": ["Terms of sale", "Legal notice", "Privacy", "Cookies"],
    "fr": ["Conditions générales de vente", "Mentions légales", "Confidentialité", "Cookies"],
    "de": ["Allgemeine Verkaufsbedingungen", "Impressum", "Datenschutz", "Cookies"],
    "ja": ["販売条件", "運営者情報", "プライバシー", "Cookie"],
}


@pytest.mark.parametrize("lang", ["en", "fr", "de", "ja"])
def test_given_a_language_when_following_the_footer_to_each_legal_page_then_it_reads_in_that_language(
    page, live_server, lang, shots
):
    page.context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    for path, title in zip(
        ("/legal/terms/", "/legal/notice/", "/legal/privacy/", "/legal/cookies/"),
        LEGAL_TITLES[lang],
        strict=True,
    ):
        page.goto("/")
        page.locator(f'footer a[href="{path}"]').click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator("html")).to_have_attribute("lang", lang)
    page.screenshot(path=str(shots / f"legal-cookies-{lang}.png"), full_page=True)
    assert page.console_errors == []
