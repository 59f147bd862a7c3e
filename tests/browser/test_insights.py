"""Operator insights in a real browser: the staff dashboard, a market filter change swapping the charts in
place through htmx (no full reload, no console error), and the CSV link following the filters."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.core import clock
from comeback.insights import services
from tests.factories import SellerFactory, StaffFactory, UserFactory
from tests.insights.factories import sale


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_sales_in_two_markets_when_staff_change_the_market_filter_then_the_chart_updates_in_place(
    page,
    live_server,
    login_as,
):
    now = clock.now()
    last_week = (now - timedelta(days=now.weekday() + 7)).replace(hour=12, minute=0, second=0, microsecond=0)
    seller = SellerFactory(user=UserFactory(email="refurb@example.test"))
    sale(seller, market="FR", at=last_week + timedelta(days=1), price=34900)
    sale(seller, market="GB", at=last_week + timedelta(days=2), price=29900)
    services.refresh()
    login_as(page, StaffFactory(email="ops@example.test"))

    page.goto("/staff/insights/?weeks=4")
    revenue = page.locator("#panel-revenue")
    assert revenue.locator("svg").count() == 2  # one chart per currency: EUR and GBP never summed
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Market", exact=True).select_option("GB")
    page.wait_for_selector('#insights-panels[data-market="GB"]')
    charts = revenue.locator("svg")
    assert charts.count() == 1
    assert "GBP" in charts.first.get_attribute("aria-label")
    assert page.evaluate("window.__sameDocument") is True  # swapped by htmx, not reloaded
    assert "market=GB" in page.url
    assert "market=GB" in revenue.get_by_role("link", name="CSV").get_attribute("href")
    assert page.get_by_text("Correct to").count() == 1
    assert page.console_errors == []
