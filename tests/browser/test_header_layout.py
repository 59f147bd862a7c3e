"""The site header at desktop, laptop and phone widths, for every actor: the search box and the market
selector never overlap. Screenshots land in COMEBACK_VAR as header-<actor>-<width>.png."""

from __future__ import annotations

import pytest

from ..factories import SellerFactory, StaffFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = (1280, 1024)


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def _boxes(tab) -> tuple[dict, dict]:
    header = tab.locator("header.site-header")
    search = header.get_by_role("search").get_by_role("combobox", name="Search devices").bounding_box()
    market = header.get_by_role("navigation", name="Account and market").get_by_role(
        "combobox", name="Market (country and currency)"
    )
    return search, market.bounding_box()


def _users():
    return {
        "buyer": UserFactory(email="buyer@example.test"),
        "seller": SellerFactory(display_name="Header Labs").user,
        "staff": StaffFactory(email="staff@example.test"),
    }


def test_given_a_signed_in_user_at_1280px_when_a_page_opens_then_the_search_box_clears_the_market_selector(
    page, login_as, shots
):
    login_as(page, StaffFactory(email="staff@example.test"))
    page.goto("/")

    search, market = _boxes(page)
    page.screenshot(path=str(shots / "header-staff-1280.png"))

    assert search and market, (search, market)
    assert not _overlap(search, market), (search, market)
    assert search["width"] >= 180, search  # still a usable search field


def test_given_every_actor_and_width_when_the_home_page_opens_then_nothing_in_the_header_overlaps(
    browser, live_server, login_as, shots
):
    overlaps = {}
    for who, user in {"public": None, **_users()}.items():
        for width in WIDTHS:
            context = browser.new_context(
                base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 900}
            )
            tab = context.new_page()
            try:
                if user:
                    login_as(tab, user)
                tab.goto("/")
                search, market = _boxes(tab)
                tab.screenshot(path=str(shots / f"header-{who}-{width}.png"))
                if not search or not market or _overlap(search, market):
                    overlaps[f"{who}@{width}"] = (search, market)
            finally:
                context.close()

    assert overlaps == {}
