from __future__ import annotations

from django.conf import settings

from comeback.core import markets

MARKET_COOKIE = "market"


class MarketMiddleware:
    """Attach `request.market`: ?market=, then the cookie, then the user's preference, then the default."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.GET.get("market") or request.COOKIES.get(MARKET_COOKIE)
        user = getattr(request, "user", None)
        if not chosen and user is not None and user.is_authenticated:
            chosen = user.preferred_market
        request.market = markets.find(chosen) or markets.find(markets.DEFAULT_MARKET)
        response = self.get_response(request)
        if request.GET.get("market") and markets.find(request.GET["market"]):
            response.set_cookie(MARKET_COOKIE, request.market.code, max_age=365 * 86400, samesite="Lax",
                                secure=settings.SECURE_COOKIES)
        return response


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
