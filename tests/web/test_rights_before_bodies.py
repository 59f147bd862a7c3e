"""Rights before bodies on the pages: every guarded page answers a POST from a visitor without rights —
the login page for an anonymous visitor, 403 for a user without the right — before CSRF or the view reads
the body, even one that cannot be read (a multipart body without a boundary)."""

from __future__ import annotations

import re
import uuid

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from comeback.web.access import logged_in

from ..factories import UserFactory

CONVERTERS = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": str(uuid.uuid4())}


def _views(patterns=None, prefix="/"):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _views(entry.url_patterns, prefix + route.lstrip("^"))
        elif isinstance(entry, URLPattern):
            path = prefix + re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTERS[m.group(1) or "str"], route)
            yield path, entry.callback


PROJECT_VIEWS = [(p, v) for p, v in _views() if v.__module__.startswith("comeback.")]
GUARDED = [(p, v) for p, v in PROJECT_VIEWS if getattr(v, "rights", ())]


def test_given_the_pages_then_the_walk_finds_the_guarded_ones():
    paths = {p for p, _ in GUARDED}
    assert len(GUARDED) > 60
    assert {"/seller/listings/new/", "/staff/", "/parts/import/", "/warranty/claims/new/1/"} <= paths


def test_given_every_page_then_none_uses_djangos_own_login_decorator():
    """Django's `login_required` records nothing the middleware could run before the body."""
    assert [p for p, v in PROJECT_VIEWS if hasattr(v, "login_url") and not getattr(v, "rights", ())] == []


def _hostile_post(client: Client, path: str):
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32  # so CSRF would read the body
    return client.post(path, b"--x\r\nbroken", content_type="multipart/form-data")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "view"), GUARDED, ids=[p for p, _ in GUARDED])
def test_given_an_anonymous_post_with_an_unreadable_body_then_the_login_page(path, view):
    response = _hostile_post(Client(enforce_csrf_checks=True), path)
    assert response.status_code == 302 and response["Location"].startswith(
        resolve_url(settings.LOGIN_URL) + "?next="
    )


BEYOND_LOGIN = [(p, v) for p, v in GUARDED if set(v.rights) - {logged_in}]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "view"), BEYOND_LOGIN, ids=[p for p, _ in BEYOND_LOGIN])
def test_given_a_user_without_the_right_and_an_unreadable_body_then_403(path, view):
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    assert _hostile_post(client, path).status_code == 403
