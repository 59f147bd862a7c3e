"""core/ratelimit.py: fixed windows counted where every process sees them — the database, and Redis when it
is reachable."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory

from comeback.core import ratelimit
from comeback.core.problems import TooManyRequests

from ..servers import shared_redis_url

T0 = datetime(2027, 3, 1, 9, 0, 10, tzinfo=UTC)
REDIS = ("127.0.0.1", 6379)


def _redis_reachable() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(
    params=[pytest.param("database", marks=pytest.mark.django_db(transaction=True)), "redis"]
)  # threads count through their own connections: committed rows
def cache_backend(request, settings):
    if request.param == "redis":
        if not _redis_reachable():
            pytest.fail("Redis is not running at 127.0.0.1:6379 (the stack needs it: .ci/run starts it)")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": shared_redis_url(15),
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "ratelimit-tests",
            }
        }
    ratelimit.reset()
    assert ratelimit.store() == request.param
    return request.param


@pytest.mark.parametrize(
    "text, limit, window",
    [("10/5m", 10, 300), ("5/h", 5, 3600), ("3/s", 3, 1), ("100 / 2d", 100, 172800), ("1/m", 1, 60)],
)
def test_given_a_rate_text_when_parsed_then_count_and_window_in_seconds(text, limit, window):
    assert ratelimit.Rate.parse(text) == ratelimit.Rate(limit=limit, window=window)


@pytest.mark.parametrize("text", ["", "10", "ten/m", "10/5x", "10/0m"])
def test_given_a_malformed_rate_when_parsed_then_value_error(text):
    with pytest.raises(ValueError):
        ratelimit.Rate.parse(text)


def test_given_a_scope_when_its_rate_is_read_then_settings_beat_env_beat_defaults(settings, monkeypatch):
    assert ratelimit.rate_for("login") == ratelimit.Rate(10, 300)
    monkeypatch.setenv("RATELIMIT_LOGIN", "20/m")
    assert ratelimit.rate_for("login") == ratelimit.Rate(20, 60)
    settings.RATELIMITS = {"login": "off"}
    assert ratelimit.rate_for("login") is None


def test_given_three_per_minute_when_a_fourth_request_comes_then_429_until_the_next_window(cache_backend):
    with time_machine.travel(T0, tick=False) as clock:
        assert [ratelimit.hit("t", "1.2.3.4", rate="3/m") for _ in range(3)] == [1, 2, 3]
        with pytest.raises(TooManyRequests) as refused:
            ratelimit.hit("t", "1.2.3.4", rate="3/m")
        assert refused.value.code == "rate_limited" and refused.value.status == 429
        assert refused.value.retry_after == datetime(2027, 3, 1, 9, 1, tzinfo=UTC)
        assert refused.value.response()["Retry-After"] == "50"
        clock.move_to(T0 + timedelta(seconds=50))
        assert ratelimit.hit("t", "1.2.3.4", rate="3/m") == 1


def test_given_two_identities_when_counted_then_each_has_its_own_budget(cache_backend):
    with time_machine.travel(T0, tick=False):
        for _ in range(2):
            ratelimit.hit("login", "1.2.3.4", "a@example.com", rate="2/m")
        assert ratelimit.hit("login", "1.2.3.4", "B@example.com", rate="2/m") == 1
        assert ratelimit.hit("login", "5.6.7.8", "a@example.com", rate="2/m") == 1
        assert ratelimit.hit("other", "1.2.3.4", "a@example.com", rate="2/m") == 1
        with pytest.raises(TooManyRequests):
            ratelimit.hit("login", "1.2.3.4", "A@EXAMPLE.COM", rate="2/m")  # same identity, other case


def test_given_many_threads_at_once_when_they_race_then_exactly_the_limit_passes(cache_backend):
    passed, refused = [], []
    barrier = threading.Barrier(16)

    def one():
        barrier.wait()
        try:
            ratelimit.hit("race", "9.9.9.9", rate="10/h")
            passed.append(1)
        except TooManyRequests:
            refused.append(1)

    def counted():
        try:
            one()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=counted) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(passed) == 10 and len(refused) == 6


def test_given_limits_switched_off_when_hit_then_never_refused(settings, cache_backend):
    settings.RATELIMIT_ENABLED = False
    assert all(ratelimit.hit("t", "x", rate="1/h") == 0 for _ in range(3))


def test_given_a_reset_when_hit_again_then_counting_starts_over(cache_backend):
    ratelimit.hit("t", "x", rate="1/h")
    ratelimit.reset()
    assert ratelimit.hit("t", "x", rate="1/h") == 1


@pytest.mark.parametrize(
    "proxies, forwarded, remote, expected",
    [
        (0, "6.6.6.6", "10.0.0.1", "10.0.0.1"),  # no trusted proxy: the header is the client's word, ignored
        (1, "6.6.6.6, 203.0.113.9", "10.0.0.1", "203.0.113.9"),  # the proxy appended the real client
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", "10.0.0.1", "203.0.113.9"),
        (1, "", "10.0.0.1", "10.0.0.1"),
    ],
)
def test_given_trusted_proxies_when_reading_the_client_ip_then_spoofed_entries_are_ignored(
    settings, proxies, forwarded, remote, expected
):
    settings.RATELIMIT_PROXY_COUNT = proxies
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert ratelimit.client_ip(request) == expected


@pytest.mark.django_db
def test_given_a_login_view_wrapped_when_one_account_is_guessed_at_then_429_page_with_retry_after(settings):
    from django.contrib.auth.models import AnonymousUser

    from comeback.core import markets

    settings.RATELIMITS = {"login": "2/5m"}
    view = ratelimit.login_limited(lambda request: HttpResponse("form"))

    def post(username):
        request = RequestFactory().post("/accounts/login/", {"username": username, "password": "x"})
        request.user, request.market = AnonymousUser(), markets.find("FR")
        return view(request)

    assert [post("a@example.com").status_code for _ in range(2)] == [200, 200]
    refused = post("A@example.com")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.content.decode()
    assert post("b@example.com").status_code == 200  # another account is still free to log in
    assert view(RequestFactory().get("/accounts/login/")).status_code == 200  # showing the form is free


@pytest.mark.django_db
def test_given_windows_that_are_over_when_pruned_then_only_their_database_counters_go():
    from comeback.core.models import RateCounter

    with time_machine.travel(T0, tick=False) as clock:
        ratelimit.hit("t", "old", rate="3/m")
        clock.move_to(T0 + timedelta(minutes=5))
        ratelimit.hit("t", "new", rate="3/m")
        assert ratelimit.prune() == 1
        assert RateCounter.objects.count() == 1
