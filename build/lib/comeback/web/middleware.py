from __future__ import annotations

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from comeback.core import markets

MARKET_COOKIE = "market"


class MarketMiddleware:
    """Attach `request.market`: ?market=, then the cookie, then the user's preference, then the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy: API requests name their market explicitly and never pay for this look-up.
        request.market = SimpleLazyObject(lambda: choose_market(request))
        response = self.get_response(request)
        remember_market(request, response)
        return response


def choose_market(request):
    chosen = request.GET.get("market") or request.COOKIES.get(MARKET_COOKIE)
    user = getattr(request, "user", None)
    if not chosen and user is not None and user.is_authenticated:
        chosen = user.preferred_market
    return markets.find(chosen) or markets.find(markets.DEFAULT_MARKET)


def remember_market(request, response) -> None:
    """A market chosen with ?market= sticks for the visitor's next pages (the page cache does this too)."""
    market = request.GET.get("market") and markets.find(request.GET["market"])
    if market:
        response.set_cookie(
            MARKET_COOKIE, market.code, max_age=365 * 86400, samesite="Lax", secure=settings.SECURE_COOKIES
        )


class SecurityHeadersMiddleware:
    """CSP and the headers SecurityMiddleware does not set (docs/design.md §5 Security by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            settings.API_DOCS_CONTENT_SECURITY_POLICY
            if request.path.startswith("/api/v1/docs")
            else settings.CONTENT_SECURITY_POLICY
        )
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
        return response


class ApiProblemMiddleware:
    """Any non-JSON error under /api/ (405 from the router, a CSRF 403…) leaves as problem+json too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and "json" not in response.get("Content-Type", "")
        ):
            from comeback.core.problems import Problem

            problem = Problem(
                response.reason_phrase,
                code=response.reason_phrase.lower().replace(" ", "_") or "error",
                title=response.reason_phrase,
            )
            problem.status = response.status_code
            converted = problem.response(request.path)
            if response.has_header("Allow"):
                converted["Allow"] = response["Allow"]
            return converted
        return response


class ProblemPageMiddleware:
    """A refusal (a Problem) that no view caught becomes its 4xx page naming the fields, never a 500: the
    text rule's model-level guard or an upload check may refuse input a view passed on as it was."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from comeback.core.problems import Problem

        if not isinstance(exception, Problem) or request.path.startswith("/api/"):
            return None
        return render(request, "web/problem.html", {"problem": exception}, status=exception.status)


class TextRuleStatusMiddleware:
    """A page that shows a form refusing text under the text rule answers 422, like the API; htmx
    requests keep 200, since htmx swaps no 4xx answer into the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from comeback.core.forms import text_refused

        token = text_refused.set(False)
        try:
            response = self.get_response(request)
            if text_refused.get() and response.status_code == 200 and not request.headers.get("HX-Request"):
                response.status_code = 422
                response.reason_phrase = "Unprocessable Content"
            return response
        finally:
            text_refused.reset(token)


class RightsBeforeBodyMiddleware:
    """Before CSRF reads a POST body, run the rights the view's guards record (web/access.py): a visitor
    without rights is sent to log in or gets 403, whatever — even unreadable — body it sent."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in self.SAFE:
            return None
        from django.core.exceptions import PermissionDenied
        from django.shortcuts import render

        from comeback.core.problems import Forbidden
        from comeback.web.access import run_rights

        try:
            return run_rights(request, view_func)
        except PermissionDenied as denied:
            # Rendered here: Django's own 403 view would run CSRF, which reads the body after all.
            problem = Forbidden(str(denied) or None)
            return render(request, "web/problem.html", {"problem": problem}, status=403)
