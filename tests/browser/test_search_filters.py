"""Search filters in a real browser: a refresh landing while the shopper types never eats what was typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..web.shop import build_shop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_results_arriving_while_a_shopper_types_a_maximum_price_then_what_was_typed_is_kept(page):
    build_shop()
    page.goto("/search/")
    sent = []

    def slow(route):
        sent.append(route.request.url)
        page.wait_for_timeout(600)  # results arrive while the shopper is still typing
        route.continue_()

    page.route("**/search/?*", slow)
    page.get_by_label("Min").fill("100")
    page.get_by_label("Max").click()  # leaving Min sends a refresh
    page.keyboard.type("2")
    page.wait_for_timeout(100)
    page.keyboard.type("00", delay=400)  # "00" typed while the refresh is in flight and after it lands
    page.wait_for_timeout(800)

    expect(page.get_by_label("Max")).to_have_value("200")
    page.get_by_label("Max").press("Enter")
    expect(page).to_have_url(re.compile(r"max_price=200\b"))
    assert not any("max_price=00" in url or "max_price=0&" in url for url in sent)
