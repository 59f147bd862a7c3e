from __future__ import annotations

import logging
import sys
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

from comeback.core import markets, rule_numbers
from comeback.core.problems import OUTAGE_RETRY_SECONDS, NotFound, Problem

from .access import staff_required
from .middleware import MARKET_COOKIE

log = logging.getLogger(__name__)
OBLIGATION_YEARS = "repair.obligation_years"


@staff_required
def staff_home(request):
    """/staff/: the back office's areas (each app's queues and reports)."""
    # The parts obligation's length is repair's rule, above web (core/rule_numbers.py).
    return render(request, "web/staff_home.html", {"obligation_years": rule_numbers.number(OBLIGATION_YEARS)})


def set_market(request):
    """The market switcher: remember the choice and go back where the user was.

    A `?market=` left in the page's URL would override the new choice there, so it is dropped.
    """
    code = request.POST.get("market") or request.GET.get("market")
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "market"]
    response = HttpResponseRedirect(urlunsplit(parts._replace(query=urlencode(query))))
    market = markets.find(code)
    if market is not None:
        response.set_cookie(
            MARKET_COOKIE, market.code, max_age=365 * 86400, samesite="Lax", secure=settings.SECURE_COOKIES
        )
    return response


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "json" in request.headers.get("Accept", "")


def not_found(request, exception=None):
    if _wants_json(request):
        return NotFound().response(request.path)
    return render(request, "web/404.html", status=404)


def server_error(request):
    """Django's last resort. An outage (database or Redis unreachable) is a 503 with Retry-After, not a 500."""
    from comeback.core.problems import outage, outage_exceptions

    failure = sys.exc_info()[1]
    if isinstance(failure, outage_exceptions()):
        log.warning("outage at %s: %s", request.path, failure)
        problem = outage(request)
        if _wants_json(request):
            return problem.response(request.path)
        response = HttpResponse(
            f"<!doctype html><title>{escape(problem.title)}</title><h1>{escape(problem.title)}</h1>"
            f"<p>{escape(problem.detail)}</p>",
            status=503,
        )
        response["Retry-After"] = str(OUTAGE_RETRY_SECONDS)
        return response
    if _wants_json(request):
        p = Problem(
            "An unexpected error occurred; it has been logged.", code="internal_error", title="Internal error"
        )
        p.status = 500
        return p.response(request.path)
    return HttpResponse("<h1>Something went wrong</h1><p>It has been logged.</p>", status=500)


def hello(request):
    """The benchmark's baseline: the cheapest Django response, served the same way as real pages."""
    return HttpResponse(b"hello", content_type="text/plain")
