"""The anonymous page cache: product and search pages rendered once, served many times to visitors
without a session (docs/decisions/0004-page-cache.md).

Why: a product page costs ~20 ms of Python (templates, ORM, money formatting) while the same server
answers a hello-world view in under 1 ms; most catalogue traffic is anonymous and repeats.

Rules:
- Only GET, only the routes in `settings.PAGE_CACHE_ROUTES`, only visitors with no session, no
  messages cookie and no `Authorization` header: a logged-in buyer, seller or staff member always gets
  a fresh page (their header, cart and prices are theirs).
- The key holds the path and query, the market, the language and the htmx headers.
- An entry is stale when its generations no longer match: the catalogue generation (bumped by seller
  decisions) and the product's own or, for pages listing many products, the listing generation (both
  bumped by offer, stock and review events). `bump()` is called after
  commit by outbox handlers (catalog/handlers.py). Time-derived changes (day 40 of probation, quality
  scores) are bounded by `PAGE_CACHE_SECONDS`, like the search snapshot's staleness.
- The CSRF token is per visitor: pages are rendered with a placeholder, replaced on the way out.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

CSRF_PLACEHOLDER = "__comeback_csrf_token_placeholder_5b1d__"
_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()
CATALOGUE_GEN = "pc:gen"  # everything: a seller's status hides or shows all of its offers
LISTING_GEN = "pc:gen:listing"  # pages listing many products: search, categories, home
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Cache-Control", "Link")
_MESSAGES_COOKIE = "messages"


def _cache():
    return caches["pages"]


def product_gen_key(ref: str | int) -> str:
    return f"pc:gen:p:{ref}"


def bump(*keys: str) -> None:
    """Make every cached page that depends on these generations stale (idempotent in effect)."""
    for key in keys:
        if not _cache().add(key, 1, timeout=None):
            try:
                _cache().incr(key)
            except ValueError:  # evicted between add and incr
                _cache().add(key, 1, timeout=None)


def bump_catalogue() -> None:
    bump(CATALOGUE_GEN)


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


def rendering_for_cache(request) -> bool:
    return getattr(request, "_page_cache_render", False)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET":
            return self.get_response(request)
        found = _match(request.path_info)
        if found is None or not is_anonymous(request):
            return self.get_response(request)

        product = found.groupdict().get("product")
        gens = [CATALOGUE_GEN, product_gen_key(product) if product else LISTING_GEN]
        key = self._key(request)
        got = _cache().get_many([key, *gens])
        current = [got.get(g, 0) for g in gens]
        entry = got.get(key)
        if entry is not None and entry["gens"] == current:
            return self._replay(request, entry)

        request._page_cache_render = True
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            body = response.content
            _cache().set(key, {
                "gens": current,
                "status": response.status_code,
                "headers": [(h, response[h]) for h in _KEPT_HEADERS if response.has_header(h)],
                "body": body,
            }, timeout=seconds)
        if _PLACEHOLDER_BYTES in response.content:
            response.content = response.content.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _key(request) -> str:
        market = request.market.code if hasattr(request, "market") else "-"
        parts = "|".join((
            request.get_full_path(),
            market,
            translation.get_language() or "",
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-History-Restore-Request", ""),
        ))
        return "pc:page:" + hashlib.blake2b(parts.encode(), digest_size=16).hexdigest()

    @staticmethod
    def _replay(request, entry) -> HttpResponse:
        body = entry["body"]
        if _PLACEHOLDER_BYTES in body:
            body = body.replace(_PLACEHOLDER_BYTES, get_token(request).encode())
        response = HttpResponse(body, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
