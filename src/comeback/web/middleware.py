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
    """CSP and the headers SecurityMiddleware does not set (DESIGN.md §5 Security by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):  # the Swagger page loads its own assets
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
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
