"""core/cache.py: Django's Redis cache with one client per connection pool (CI starts Redis)."""

from __future__ import annotations

import warnings

import pytest
import redis

from comeback.core.cache import RedisCache

from ..concurrency import race
from ..servers import shared_redis_url

URL = shared_redis_url(13)


@pytest.fixture
def cache():
    backend = RedisCache(URL, {"KEY_PREFIX": "test-core-cache"})
    try:
        backend.clear()
    except (
        redis.ConnectionError
    ) as exc:  # a failure, not a skip: the stack needs Redis (docs/design.md, .ci/run)
        pytest.fail(f"Redis is not running at {URL}: {exc}")
    yield backend
    backend.clear()


def test_given_the_backend_when_called_many_times_then_it_builds_one_client_per_pool(cache):
    cache.set("a", 1)
    cache.get("a")
    first = cache._cache.get_client("a")

    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("a", write=True) is cache._cache.get_client("c", write=True)


def test_given_values_then_the_cache_api_behaves_as_django_documents(cache):
    cache.set("page", {"body": b"<html>", "gens": ["1/ab"]}, timeout=60)
    assert cache.add("page", "other") is False
    assert cache.add("fresh", 1) is True

    assert cache.get_many(["page", "fresh", "missing"]) == {
        "page": {"body": b"<html>", "gens": ["1/ab"]},
        "fresh": 1,
    }
    assert cache.incr("fresh") == 2
    cache.delete("page")
    assert cache.get("page") is None


def test_given_keys_memcached_would_refuse_when_many_are_read_then_redis_answers_without_a_warning(cache):
    cache.set("pc:page:a key with spaces", 1)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = cache.get_many(["pc:page:a key with spaces", "missing\n"])

    assert found == {"pc:page:a key with spaces": 1}


def test_given_threads_sharing_the_client_when_they_count_at_once_then_no_increment_is_lost(cache):
    cache.set("hits", 0, timeout=None)

    def count():
        for _ in range(50):
            cache.incr("hits")

    race([count] * 8)

    assert cache.get("hits") == 400
