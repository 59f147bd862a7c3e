"""Fixtures of the catalogue tests: a small catalogue created through the services (so it is indexed)."""

from __future__ import annotations

import pytest

from comeback.storefront import snapshot

from .factories import Catalogue, build_catalogue


@pytest.fixture(autouse=True)
def _no_search_snapshots(monkeypatch):
    # Snapshots live in the process; a test must never see another test's database through one, and no
    # background thread may build one from outside the test's transaction.
    monkeypatch.setattr(snapshot, "BACKGROUND_REFRESH", False)
    snapshot.clear()
    yield
    snapshot.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is deliberately slow; these tests create sellers, they do not test hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(db, django_capture_on_commit_callbacks) -> Catalogue:
    with django_capture_on_commit_callbacks(execute=True):
        return build_catalogue()
