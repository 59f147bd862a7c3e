"""The site's own address, for every absolute URL we hand out: passport links and QR codes, the issuer of
credentials, links in emails, payment return URLs (docs/design.md §5 Addresses that answer).

`SITE_URL` wins when it is set (production sets it: `comeback check --deploy` asks for it). Without it, a
request's own scheme and host answer — so a demo served on any host or port prints QR codes that open on
that server. Work done for a request (an outbox handler draining after its commit, a task run in the same
thread) sees that request through a context variable the middleware sets; work with no request at all
(the scheduler, a worker) falls back to the address `make demo` serves: `http://$HOST:$PORT`.
"""

from __future__ import annotations

import contextvars
import os

from django.conf import settings

_request: contextvars.ContextVar = contextvars.ContextVar("comeback_site_request", default=None)

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", "8000"  # what `make demo` serves when HOST and PORT are unset


def url(request=None) -> str:
    """Scheme and host (with port), no trailing slash: SITE_URL, else the request's, else the demo's."""
    configured = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if configured:
        return configured
    request = request or _request.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return fallback()


def fallback() -> str:
    host = os.environ.get("HOST") or DEFAULT_HOST
    if host in ("0.0.0.0", "::", "[::]"):  # bound to every interface: name the local one
        host = DEFAULT_HOST
    return f"http://{host}:{os.environ.get('PORT') or DEFAULT_PORT}"


def absolute(path: str, request=None) -> str:
    return url(request) + path


class SiteUrlMiddleware:
    """Makes the current request the one `url()` answers from, for code that has no request at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
