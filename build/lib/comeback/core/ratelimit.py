"""Rate limits on login, sign-up, token issue and quote endpoints (docs/design.md §5 Security by default).

A fixed-window counter every process and node shares, so a limit of 10 refuses the 11th attempt whichever
worker or node it reaches: in Redis when the default cache is Redis (`REDIS_URL`; one Lua script INCRs and
sets the expiry atomically), in the database otherwise (`core.RateCounter`, one atomic upsert per hit) —
never in a process's memory. A window is identified by its start on the clock, so moving the clock
(time-machine) opens a new window and no counter ever needs resetting; expired rows are pruned hourly.
`RATELIMIT_STORE` ("redis" or "database") overrides the choice.

A hit made inside a transaction that later rolls back is forgotten with it on the database store: callers
count before their transaction (every entry point below does).

Rates are strings "COUNT/PERIOD" with PERIOD in s, m, h or d and an optional multiplier ("10/5m" =
ten per five minutes). `settings.RATELIMITS` overrides the defaults below per scope; each default
can also be set from the environment as `RATELIMIT_<SCOPE>` (e.g. `RATELIMIT_LOGIN=20/5m`);
`RATELIMIT_ENABLED=0` turns every limit off (load tests only).

Use:
    ratelimit.hit("token", client_ip(request), email)            # raises TooManyRequests (429)
    @ratelimit.limit_view("signup")                             # web views: 429 page on POST
    path("accounts/login/", ratelimit.login_limited(LoginView.as_view(...)))
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import connection, transaction
from django.shortcuts import render
from django.utils.translation import gettext as _

from comeback.core import clock
from comeback.core.problems import TooManyRequests

log = logging.getLogger(__name__)

# Defaults (settings.py points here); per client IP unless noted.
DEFAULT_RATES: dict[str, str] = {
    "login": "10/5m",  # per IP + email: guessing one account's password
    "login_ip": "50/5m",  # per IP: stuffing many accounts from one address
    "token": "10/5m",  # POST /api/v1/auth/token, per IP + email
    "token_ip": "50/5m",
    "signup": "10/h",  # POST /api/v1/accounts and /accounts/signup/, per IP
    "quote": "60/m",  # trade-in quotes, per IP
    "password_reset": "5/h",  # /accounts/password/reset/, per IP: no mailbox flooded from one address
}

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# Tests switch to a fresh namespace per test so counters never leak from one test to the next;
# production never changes it, so every process shares the same keys.
_namespace = ""


@dataclass(frozen=True)
class Rate:
    limit: int
    window: int  # seconds

    @classmethod
    def parse(cls, text: str) -> Rate:
        match = _RATE.match(text or "")
        if not match:
            raise ValueError(f"rate {text!r} is not COUNT/PERIOD, e.g. '10/5m'")
        count, mult, unit = match.groups()
        window = int(mult or 1) * _UNIT_SECONDS[unit]
        if window <= 0:
            raise ValueError(f"rate {text!r} has an empty period")
        return cls(limit=int(count), window=window)


def enabled() -> bool:
    return bool(getattr(settings, "RATELIMIT_ENABLED", True))


def rate_for(scope: str, default: str | None = None) -> Rate | None:
    """The configured rate of a scope; None when the scope is switched off ("off")."""
    configured = getattr(settings, "RATELIMITS", {}) or {}
    text = (
        configured.get(scope)
        or os.environ.get(f"RATELIMIT_{scope.upper()}")
        or default
        or DEFAULT_RATES.get(scope)
    )
    if text is None:
        raise KeyError(f"no rate configured for scope {scope!r}")
    if text.strip().lower() in {"off", "none", "0"}:
        return None
    return Rate.parse(text)


def _cache():
    return caches[getattr(settings, "RATELIMIT_CACHE", "default")]


def store() -> str:
    """Where counters live: "redis" when the rate-limit cache is Django's Redis cache, else "database"."""
    configured = getattr(settings, "RATELIMIT_STORE", "") or ""
    if configured:
        return configured
    return "redis" if isinstance(_cache(), DjangoRedisCache) else "database"


# INCR and EXPIRE in one atomic step: a counter can never be left without its expiry.
_INCR_EXPIRE = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return n
"""


def _incr_redis(key: str, *, ttl: int) -> int:
    cache = _cache()
    client = cache._cache.get_client(key, write=True)
    return int(client.eval(_INCR_EXPIRE, 1, cache.make_and_validate_key(key), ttl))


def _incr_database(key: str, *, expires_at: datetime) -> int:
    from .models import RateCounter

    q = connection.ops.quote_name
    table, k, n, e = q(RateCounter._meta.db_table), q("key"), q("count"), q("expires_at")
    # INSERT … ON CONFLICT DO UPDATE … RETURNING: one statement, atomic on PostgreSQL and SQLite (3.35+),
    # so concurrent hits from any process each get their own count.
    sql = (
        f"INSERT INTO {table} ({k}, {n}, {e}) VALUES (%s, 1, %s) "
        f"ON CONFLICT ({k}) DO UPDATE SET {n} = {table}.{n} + 1 RETURNING {n}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [key, expires_at])
        return int(cursor.fetchone()[0])


def prune(*, at: datetime | None = None) -> int:
    """Delete the database counters of windows that are over."""
    from .models import RateCounter

    return RateCounter.objects.filter(expires_at__lt=at or clock.now()).delete()[0]


def _key(scope: str, parts: tuple[str, ...], window_start: int) -> str:
    # Hash the identity: keys stay short and no email address sits in the cache in clear.
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"rl:{_namespace}:{scope}:{digest}:{window_start}"


def hit(scope: str, *parts: str, rate: Rate | str | None = None, at: datetime | None = None) -> int:
    """Count one request of `parts` (client IP, email…) in `scope`; raise 429 `rate_limited` when over.

    Returns the count in the current window (0 when limits are off).
    """
    if not enabled():
        return 0
    if isinstance(rate, str):
        rate = Rate.parse(rate)
    rate = rate or rate_for(scope)
    if rate is None:
        return 0
    at = at or clock.now()
    now_ts = int(at.timestamp())
    window_start = now_ts - now_ts % rate.window
    key = _key(scope, tuple(p.strip().lower() for p in parts), window_start)
    ttl = rate.window + 5
    if store() == "redis":
        try:
            count = _incr_redis(key, ttl=ttl)
        except Exception:  # Redis is down: fail open rather than lock every user out
            log.exception("rate limit cache unavailable for %s", scope)
            return 0
    else:  # the database being down fails the whole request anyway (503)
        count = _incr_database(key, expires_at=datetime.fromtimestamp(window_start + ttl, tz=UTC))
    if count > rate.limit:
        raise TooManyRequests(
            _("Too many attempts. Try again in %(seconds)d seconds.")
            % {"seconds": window_start + rate.window - now_ts},
            code="rate_limited",
            retry_after=datetime.fromtimestamp(window_start + rate.window, tz=UTC),
            scope=scope,
        )
    return count


def reset() -> None:
    """Forget every counter (tests): later keys live in a fresh namespace; old ones expire on their own."""
    global _namespace
    _namespace = secrets.token_hex(6)


def client_ip(request) -> str:
    """The client's address. Behind N trusted proxies (`RATELIMIT_PROXY_COUNT`), the Nth X-Forwarded-For
    entry from the right — the left-most entries are whatever the client chose to send."""
    proxies = int(getattr(settings, "RATELIMIT_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= proxies:
            remote = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(remote))
    except ValueError:
        return remote or "unknown"


def _retry_after_seconds(problem: TooManyRequests) -> int:
    return (
        max(1, math.ceil((problem.retry_after - clock.now()).total_seconds())) if problem.retry_after else 60
    )


def limit_view(
    scope: str,
    *,
    key: Callable[[object], tuple[str, ...]] | None = None,
    methods: tuple[str, ...] = ("POST",),
    template: str = "core/rate_limited.html",
):
    """Decorate a web view: over the limit, answer 429 with a page and Retry-After instead of running it.

    `key(request)` returns the identity parts; the client IP by default. Only `methods` count (a GET
    of the form is free).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                parts = key(request) if key else (client_ip(request),)
                try:
                    hit(scope, *parts)
                except TooManyRequests as problem:
                    response = render(request, template, {"problem": problem}, status=429)
                    response["Retry-After"] = str(_retry_after_seconds(problem))
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _login_identity(request) -> tuple[str, ...]:
    return (
        client_ip(request),
        (request.POST.get("username") or request.POST.get("email") or "").strip().lower(),
    )


def login_limited(view):
    """Rate-limit a login view (Django's LoginView posts `username`): per IP + email, and per IP."""
    return limit_view("login_ip")(limit_view("login", key=_login_identity)(view))


def check_login(request, email: str, *, scope: str = "login") -> None:
    """For handlers that log in by email (API token issue): both the per-account and the per-IP limit."""
    ip = client_ip(request)
    hit(f"{scope}_ip", ip)
    hit(scope, ip, (email or "").strip().lower())
