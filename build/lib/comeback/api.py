"""The one JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs (docs/design.md §3, §4).

Each app contributes a router; every error leaves as RFC 9457 problem+json with a stable `code`.
"""

from __future__ import annotations

import copy
import json
import logging

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser

from comeback.accounts.api import router as accounts_router
from comeback.aftersales.api import router as aftersales_router
from comeback.api_rights import RULES
from comeback.catalog.api import router as catalog_staff_router
from comeback.core import contract, idempotency, markets, rights, text
from comeback.core.problems import (
    BadRequest,
    Forbidden,
    Invalid,
    NotFound,
    Problem,
    Unauthenticated,
    outage,
    outage_exceptions,
)
from comeback.core.schemas import ProblemOut
from comeback.devices.api import router as devices_router
from comeback.editions.api import router as editions_router
from comeback.insights.api import router as insights_router
from comeback.invoices.api.buyer import router as invoices_buyer_router
from comeback.invoices.api.documents import router as invoices_documents_router
from comeback.invoices.api.seller import router as invoices_seller_router
from comeback.offers.api import router as offers_router
from comeback.orders.api import router as orders_router
from comeback.orders.api.staff import router as orders_staff_router
from comeback.passports.api import router as passports_router
from comeback.payouts.api.seller import router as payouts_seller_router
from comeback.payouts.api.staff import router as payouts_staff_router
from comeback.recovery.api import router as recovery_router
from comeback.repair.api import router as repair_router
from comeback.sellers.api import router as sellers_router
from comeback.storefront.api.public import router as catalog_router
from comeback.storefront.api.staff import router as model_photos_router
from comeback.tradein.api import router as tradein_router
from comeback.trust.api.public import router as trust_public_router
from comeback.trust.api.seller import router as trust_seller_router
from comeback.trust.api.staff import router as trust_staff_router
from comeback.webhooks.api import router as webhooks_router

log = logging.getLogger(__name__)

# Rate-limited operations (core/ratelimit.py): they may answer 429.
RATE_LIMITED = {
    ("POST", "/accounts"),
    ("POST", "/auth/token"),
    ("POST", "/sellers/applications"),
    ("POST", "/tradein/quotes"),
    ("POST", "/seller/bank-accounts"),
}


def _number(literal: str) -> int | float:
    value = float(literal)
    return int(value) if value.is_integer() else value


class JsonParser(Parser):
    """JSON has one number type: a whole number written with a point or an exponent (`34900.0`, `3e2`) is read
    as the integer it is, as JSON Schema's `integer` says, so a client that sends it is not refused. A fraction
    stays a float, which an integer field refuses (`int_type`)."""

    def parse_body(self, request):
        data = json.loads(request.body, parse_float=_number)
        if data is not None and not isinstance(data, dict):
            # Every JSON body is an object: a bare number or list is not read as "no fields sent" (a body of
            # optional fields would take it). Ninja answers what the parser refuses as 400 `bad_request`.
            raise ValueError("the body is not a JSON object")
        return data


class ComebackAPI(NinjaAPI):
    _documents: dict = {}

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document, with every operation's problem responses, closed sets and the text rule declared
        (core/contract.py). Built once per process, root and set of markets: the routes never change while it
        runs, and building it takes seconds."""
        root = self.get_root_path(path_params or {}) if path_prefix is None else path_prefix
        sets = _closed_sets()
        key = (root, tuple(sets.get("markets", ())))  # staff may edit the markets: their enum follows
        if key not in self._documents:
            document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
            document = contract.declare_problems(
                document, problem_schema=ProblemOut, root=root.rstrip("/"), rate_limited=RATE_LIMITED
            )
            document = contract.declare_closed_sets(document, sets=sets)
            self._documents[key] = contract.declare_text_rule(document, single_line=text.SINGLE_LINE_PATTERN)
        return copy.deepcopy(self._documents[key])


def _closed_sets() -> dict[str, list[str]]:
    try:
        return {"markets": markets.codes()}
    except (DatabaseError, RuntimeError):  # no database at hand (a test reading routes at import): left open
        return {}


api = ComebackAPI(
    title="Comeback API",
    version="1.0.0",
    description=(
        "Refurbished marketplace API. Money is an integer in minor units beside an ISO 4217 `currency`; "
        "errors are RFC 9457 `application/problem+json` with a stable `code`. Authenticate with "
        "`Authorization: Bearer <token>` (get one with `comeback issue-token EMAIL`)."
    ),
    urls_namespace="api",
    parser=JsonParser(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
# Every operation's validated input follows the one text rule before its handler runs (docs/api.md).
api.add_decorator(text.api_guard, mode="operation")


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
        errors.append(
            {
                "field": _field_of(e.get("loc", [])),
                "code": e.get("type", "invalid"),
                "message": e.get("msg", ""),
            }
        )
    first = errors[0] if errors else {"field": "body", "message": "invalid"}
    problem = Invalid(f"{first['field']}: {first['message']}", code="validation_error", errors=errors)
    return problem.response(instance=request.path)


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return Unauthenticated("Send a valid API token as `Authorization: Bearer <token>`.").response(
        request.path
    )


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


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
def on_unreadable_body(request, exc):
    # A multipart body without a boundary, cut short or otherwise unreadable is the client's error.
    return BadRequest(
        _("The request body cannot be read as %(type)s: %(why)s")
        % {"type": request.content_type or _("a form"), "why": str(exc)[:200]},
        code="malformed_body",
    ).response(request.path)


@api.exception_handler(RequestDataTooBig)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(TooManyFilesSent)
def on_oversized_body(request, exc):
    problem = Problem(_("The request body is too large or has too many fields."), code="body_too_large")
    problem.status = 413
    return problem.response(request.path)


@api.exception_handler(Exception)
def on_unexpected(request, exc: Exception):
    # Never a bare 500 page to an API client; the traceback goes to the log.
    if isinstance(exc, outage_exceptions()):  # the database or Redis is away: retry, nothing was decided
        log.warning("outage at %s: %s", request.path, exc)
        return outage(request).response(request.path)
    log.exception("unhandled API error at %s", request.path)
    p = Problem(
        "An unexpected error occurred; it has been logged.", code="internal_error", title="Internal error"
    )
    p.status = 500
    return p.response(request.path)


ROUTERS = [
    catalog_router,
    catalog_staff_router,
    model_photos_router,
    accounts_router,
    sellers_router,
    offers_router,
    orders_router,
    orders_staff_router,
    devices_router,
    payouts_seller_router,
    payouts_staff_router,
    invoices_buyer_router,
    invoices_seller_router,
    invoices_documents_router,
    webhooks_router,
    tradein_router,
    passports_router,
    aftersales_router,
    repair_router,
    recovery_router,
    editions_router,
    insights_router,
    trust_staff_router,
    trust_seller_router,
    trust_public_router,
]
for router in ROUTERS:
    api.add_router("", router)

# Every POST takes an Idempotency-Key (core/idempotency.py, docs/api.md "Idempotency"), except these:
IDEMPOTENCY_EXEMPT = {
    (
        "POST",
        "/auth/token",
    ): "answers a new secret: a stored answer would keep it in clear; ask again instead",
    ("POST", "/checkout"): "takes its own key, required and kept on the order: a retry resumes that order",
    (
        "POST",
        "/seller/passports",
    ): "takes its own key, kept on the passport: a retry answers the same passport",
    (
        "POST",
        "/carriers/events",
    ): "a carrier's signed webhook: a delivery event applies once by its tracking number",
}
idempotency.install(ROUTERS, exempt=IDEMPOTENCY_EXEMPT)

# Who may call which path is checked with the token, before any body is read (api_rights.py).
rights.install(RULES)
