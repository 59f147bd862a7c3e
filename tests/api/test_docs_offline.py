"""The API docs page is served whole by the site: no asset comes from a CDN."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_given_no_internet_when_the_api_docs_page_is_read_then_every_asset_it_loads_is_one_of_the_sites_static_files(
    client,
):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls)
    for url in urls:
        assert url.startswith("/static/"), f"{url} is not served by the site"
        assert finders.find(url.removeprefix("/static/")), f"{url} is not a static file of the site"
    assert "cdn" not in html.lower()


def test_given_the_api_docs_page_when_it_is_served_then_its_content_policy_allows_only_the_site(client):
    policy = client.get("/api/v1/docs")["Content-Security-Policy"]

    assert "script-src 'self';" in policy
    assert "default-src 'self'" in policy
    assert "http" not in policy
