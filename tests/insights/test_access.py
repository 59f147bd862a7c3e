"""Staff only: every insights page and endpoint refuses anonymous visitors, buyers and sellers; the trust
report is public on purpose."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SellerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/staff/insights/",
    "/staff/insights/?market=FR",
    "/staff/insights/revenue.csv",
    "/staff/insights/rates/",
]
ENDPOINTS = [
    "/api/v1/staff/insights",
    "/api/v1/staff/insights/revenue",
    "/api/v1/staff/insights/quality?market=JP",
]


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("path", PAGES)
def test_given_an_anonymous_visitor_when_opening_a_staff_insights_page_then_it_goes_to_login(path):
    response = _client().get(path)
    assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["buyer", "seller"])
def test_given_a_non_staff_user_when_opening_a_staff_insights_page_then_403(path, who):
    user = UserFactory() if who == "buyer" else SellerFactory().user
    assert _client(user).get(path).status_code == 403


def test_given_a_non_staff_user_when_posting_a_rate_then_403_and_nothing_is_saved():
    from comeback.insights.models import ExchangeRate

    response = _client(UserFactory()).post(
        "/staff/insights/rates/",
        {"currency": "GBP", "target": "EUR", "rate": "1.17", "valid_on": "2027-03-01"},
    )
    assert response.status_code == 403
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize("path", PAGES)
def test_given_staff_when_opening_a_staff_insights_page_then_200(path):
    assert _client(StaffFactory()).get(path).status_code == 200


@pytest.mark.parametrize("path", ENDPOINTS)
def test_given_no_token_when_calling_the_insights_api_then_401(api, path):
    api.get(path).expect(401)


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("who", ["buyer", "seller"])
def test_given_a_buyer_or_seller_token_when_calling_the_insights_api_then_403(api, path, who):
    user = UserFactory() if who == "buyer" else SellerFactory().user
    problem = api.as_(user).get(path).expect(403)
    assert problem["code"] in {"missing_scope", "staff_only"}


@pytest.mark.parametrize("path", ENDPOINTS)
def test_given_a_staff_token_without_the_staff_scope_when_calling_then_403(api, path):
    problem = api.as_(StaffFactory(), scopes=["buyer"]).get(path).expect(403)
    assert problem["code"] == "missing_scope"


def test_given_a_staff_scoped_token_of_a_user_who_is_no_longer_staff_when_calling_then_403(api):
    user = StaffFactory()
    client = api.as_(user, scopes=["staff"])
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    assert client.get("/api/v1/staff/insights").expect(403)["code"] == "staff_only"


@pytest.mark.parametrize("path", ["/trust/FR/", "/api/v1/trust/FR"])
def test_given_anyone_when_opening_the_trust_report_then_it_is_public(path):
    assert _client().get(path).status_code == 200
