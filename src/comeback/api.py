"""The one JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs (DESIGN.md §3, §4).

Each app contributes a router; every error leaves as RFC 9457 problem+json with a stable `code`.
"""

from __future__ import annotations

import logging

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from comeback.accounts.api import router as accounts_router
from comeback.aftersales.api import router as aftersales_router
from comeback.catalog.api import router as catalog_router
from comeback.core.problems import Forbidden, Invalid, NotFound, Problem, Unauthenticated
from comeback.insights.api import router as insights_router
from comeback.offers.api import router as offers_router
from comeback.orders.api import router as orders_router
from comeback.passports.api import router as passports_router
from comeback.recovery.api import router as recovery_router
from comeback.repair.api import router as repair_router
from comeback.sellers.api import router as sellers_router
from comeback.tradein.api import router as tradein_router
from comeback.webhooks.api import router as webhooks_router

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="Comeback API",
    version="1.0.0",
    description=(
        "Refurbished marketplace API. Money is an integer in minor units beside an ISO 4217 `currency`; "
        "errors are RFC 9457 `application/problem+json` with a stable `code`. Authenticate with "
        "`Authorization: Bearer <token>` (get one with `comeback issue-token EMAIL`)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _field_of(loc: list) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "form", "cookie", "file"}:
        parts = parts[1:]
    # ninja names the whole body after the handler's argument ("body", "payload"): drop it
    if len(parts) > 1 and parts[0] in {"body", "payload", "data", "filters"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


@api.exception_handler(Problem)
def on_problem(request, exc: Problem):
    return exc.response(instance=request.path)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    errors = []
    for e in exc.errors:
        errors.append({"field": _field_of(e.get("loc", [])), "code": e.get("type", "invalid"), "message": e.get("msg", "")})
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    problem = Invalid(f"{first['field']}: {first['message']}", code="validation_error", errors=errors)
    return problem.response(instance=request.path)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    resp = Unauthenticated("Send a valid API token as `Authorization: Bearer <token>`.").response(request.path)
    resp["WWW-Authenticate"] = 'Bearer realm="comeback"'
    return resp


@api.exception_handler(AuthorizationError)
def on_authz_error(request, exc):
    return Forbidden(str(exc) or None).response(request.path)


@api.exception_handler(Http404)
def on_404(request, exc):
    return NotFound(str(exc) or None).response(request.path)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    cls = {401: Unauthenticated, 403: Forbidden, 404: NotFound}.get(exc.status_code, Problem)
    p = cls(str(exc))
    p.status = exc.status_code
    return p.response(request.path)


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    # Never a bare 500 page to an API client; the traceback goes to the log.
    log.exception("unhandled API error at %s", request.path)
    p = Problem("An unexpected error occurred; it has been logged.", code="internal_error", title="Internal error")
    p.status = 500
    return p.response(request.path)


api.add_router("", catalog_router)
api.add_router("", accounts_router)
api.add_router("", sellers_router)
api.add_router("", offers_router)
api.add_router("", orders_router)
api.add_router("", webhooks_router)
api.add_router("", tradein_router)
api.add_router("", passports_router)
api.add_router("", aftersales_router)
api.add_router("", repair_router)
api.add_router("", recovery_router)
api.add_router("", insights_router)
