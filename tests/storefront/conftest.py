"""Fixtures of the storefront tests: the small catalogue of the catalogue tests, search snapshots cleared around
every test that uses the database (the live-node tests start their own servers and do not)."""

from __future__ import annotations

import pytest

from comeback.storefront import snapshot
from tests.catalog.conftest import catalogue  # noqa: F401 (shared fixture)

_DB_FIXTURES = {"db", "transactional_db", "live_server", "catalogue", "shop"}


@pytest.fixture(autouse=True)
def _no_search_snapshots(request, monkeypatch, settings):
    if request.node.get_closest_marker("django_db") is None and not (
        _DB_FIXTURES & set(request.fixturenames)
    ):
        yield
        return
    # Snapshots live in the process; a test must never see another test's database through one, and no
    # background thread may build one from outside the test's transaction.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    snapshot.clear()
    yield
    snapshot.clear()
