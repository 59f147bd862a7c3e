"""Rights before bodies: on every API operation, a caller without rights gets 401 or 403 whatever body it
sends — a malformed JSON or multipart body is never read before the caller's rights are checked."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.api import api
from comeback.core import rights

from ..factories import SellerFactory, UserFactory

ROOT = "/api/v1"
# Operations whose only right is a valid token, and why.
READ_BY_ANYONE = {
    ("GET", "/passports/{passport_id}"): "anyone reads; a token only raises the level read",
    ("GET", "/passports/{passport_id}/events"): "anyone reads; a token only raises the level read",
}
PARTNER = "a partner token (not a user's) is the right itself"
INVOICE = "the invoice's buyer, its seller and staff: decided on the invoice (else 404)"
BOOKING = "the booking's customer, its location's repairers and staff: decided on the booking (else 404)"
TOKEN_ONLY = {
    **READ_BY_ANYONE,
    ("GET", "/partner/stores"): PARTNER,
    ("GET", "/partner/tradeins"): PARTNER,
    ("GET", "/partner/summary"): PARTNER,
    ("POST", "/partner/stores/{store_id}/drop-offs"): PARTNER,
    ("GET", "/partner/models/{product_id}/images"): PARTNER,
    ("POST", "/partner/models/{product_id}/images"): PARTNER,
    ("PUT", "/partner/models/{product_id}/images/order"): PARTNER,
    ("DELETE", "/partner/models/{product_id}/images/{image_id}"): PARTNER,
    ("GET", "/repair/bookings/{reference}"): BOOKING,
    ("POST", "/repair/bookings/{reference}/cancel"): BOOKING,
    ("POST", "/repair/bookings/{reference}/reschedule"): BOOKING,
    ("GET", "/repair/bookings/{reference}/information-form"): BOOKING,
    ("GET", "/invoices/{invoice_id}/pdf"): INVOICE,
    ("GET", "/invoices/{invoice_id}/html"): INVOICE,
}


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            yield method.upper(), path.removeprefix(ROOT), op


OPERATIONS = list(_operations())
GUARDED = [(m, p, op) for m, p, op in OPERATIONS if op.get("security")]


def _concrete(path: str) -> str:
    return ROOT + re.sub(r"\{[^}]+\}", "1", path)


def _malformed(op) -> tuple[bytes, str]:
    content = op.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in content:
        return b"--x\r\nbroken", "multipart/form-data"  # no boundary in the type, a body cut short
    return b'{"not": json', "application/json"


def test_given_the_api_then_every_operation_with_a_token_is_guarded_by_a_rule_or_listed_as_token_only():
    unguarded = [(m, p) for m, p, _op in GUARDED if rights.rule_for(m, re.sub(r"\{[^}]+\}", "x", p)) is None]
    assert sorted(unguarded) == sorted(TOKEN_ONLY)
    assert len(GUARDED) > 100


@pytest.fixture
def stranger(db) -> str:
    """A token that holds every scope but is nobody: no shop, not staff, no repair location, no grant."""
    return issue_token(user=UserFactory(), scopes=["buyer"]).secret


@pytest.fixture
def shop_only(db) -> str:
    """A seller's token without the buyer scope."""
    return issue_token(user=SellerFactory().user, scopes=["seller"]).secret


def _send(method, path, op, token=None):
    body, content_type = _malformed(op)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().generic(method, _concrete(path), body, content_type=content_type, headers=headers)


PRIVATE = [(m, p, op) for m, p, op in GUARDED if (m, p) not in READ_BY_ANYONE]


@pytest.mark.parametrize(("method", "path", "op"), PRIVATE, ids=[f"{m} {p}" for m, p, _ in PRIVATE])
def test_given_no_token_and_a_malformed_body_then_401(db, method, path, op):
    response = _send(method, path, op)
    assert response.status_code == 401, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"


RULED = [(m, p, op) for m, p, op in GUARDED if (m, p) not in TOKEN_ONLY]


@pytest.mark.parametrize(("method", "path", "op"), RULED, ids=[f"{m} {p}" for m, p, _ in RULED])
def test_given_a_token_without_the_right_and_a_malformed_body_then_403(stranger, shop_only, method, path, op):
    rule = rights.rule_for(method, re.sub(r"\{[^}]+\}", "x", path))
    token = shop_only if rule.check.__name__ == "acting_buyer" else stranger
    response = _send(method, path, op, token)
    assert response.status_code == 403, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"]
