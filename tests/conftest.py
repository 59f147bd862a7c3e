"""Fixtures shared by every test package: an API client that speaks problem+json, actors, markets."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.core import markets

from .factories import PASSWORD, SellerFactory, StaffFactory, UserFactory


def pytest_collection_modifyitems(items):
    # Markets come from a data migration; transactional tests flush them. Rather than serialise and
    # restore the whole database around such tests (slow, and it clashes with content types re-created
    # by flush), `_seeded_markets` below puts the markets back. So serialized rollback is turned off.
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": False}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _seeded_markets(request):
    """Every test that touches the database sees the five seed markets, even after a flush."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not (_DB_FIXTURES & set(request.fixturenames)):
        yield
        return
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    transactional = transactional or bool({"transactional_db", "live_server"} & set(request.fixturenames))
    request.getfixturevalue("transactional_db" if transactional else "db")
    from comeback.core.models import Market

    if not Market.objects.exists():
        seed = importlib.import_module("comeback.core.migrations.0002_seed_markets")
        seed.seed(django_apps, None)
    markets.clear_cache()
    yield


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Argon2 is deliberately slow; tests that check the production hasher set it back themselves.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # hashes made before the fixture still verify
    ]


@pytest.fixture(autouse=True)
def _fresh_market_cache():
    # Markets and the signing keyring are copied per process; each test database is new.
    from comeback.core import versioned

    versioned.drop_local()
    yield
    versioned.drop_local()


@pytest.fixture(autouse=True)
def _providers():
    # Payment and payout providers keep state (recorded charges, scripted outcomes) between calls.
    from comeback.orders.payments import reset_providers

    reset_providers()
    yield
    reset_providers()


@pytest.fixture
def clock_at():
    """`with clock_at(dt):` freezes comeback.core.clock.now() at dt."""
    import time_machine

    def travel(at):
        return time_machine.travel(at, tick=False)

    return travel


@pytest.fixture(autouse=True)
def _fresh_word_indexes():
    # Search corrections, suggestions and colour groups read the catalogue once per process and keep it a
    # minute; a test's catalogue is new, and a live server shares this process.
    from comeback.catalog import colours, forgiving
    from comeback.storefront import suggest

    for module in (forgiving, suggest, colours):
        module.forget()
    yield


@pytest.fixture(autouse=True)
def _fresh_fragments():
    # Grade cards are kept per process under the key of what they show; a test's catalogue is new.
    from comeback.web.templatetags import comeback as tags

    tags.forget_fragments()
    yield


@pytest.fixture(autouse=True)
def _language_of_the_test():
    # A request in another language leaves that language active in this thread (LocaleMiddleware); every test
    # starts and ends in the default language, so none depends on which test ran before it.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The anonymous page cache outlives a test; tests/storefront/test_pagecache.py turns it on with a clean cache.
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }


class Reply:
    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        ctype = response.get("Content-Type", "")
        self.json = json.loads(response.content) if "json" in ctype and response.content else None

    def expect(self, status: int):
        assert self.status == status, f"expected {status}, got {self.status}: {self.response.content[:800]!r}"
        if status >= 400:
            assert self.response["Content-Type"].startswith("application/problem+json"), self.response[
                "Content-Type"
            ]
        return self.json


class ApiClient:
    """`api.as_(user).post(path, body).expect(201)`"""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.token = token

    def as_(self, user, scopes: list[str] | None = None) -> ApiClient:
        return ApiClient(issue_token(user=user, scopes=scopes).secret)

    def _headers(self, extra):
        h = dict(extra or {})
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h

    def get(self, path, params=None, headers=None) -> Reply:
        return Reply(self.client.get(path, params or {}, headers=self._headers(headers)))

    def post(self, path, body=None, headers=None) -> Reply:
        return Reply(
            self.client.post(
                path,
                json.dumps(body if body is not None else {}),
                content_type="application/json",
                headers=self._headers(headers),
            )
        )

    def put(self, path, body=None, headers=None) -> Reply:
        return Reply(
            self.client.put(
                path, json.dumps(body or {}), content_type="application/json", headers=self._headers(headers)
            )
        )

    def patch(self, path, body=None, headers=None) -> Reply:
        return Reply(
            self.client.patch(
                path, json.dumps(body or {}), content_type="application/json", headers=self._headers(headers)
            )
        )

    def delete(self, path, headers=None) -> Reply:
        return Reply(self.client.delete(path, headers=self._headers(headers)))


@pytest.fixture
def api(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def buyer(db):
    return UserFactory(email="buyer@example.test")


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.test")


@pytest.fixture
def seller(db):
    return SellerFactory(user=UserFactory(email="seller@example.test"))


@pytest.fixture
def other_seller(db):
    return SellerFactory(user=UserFactory(email="other-seller@example.test"))


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache, which outlives a test; each test starts with none.
    from comeback.core import ratelimit

    ratelimit.reset()
    yield


@pytest.fixture(scope="module")
def demo_seeded(request, django_db_setup, django_db_blocker):
    """The core demo, then the hooks the test module names in `DEMO_HOOKS` (e.g. `("passports", "repair")`,
    run in that order), inside one transaction rolled back when the module is done.

    Module-scoped, not session-scoped: every other test expects an empty database, and each module asks
    for its own hooks. Tests that read it request `demo_seeded` (the `DemoContext`) and `db`.
    """
    import random

    from django.db import transaction

    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel
    from comeback.core import clock
    from comeback.core.models import Market
    from comeback.demo import seeding as demo
    from comeback.offers.models import Offer
    from comeback.sellers.models import Seller

    hooks = getattr(request.module, "DEMO_HOOKS", ())
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # A transactional test before this module may have flushed the seeded markets.
            if not Market.objects.exists():
                importlib.import_module("comeback.core.migrations.0002_seed_markets").seed(django_apps, None)
            markets.clear_cache()
            demo.seed(hooks=False, show_progress=False)
            sellers = {
                s.user.email: s
                for s in Seller.objects.select_related("user").filter(
                    user__email__endswith=f"@{demo.DEMO_DOMAIN}"
                )
            }
            ctx = demo.DemoContext(
                rng=random.Random(demo.DEFAULT_SEED),
                now=clock.now(),
                password=demo.PASSWORD,
                show_progress=False,
                users={u.email: u for u in User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}")},
                sellers=sellers,
                products=list(
                    ProductModel.objects.filter(slug__in=demo.demo_product_slugs()).select_related(
                        "category", "category__parent"
                    )
                ),
                offers=list(
                    Offer.objects.filter(seller__in=sellers.values())
                    .select_related("seller__user", "variant__product__category")
                    .order_by("pk")
                ),
            )
            for app in hooks:
                importlib.import_module(f"comeback.{app}.demo").seed_demo(ctx)
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
