"""A shopper's walk through the storefront in a real browser: home, search, filter, market, product page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _cards(tab):
    return tab.locator(".card-title a")


def test_given_a_shop_when_a_shopper_searches_filters_switches_market_and_opens_a_product_then_all_of_it_works(
    page, shots
):
    build_shop()

    # Home: the promise, the categories and the featured products.
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Refurbished tech you can trust.")
    expect(page.locator(".category-tile", has_text="Smartphones")).to_contain_text("2 models")
    expect(page.locator(".card", has_text="iPhone 13")).to_contain_text("€339.00")
    page.screenshot(path=str(shots / "storefront-home-desktop.png"), full_page=True)

    # Search from the header.
    page.get_by_label("Search devices").fill("iphone")
    page.get_by_label("Search devices").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=iphone$"))
    expect(_cards(page)).to_have_text(["iPhone 13"])

    # Filter with htmx: the results region updates in place and the URL follows, without empty parameters.
    page.goto("/search/")
    expect(_cards(page)).to_have_count(3)
    page.evaluate("document.body.dataset.marker = 'same-page'")
    page.locator(".facet-list label", has_text="Premium").click()
    expect(_cards(page)).to_have_text(["Pixel 8"])
    expect(page).to_have_url(re.compile(r"/search/\?grade=premium$"))
    expect(page.locator("#results-count")).to_contain_text("1 device")
    expect(page.locator("body")).to_have_attribute(
        "data-marker", "same-page"
    )  # swapped in place, not reloaded
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
    page.screenshot(path=str(shots / "storefront-search-desktop.png"), full_page=True)

    # Switch market: the select submits itself; prices come back in pounds.
    page.goto("/search/")
    page.get_by_label("Market (country and currency)").select_option("GB")
    expect(page.locator("#market-select")).to_have_value("GB")
    expect(page.locator(".card", has_text="iPhone 13")).to_contain_text("£369.50")
    page.get_by_label("Market (country and currency)").select_option("FR")
    expect(page.locator(".card", has_text="iPhone 13")).to_contain_text("€339.00")

    # The product page: the best offer per grade, and why it wins.
    _cards(page).filter(has_text="iPhone 13").click()
    expect(page).to_have_url(re.compile(r"/p/apple-iphone-13/$"))
    excellent = page.locator("article.grade-card.grade-excellent")
    expect(excellent.locator(".price-lg")).to_have_text(re.compile(r"€419\.00"))
    expect(excellent).to_contain_text("ReNew Labs")
    why = excellent.locator("details.why")
    expect(why.locator("li").first).to_be_hidden()
    why.locator("summary").click()
    expect(why.locator("li").first).to_have_text(
        "Cheaper, from a seller with at least as good a quality score"
    )
    excellent.get_by_text("1 other offer in this condition").click()
    expect(excellent.locator(".other-offers")).to_contain_text("Atelier Reboot")
    page.screenshot(path=str(shots / "storefront-product-desktop.png"), full_page=True)

    # Another storage: the variant picker is plain links.
    page.get_by_role("link", name=re.compile(r"256 GB")).click()
    expect(page.locator("article.grade-card.grade-good .price-lg")).to_have_text(re.compile(r"€479\.00"))

    assert page.console_errors == []  # no CSP violation, no script error


def test_given_a_phone_when_browsing_then_filters_fold_away_and_the_product_page_fits(phone_page, shots):
    build_shop()
    tab = phone_page

    tab.goto("/search/")
    filters = tab.locator("details.mobile-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(tab.get_by_label("Keywords")).to_be_hidden()
    filters.locator("summary").click()
    expect(tab.get_by_label("Keywords")).to_be_visible()
    tab.locator(".facet-list label", has_text="Google").click()
    expect(_cards(tab)).to_have_text(["Pixel 8"])
    expect(tab.locator("details.mobile-filters")).to_have_attribute("open", "")  # stays open while filtering
    tab.screenshot(path=str(shots / "storefront-search-phone.png"), full_page=True)

    tab.goto("/p/apple-iphone-13/")
    expect(tab.locator("article.grade-card.grade-excellent .price-lg")).to_be_visible()
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    tab.screenshot(path=str(shots / "storefront-product-phone.png"), full_page=True)

    tab.goto("/")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.screenshot(path=str(shots / "storefront-home-phone.png"))

    assert tab.console_errors == []


def test_given_no_javascript_when_filtering_and_switching_market_then_plain_forms_still_work(
    browser, live_server
):
    build_shop()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto("/search/")
        tab.locator(".facet-list label", has_text="Google").click()
        tab.get_by_role("button", name="Show results").click()
        expect(_cards(tab)).to_have_text(["Pixel 8"])

        tab.get_by_label("Market (country and currency)").select_option("GB")
        tab.get_by_role("button", name="Go").click()
        expect(tab.locator("#market-select")).to_have_value("GB")
        expect(tab.locator("main")).to_contain_text("£")
    finally:
        context.close()
