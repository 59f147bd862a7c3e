"""Hostile uploads on every multipart operation: a body without a boundary is a 400 problem, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.accounts.services import issue_token

from ..factories import SellerFactory, StaffFactory, UserFactory

MULTIPART_OPERATIONS = [
    ("/api/v1/warranty/claims", "buyer"),
    ("/api/v1/seller/buyback-offers/bulk", "seller"),
    ("/api/v1/seller/listings/0/photos", "seller"),
    ("/api/v1/seller/tradeins/TI-NOPE/counter-offer", "seller"),
    ("/api/v1/repair/parts/import", "staff"),
    ("/api/v1/staff/payouts/statements", "staff"),
    ("/api/v1/authenticator/authentications/0/photos", "authenticator"),
    ("/api/v1/partner/models/0/images", "partner"),
    ("/api/v1/staff/models/0/images", "staff"),
]
BODY = b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nsku\r\n--x--\r\n'


@pytest.fixture
def tokens(db) -> dict[str, str]:
    return {
        "buyer": issue_token(user=UserFactory(), scopes=["buyer"]).secret,
        "seller": issue_token(user=SellerFactory().user, scopes=["seller"]).secret,
        "staff": issue_token(user=StaffFactory(), scopes=["staff"]).secret,
        "authenticator": issue_token(user=_authenticator(), scopes=["buyer"]).secret,
        "partner": _brand_partner_token(),
    }


def _brand_partner_token() -> str:
    from comeback.tradein.services import partners

    from ..factories import BrandFactory
    from ..tradein.factories import partner

    return partners.issue_token(partner=partner(kind="brand", slug="brand-hq", brand=BrandFactory())).secret


def _authenticator():
    from django.contrib.auth.models import Group

    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name="authenticators")[0])
    return user


def test_given_the_openapi_document_then_these_are_all_the_multipart_operations():
    from comeback.api import api

    schema = api.get_openapi_schema()
    multipart = {
        path.removeprefix("/api/v1")
        .replace("{tradein_id}", "TI-NOPE")
        .replace("{offer_id}", "0")
        .replace("{authentication_id}", "0")
        .replace("{product_id}", "0")
        for path, methods in schema["paths"].items()
        for op in methods.values()
        if "multipart/form-data" in op.get("requestBody", {}).get("content", {})
    }
    assert multipart == {p.removeprefix("/api/v1") for p, _ in MULTIPART_OPERATIONS}


@pytest.mark.parametrize(("path", "actor"), MULTIPART_OPERATIONS)
@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_given_a_multipart_body_without_a_usable_boundary_then_400_problem(tokens, path, actor, content_type):
    response = Client().post(
        path, BODY, content_type=content_type, headers={"Authorization": f"Bearer {tokens[actor]}"}
    )
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "malformed_body"
