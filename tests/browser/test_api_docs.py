"""The API docs page renders in a browser that cannot reach the internet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_a_browser_without_internet_when_it_opens_the_api_docs_then_the_operations_are_listed(
    page, live_server
):
    outside = []

    def only_the_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_site)
    page.goto("/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Comeback API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert outside == []
    assert page.console_errors == []
