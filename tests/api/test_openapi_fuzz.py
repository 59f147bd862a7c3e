"""Schemathesis over /api/v1/openapi.json: no input yields a 5xx, and every error is problem+json."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from comeback.accounts.services import issue_token
from comeback.wsgi import application

from ..factories import OfferFactory, SellerFactory, StaffFactory, UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@schemathesis.check
def errors_are_problem_json(ctx, response, case):
    if response.status_code >= 400:
        ctype = response.headers.get("content-type", [""])
        ctype = ctype[0] if isinstance(ctype, list) else ctype
        assert ctype.startswith("application/problem+json"), f"{response.status_code} with {ctype}"
        body = response.json()
        assert {"type", "title", "status", "detail", "code"} <= set(body), body


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Django closes connections when a WSGI request ends; the test client avoids that and so must we,
    # or the test transaction's connection is gone after the first generated call.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    """A user who is buyer, seller and staff at once, so every route is reached past authentication."""
    user = StaffFactory(email="fuzz@example.test")
    seller = SellerFactory(user=user)
    OfferFactory(seller=seller)
    OfferFactory(seller=SellerFactory(user=UserFactory()))
    return issue_token(user=user, scopes=["buyer", "seller", "staff"]).secret


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_given_any_generated_request_when_calling_the_api_then_no_5xx_and_errors_are_problems(case, bearer):
    headers = {"Authorization": f"Bearer {bearer}"}
    if case.method.upper() == "POST" and "checkout" in case.path:
        headers["Idempotency-Key"] = "fuzz-key"
    response = case.call(headers=headers)
    case.validate_response(response, checks=[not_a_server_error, errors_are_problem_json])


def test_given_the_openapi_document_then_it_lists_the_public_routes(client, db):
    doc = client.get("/api/v1/openapi.json").json()
    paths = set(doc["paths"])
    for p in ["/api/v1/markets", "/api/v1/categories", "/api/v1/products", "/api/v1/products/{product_id}",
              "/api/v1/seller/listings", "/api/v1/seller/listings/{offer_id}"]:
        assert p in paths, p
    assert client.get("/api/v1/docs").status_code == 200
