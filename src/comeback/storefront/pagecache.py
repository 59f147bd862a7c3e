"""The anonymous page cache: product and search pages rendered once, served many times to visitors
without a session (docs/decisions/0004-page-cache.md).

Why: a product page costs ~20 ms of Python (templates, ORM, money formatting) while the same server
answers a hello-world view in under 1 ms; most catalogue traffic is anonymous and repeats.

Rules:
- Only GET, only the routes in `settings.PAGE_CACHE_ROUTES`, only visitors with no session, no
  messages cookie and no `Authorization` header: a logged-in buyer, seller or staff member always gets
  a fresh page (their header, cart and prices are theirs).
- The key holds the path and query, the market, the language and the htmx headers (request, target,
  history restore).
- An entry is stale when its generations no longer match: the catalogue generation (bumped by seller
  decisions and quality-score changes) and the product's own or, for pages listing many products, the
  listing generation of the page's market (both bumped by offer, stock and review events). `bump()` is
  called after commit by outbox handlers (catalog/handlers.py), often in the task worker: generations
  live where every process sees them (Redis, or files under var/), while page bodies may stay in each
  process's memory.
- A bump writes a new unique token rather than incrementing: two bumps can never collapse into one, and
  a generation that was evicted is recreated with a token no stored page carries.
- Each page is rendered again after a random share (half to all) of `PAGE_CACHE_SECONDS`, so pages
  cached together do not all expire together; the first request after that renders it while the others
  keep the previous copy ("stale"), so a page past its time costs one render, not one per waiting visitor.
- Time alone changes one rule: a seller on probation stops selling at its deadline (day 40), and no event
  says so. No page is kept past the next such deadline.
- Listing pages are read from the market's search snapshot, shared by every node (storefront/snapshot_share.py):
  its stamp is one more generation of theirs, so a newer snapshot makes them stale, and a page rendered from
  a snapshot other than the current one is never stored. A cached page never claims to be fresher than the
  data it was built from.
  Search pages and the product list API read every offer they show from that snapshot when the market has
  one (SNAPSHOT_LISTINGS): for them the snapshot's stamp is the one offer generation, and an offer event
  (which moves the market's listing generation) does not make them stale before the next snapshot is
  published. Without this, a market's twenty price changes a second made every search page a render.
  Unless the snapshot has missed a listing change for twice its rebuild period (no scheduler, or a late one):
  then such a page is rendered again, and its search rebuilds the snapshot as a lagging searcher does.
  A page stale only through a newer snapshot whose patches touched no product its searches could show is served
  ("survived") and stored again under the new stamp, within its time (storefront/survival.py).
- The CSRF token is per visitor: pages are rendered with a placeholder, replaced on the way out.
"""

from __future__ import annotations

import hashlib
import logging
import math
import random
import re
import secrets
import time
from contextvars import ContextVar
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import translation

from comeback.catalog import kept
from comeback.web.middleware import MARKET_COOKIE, choose_market, remember_market

from . import survival
from .page_csrf import visitor_csrf_token

log = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "__comeback_csrf_token_placeholder_5b1d__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
CATALOGUE_GEN = "pc:gen"  # everything: a seller's status hides or shows all of its offers
# Everything the inner middlewares and the view set is replayed, except what is the visitor's own.
_NOT_KEPT = {"set-cookie", "x-page-cache"}
_MESSAGES_COOKIE = "messages"
# Listing routes whose offers all come from the market's search snapshot when it has one (catalog views.search
# and the product list API: their cards, totals and facets); the home page mixes in other reads.
SNAPSHOT_LISTINGS = (
    re.compile(r"^/search/$"),
    re.compile(r"^/c/[-\w]+/$"),
    re.compile(r"^/api/v1/products$"),
)
ANY = "*"  # in a stored page's generations: this one does not concern it (a token is never "*")


def search_gen_key(market: str) -> str:
    """The stamp of the market's shared search snapshot (storefront/snapshot_share.py): its build time first."""
    return f"pc:gen:search:{market}"


# Tokens carry milliseconds. An event's time is rounded up and a snapshot's build time down, so an event in the
# same millisecond as a build always reads as newer than it (a snapshot is never judged to show what it lacks).
TOKEN_RESOLUTION = 0.001


def token_at(at: float) -> str:
    """A new generation token carrying the time `at` (a snapshot's build time) rather than now."""
    return f"{math.floor(at * 1000) / 1000:.3f}/{secrets.token_hex(6)}"


def set_generation(key: str, token: str) -> None:
    _gens().set(key, token, timeout=None)


def token_time(token: str | None) -> float | None:
    """The time a generation token carries (None for a generation created because none was there)."""
    try:
        at = float((token or "").split("/", 1)[0])
    except ValueError:
        return None
    return at or None


_rendered_from: ContextVar[str | None] = ContextVar("page_rendered_from_snapshot", default=None)


def rendered_from(snapshot_stamp: str | None) -> None:
    """Say which search snapshot the page being rendered reads (a page is stored only under that one)."""
    _rendered_from.set(snapshot_stamp)


def listing_gen_key(market: str) -> str:
    """Pages listing many products in one market: search, categories, home, the product list API."""
    return f"pc:gen:listing:{market}"


def _cache():
    return caches["pages"]


def _gens():
    return caches[settings.PAGE_CACHE_GENERATIONS]


def product_gen_key(ref: str | int) -> str:
    return f"pc:gen:p:{ref}"


def _new_token(*, event: bool = True) -> str:
    # The time of the event first: listing pages read how long ago the listings last changed (_timeout).
    # A generation created because none was there is no event: it carries time 0.
    return f"{math.ceil(time.time() * 1000) / 1000 if event else 0:.3f}/{secrets.token_hex(6)}"


def bump(*keys: str) -> None:
    """Make every cached page that depends on these generations stale (idempotent in effect)."""
    _gens().set_many({key: _new_token() for key in keys}, timeout=None)


def current_generations(keys: list[str], got: dict | None = None) -> list[str | None]:
    """Each generation's token, creating the missing ones; None where one cannot be read back."""
    got = dict(got) if got is not None else _gens().get_many(keys)
    missing = [key for key in keys if key not in got]
    if missing:
        for key in missing:
            _gens().add(key, _new_token(event=False), timeout=None)
        got.update(_gens().get_many(missing))  # whichever concurrent add won
    return [got.get(key) for key in keys]


# The probation deadlines around now, asked again only when they may have changed rather than on every render
# (~0.7 ms of ORM): at the next deadline, when the catalogue generation moves (every seller decision bumps it,
# and a seller reinstated into probation keeps its deadline), and after a minute for edits made outside the
# services (the admin).
DEADLINES_MEMO_SECONDS = 60
_deadlines: tuple[str | None, float, datetime | None, datetime | None] | None = (
    None  # (catalogue, until, last, next)
)


def probation_deadlines(now: datetime, *, catalogue: str | None) -> tuple[datetime | None, datetime | None]:
    global _deadlines
    memo = _deadlines
    if memo is None or memo[0] != catalogue or now.timestamp() >= memo[1]:
        from comeback.sellers.selectors import probation_deadlines_around

        last, upcoming = probation_deadlines_around(now)
        valid_until = now.timestamp() + DEADLINES_MEMO_SECONDS
        if upcoming is not None:
            valid_until = min(valid_until, upcoming.timestamp())
        memo = _deadlines = (catalogue, valid_until, last, upcoming)  # one assignment: threads see old or new
    return memo[2], memo[3]


@lru_cache(maxsize=1)
def _routes() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in settings.PAGE_CACHE_ROUTES)


def _match(path: str) -> re.Match | None:
    for route in _routes():
        found = route.match(path)
        if found:
            return found
    return None


def is_anonymous(request) -> bool:
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and _MESSAGES_COOKIE not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


REFRESH_CLAIM_SECONDS = 30  # a renderer that died frees its claim after this


class _CacheDown(Exception):
    """The page cache could not be read or written; `rendered` is the page when it was already rendered."""

    def __init__(self, rendered=None):
        super().__init__()
        self.rendered = rendered


def _cache_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


class _cache_calls:
    """Cache errors met while looking a page up become _CacheDown; errors of the render itself pass through."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None and isinstance(exc, _cache_errors()) and not getattr(exc, "_from_render", False):
            raise _CacheDown() from exc
        return False


class _rendered:
    """Marks errors raised while rendering, so a view's own Redis error is not taken for the page cache's."""

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if exc is not None:
            exc._from_render = True
        return False


def _same(stored: list, current: list[str | None]) -> bool:
    """Stored under the current generations (ANY matches whatever the current one is)."""
    return stored == current or (
        len(stored) == len(current) and all(s in (c, ANY) for s, c in zip(stored, current, strict=True))
    )


def _lagging(stored: list, current: list[str | None]) -> bool:
    """A listing page read from the market's snapshot (its listing generation ANY) whose snapshot has missed a
    listing change for twice the rebuild period: the scheduler is late or absent, so the page is rendered again,
    and its search finds the lag and rebuilds the snapshot (snapshot_share.for_market, the same bound)."""
    if len(stored) != 3 or stored[1] != ANY:
        return False
    changed, built = token_time(current[1]), token_time(current[2])
    if changed is None or built is None or changed <= built:
        return False
    from .snapshot_share import rebuild_seconds

    return time.time() + TOKEN_RESOLUTION - changed >= 2 * rebuild_seconds()


def _fresh(entry: dict | None, current: list[str | None]) -> bool:
    """A stored page that may be served as it is: stored under the current generations, within its time."""
    return entry is not None and _same(entry["gens"], current) and time.time() < entry.get("fresh_until", 0)


def _claim_refresh(claim: str) -> bool:
    return _cache().add(claim, 1, timeout=REFRESH_CLAIM_SECONDS)


def rendering_for_cache(request) -> bool:
    return getattr(request, "_page_cache_render", False)


class AnonymousPageCacheMiddleware:
    """Placed just after the security middlewares: a hit skips sessions, locale, CSRF, auth and messages,
    so it costs about what a hello-world view costs. The key's market and language are chosen by the
    same functions the market and locale middlewares use; a render whose market or language came out
    different is not stored."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return self.get_response(request)
        found = _match(request.path_info)
        if found is None or not is_anonymous(request):
            return self.get_response(request)

        try:
            return self._cached(request, found, seconds)
        except _CacheDown as down:
            # Redis (or the generation files) cannot be reached: the page is rendered, never refused (fail open).
            log.warning("page cache unreachable, rendering %s without it: %s", request.path, down.__cause__)
            response = self.get_response(request) if not down.rendered else down.rendered
            return self._personalise(request, response, "bypass")

    def _cached(self, request, found, seconds: int):
        market = choose_market(request).code
        language = translation.get_language_from_request(request)
        product = found.groupdict().get("product")
        if product:
            gens = [CATALOGUE_GEN, product_gen_key(product)]
        else:  # listings also show the market's shared search snapshot: a newer one makes them stale
            gens = [CATALOGUE_GEN, listing_gen_key(market), search_gen_key(market)]
        key = self._key(request, market, language)
        with _cache_calls():
            return self._lookup(request, key, gens, market, language, product, seconds)

    def _lookup(self, request, key, gens, market, language, product, seconds: int):
        if settings.PAGE_CACHE_GENERATIONS == "pages":
            got = _cache().get_many([key, *gens])
            entry = got.pop(key, None)
            current = current_generations(gens, got)
        else:
            entry = _cache().get(key)
            current = current_generations(gens)
        if entry is not None and (kept_page := survival.carried(entry, current, market)) is not None:
            # A newer snapshot whose patches cannot change the page: served, and stored under it for the next hit.
            _cache().set(key, kept_page, timeout=max(1, math.ceil(2 * (entry["fresh_until"] - time.time()))))
            return self._replay(request, kept_page, "survived")
        refreshing = None
        if entry is not None and _same(entry["gens"], current) and not _lagging(entry["gens"], current):
            if _fresh(entry, current):
                return self._replay(request, entry, "hit")
            # Past its time only: one request renders it again while the others keep the copy.
            refreshing = key + ":refresh"
            if not _claim_refresh(refreshing):
                return self._replay(request, entry, "stale")
            # The previous renderer stores its page before it frees the claim: it may have done both between
            # our read and our claim, and then its page is the one to serve.
            again = _cache().get(key)
            if _fresh(again, current):
                _cache().delete(refreshing)
                return self._replay(request, again, "hit")

        request._page_cache_render = True
        used, noted = _rendered_from.set(None), survival.begin()
        listing = product is None and any(r.match(request.path_info) for r in SNAPSHOT_LISTINGS)
        version = kept.version() if listing else None  # the catalogue the page's searches read
        try:
            with _rendered():  # if the render raises, the claim lapses after REFRESH_CLAIM_SECONDS
                response = self.get_response(request)
            snapshot = _rendered_from.get()
        finally:
            _rendered_from.reset(used)
            searches = survival.end(noted)
        survive = {}
        if snapshot is not None and (len(current) < 3 or snapshot != current[2]):
            current = [None]  # rendered from a search snapshot other than the current one: not stored
        elif snapshot is not None and listing:
            # Its offers are the snapshot's: the stamp says when they change.
            current = [current[0], ANY, current[2]]
            if searches is not None and version is not None and version == kept.version():
                survive = {"searches": searches, "catalogue_version": version}  # survival.py
        try:
            self._store(
                request, response, key, current, market, language, product, seconds, refreshing, survive
            )
        except _cache_errors() as exc:
            raise _CacheDown(rendered=response) from exc
        return self._personalise(request, response, "miss")

    def _store(self, request, response, key, current, market, language, product, seconds, refreshing, extra):
        if (
            response.status_code == 200
            and not response.streaming
            and set(response.cookies) <= {MARKET_COOKIE}  # the one cookie a hit sets again
            and None not in current
            and getattr(request, "LANGUAGE_CODE", None) == language
            and getattr(getattr(request, "market", None), "code", None) == market
        ):
            fresh_for = self._timeout(seconds, catalogue=current[0])
            _cache().set(
                key,
                {
                    "gens": current,
                    "status": response.status_code,
                    "headers": [(h, v) for h, v in response.items() if h.lower() not in _NOT_KEPT],
                    "body": response.content,
                    # Between half and all of the bound, so pages cached together are not rendered together.
                    "fresh_until": time.time() + fresh_for * random.uniform(0.5, 1.0),
                    **extra,  # what survival.py checks the page against
                },
                timeout=2 * fresh_for,  # the copy outlives its time, to be served while it is rendered again
            )
        if refreshing:
            _cache().delete(refreshing)

    def _replay(self, request, entry, outcome: str):
        """The stored page as it was rendered, with the visitor's own CSRF token spliced in where the page asks
        for one, its cookie, and the ?market= cookie."""
        body, headers = entry["body"], dict(entry["headers"])
        if _PLACEHOLDER_BYTES in body:
            body = body.replace(_PLACEHOLDER_BYTES, visitor_csrf_token(self._csrf, request).encode())
            if "Content-Length" in headers:  # set inside, for the placeholder's length
                headers["Content-Length"] = str(len(body))
        response = HttpResponse(body, status=entry["status"], headers=headers)
        remember_market(request, response)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            self._csrf.process_response(request, response)
        response["X-Page-Cache"] = outcome
        return response

    def _personalise(self, request, response, outcome: str):
        """Put the visitor's own CSRF token in a page rendered for everyone, and its cookie if it is new."""
        if not response.streaming and _PLACEHOLDER_BYTES in response.content:
            token = visitor_csrf_token(self._csrf, request)
            response.content = response.content.replace(_PLACEHOLDER_BYTES, token.encode())
            if response.has_header("Content-Length"):  # set inside, for the placeholder's length
                response["Content-Length"] = str(len(response.content))
            self._csrf.process_response(request, response)
        response["X-Page-Cache"] = outcome
        return response

    @staticmethod
    def _timeout(seconds: int, *, catalogue: str) -> int:
        from comeback.core import clock

        now = clock.now()
        _last, next_deadline = probation_deadlines(now, catalogue=catalogue)
        bound = float(seconds)
        if next_deadline is not None:
            bound = min(bound, (next_deadline - now).total_seconds())
        return max(1, int(bound))

    @staticmethod
    def _key(request, market: str, language: str) -> str:
        parts = "|".join(
            (
                request.get_full_path(),
                market,
                language,
                request.headers.get("HX-Request", ""),
                request.headers.get("HX-Target", ""),  # the product page answers its region alone
                request.headers.get("HX-History-Restore-Request", ""),
            )
        )
        return "pc:page:" + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()
