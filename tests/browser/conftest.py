"""Fixtures for every browser test: Debian's chromium driven by Playwright against pytest-django's live server.

Use them like this:

    @pytest.mark.browser
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_...(page, live_server):
        page.goto(live_server.url + "/")

`page` is a desktop-sized tab (1280×900), `phone_page` a phone-sized one (390×844, touch); both collect
the browser console's errors in `page.console_errors` (a CSP violation shows up there). `login_as(page, user)`
signs a user in by handing the browser a session cookie. `shots` is the folder for screenshots
(COMEBACK_VAR, so parallel runs do not collide).

The live server runs in another thread, so tests need a transactional database;
`serialized_rollback=True` restores the seeded markets after each test's flush. The fixtures request
both, so a test that forgets the marker still gets them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# CI runs two suites side by side on two cores: a page may take seconds to answer, so assertions wait
# longer than Playwright's 5 s before they fail (a passing assertion returns as soon as it holds).
expect.set_options(timeout=20_000)

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse to run here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(transactional_db, django_db_serialized_rollback, live_server):
    """A chromium for one test, started after the test database is ready and stopped before it is flushed.

    Playwright's sync API leaves an asyncio loop marked as running in this thread, which makes Django
    hand out a separate database connection while it lives (asgiref's Local switches to context
    storage). Starting it only once the database is set up, and closing that connection before
    stopping it, keeps the serialized rollback (the seeded markets) and the test database intact.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()  # the connections opened while the loop ran


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **context_options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    return context, page


@pytest.fixture
def page(browser, live_server):
    context, tab = _new_page(browser, live_server, viewport=DESKTOP)
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, tab = _new_page(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield tab
    context.close()


@pytest.fixture
def login_as(live_server):
    """login_as(page, user): the browser behind `page` is signed in as `user` (no login form, no rate limit)."""

    def _login(tab, user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        tab.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )

    return _login


@pytest.fixture
def shots() -> Path:
    folder = Path(settings.VAR_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder
