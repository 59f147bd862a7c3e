"""Fresh everywhere, at once (docs/deploy.md "Freshness and healing"): the request that writes makes the cached
pages it affects stale right after its commit, whatever the workers do; with Redis gone pages are rendered
without the cache; with the database gone every answer is a 503 with Retry-After, never a 500."""

from __future__ import annotations

import httpx
import pytest
from django.core.cache import caches
from django.db import transaction
from django.test import Client

from comeback.accounts.services import TOKEN_PREFIX, issue_token
from comeback.core.models import OutboxEvent
from comeback.offers import services as offer_services

from ..servers import node, private_postgres, private_redis, shared_database_url
from .shop import build_shop, fast_passwords  # noqa: F401 (fast_passwords is an autouse fixture)

PRODUCT = "/p/apple-iphone-13/?market=FR"
http = httpx.Client(timeout=60)  # a cold node's first render imports and compiles a lot on a busy machine


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()
    yield
    for alias in ("pages", settings.PAGE_CACHE_GENERATIONS):
        caches[alias].clear()


@pytest.fixture
def no_workers(settings):
    """Tasks are queued in the database and nothing runs them: drains wait, as behind a busy or dead worker."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }


@pytest.mark.django_db(transaction=True)
def test_given_no_worker_running_when_a_seller_changes_a_price_then_the_next_visitor_sees_it(
    page_cache, no_workers
):
    shop = build_shop()
    Client().get(PRODUCT)
    assert Client().get(PRODUCT)["X-Page-Cache"] == "hit"

    offer_services.update_listing(seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 40900})

    page = Client().get(PRODUCT)
    assert page["X-Page-Cache"] == "miss" and "€409.00" in page.content.decode()
    assert OutboxEvent.objects.filter(
        topic="offer.updated", processed_at__isnull=True
    ).exists()  # no drain ran


@pytest.mark.django_db(transaction=True)
def test_given_redis_killed_when_visitors_read_and_sellers_write_then_pages_render_without_the_cache(
    settings,
):
    shop = build_shop()
    with private_redis() as redis:
        settings.PAGE_CACHE_SECONDS = 30
        settings.CACHES = {
            **settings.CACHES,
            "pages": {
                "BACKEND": "comeback.core.cache.RedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            },
        }
        settings.PAGE_CACHE_GENERATIONS = "pages"
        assert [Client().get(PRODUCT)["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

        redis.kill()
        page = Client().get(PRODUCT)
        assert page.status_code == 200 and page["X-Page-Cache"] == "bypass"

        with transaction.atomic():  # the write commits; its page bump fails, and the outbox keeps it to retry
            offer_services.update_listing(
                seller=shop.best.seller, offer_id=shop.best.pk, changes={"price": 40900}
            )
        event = OutboxEvent.objects.get(topic="offer.updated")
        assert event.processed_at is None and event.attempts == 1 and "ConnectionError" in event.last_error
        page = Client().get(PRODUCT)
        assert page.status_code == 200 and "€409.00" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_given_two_nodes_sharing_redis_when_node_a_writes_a_price_then_node_b_shows_it_on_its_next_read(
    tmp_path,
):
    shop = build_shop()
    token = issue_token(user=shop.best.seller.user).secret
    product_api = f"/api/v1/products/{shop.iphone.pk}?market=FR"
    with private_redis() as redis:
        database = shared_database_url()
        with (
            node(database=database, redis=redis.url, log=tmp_path / "a.log") as a,
            node(database=database, redis=redis.url, log=tmp_path / "b.log") as b,
        ):
            for path in (PRODUCT, product_api):
                assert http.get(b + path).status_code == 200
                assert http.get(b + path).headers["X-Page-Cache"] == "hit"

            written = http.patch(
                f"{a}/api/v1/seller/listings/{shop.best.pk}",
                json={"price": 40900},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert written.status_code == 200, written.text

            # No worker runs in this fleet: node A's bump after its commit is what makes B fresh.
            page, api = http.get(b + PRODUCT), http.get(b + product_api)
            assert page.headers["X-Page-Cache"] == "miss" and "€409.00" in page.text
            assert api.headers["X-Page-Cache"] == "miss" and "40900" in api.text


def test_given_postgresql_killed_when_clients_call_then_they_get_503_with_retry_after_and_never_500(tmp_path):
    cart = {"Authorization": f"Bearer {TOKEN_PREFIX}unknown"}  # its look-up reads the database
    with (
        private_postgres(migrate=("core", "django_tasks_database", "accounts")) as pg,
        node(database=pg.url, log=tmp_path / "node.log") as app,
    ):
        assert http.get(app + "/api/v1/cart", headers=cart).status_code == 401

        pg.stop()
        api = http.get(app + "/api/v1/cart", headers=cart)
        checkout = http.post(
            app + "/api/v1/checkout",
            json={"market": "FR", "payment_method": "4242424242424242"},
            headers={**cart, "Idempotency-Key": "k-1"},
        )
        page = http.get(app + "/search/?q=iphone")

        assert api.status_code == 503 and api.headers["Content-Type"] == "application/problem+json"
        assert api.json()["code"] == "service_unavailable" and int(api.headers["Retry-After"]) > 0
        assert api.json()["retry_with_same_idempotency_key"] is False
        assert checkout.status_code == 503 and checkout.json()["retry_with_same_idempotency_key"] is True
        assert "Idempotency-Key" in checkout.json()["detail"]
        assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0

        pg.start()
        assert http.get(app + "/api/v1/cart", headers=cart).status_code == 401  # healed without a hand
