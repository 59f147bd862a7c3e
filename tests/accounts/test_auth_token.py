"""POST /api/v1/auth/token: email + password → a bearer token."""

from __future__ import annotations

import pytest

from comeback.accounts.models import ApiToken
from tests.factories import PASSWORD, SellerFactory, StaffFactory, UserFactory

URL = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_given_good_credentials_when_asking_for_a_token_then_201_and_it_authenticates(api, buyer):
    issued = api.post(URL, {"email": "BUYER@example.test", "password": PASSWORD}).expect(201)
    assert issued["scopes"] == ["buyer"] and issued["token"].startswith("cb_")
    token = ApiToken.objects.get(pk=issued["token_id"])
    assert token.user == buyer and issued["token"] not in token.key_hash
    from tests.conftest import ApiClient

    # a buyer token is accepted (authenticated) and refused the seller routes: this account has no shop
    assert ApiClient(issued["token"]).get("/api/v1/seller/webhooks").expect(403)["code"] == "not_a_seller"


def test_given_a_seller_and_staff_when_asking_then_the_default_scopes_follow_the_account(api):
    seller = SellerFactory(user=UserFactory(email="s@example.test"))
    staff = StaffFactory(email="st@example.test")
    assert api.post(URL, {"email": seller.user.email, "password": PASSWORD}).expect(201)["scopes"] == [
        "buyer",
        "seller",
    ]
    assert api.post(URL, {"email": staff.email, "password": PASSWORD}).expect(201)["scopes"] == [
        "buyer",
        "staff",
    ]


def test_given_a_seller_when_asking_for_only_the_seller_scope_then_the_token_has_only_it(api, seller):
    issued = api.post(
        URL, {"email": seller.user.email, "password": PASSWORD, "scopes": ["seller"], "name": "erp"}
    ).expect(201)
    assert issued["scopes"] == ["seller"] and ApiToken.objects.get(pk=issued["token_id"]).name == "erp"


def test_given_a_buyer_when_asking_for_the_staff_scope_then_403(api, buyer):
    problem = api.post(URL, {"email": buyer.email, "password": PASSWORD, "scopes": ["staff"]}).expect(403)
    assert problem["code"] == "scope_not_allowed" and not ApiToken.objects.exists()


@pytest.mark.parametrize("scopes", [["root"], []])
def test_given_unknown_or_no_scopes_when_asking_then_422_names_scopes(api, buyer, scopes):
    problem = api.post(URL, {"email": buyer.email, "password": PASSWORD, "scopes": scopes}).expect(422)
    assert problem["errors"][0]["field"] == "scopes"


@pytest.mark.parametrize(
    "email, password", [("buyer@example.test", "wrong-password"), ("nobody@example.test", PASSWORD)]
)
def test_given_wrong_credentials_when_asking_then_401_without_saying_which_part(api, buyer, email, password):
    problem = api.post(URL, {"email": email, "password": password}).expect(401)
    assert problem["code"] == "invalid_credentials"
    assert problem["detail"] == "The email or password is incorrect."
    assert not ApiToken.objects.exists()


def test_given_a_deactivated_account_when_asking_then_401(api):
    UserFactory(email="gone@example.test", is_active=False)
    assert (
        api.post(URL, {"email": "gone@example.test", "password": PASSWORD}).expect(401)["code"]
        == "invalid_credentials"
    )


def test_given_a_missing_password_when_asking_then_422(api):
    assert api.post(URL, {"email": "a@example.test"}).expect(422)["errors"][0]["field"] == "password"


def test_given_repeated_wrong_passwords_when_over_the_limit_then_429_even_with_the_right_one(
    api, buyer, settings
):
    settings.RATELIMITS = {"token": "3/5m"}
    for _ in range(3):
        api.post(URL, {"email": buyer.email, "password": "wrong-password"}).expect(401)
    reply = api.post(URL, {"email": buyer.email, "password": PASSWORD})
    assert reply.expect(429)["code"] == "rate_limited" and int(reply.response["Retry-After"]) > 0
    # another account from the same address is counted separately (until the per-address limit)
    other = UserFactory(email="other@example.test")
    api.post(URL, {"email": other.email, "password": PASSWORD}).expect(201)


def test_given_many_accounts_tried_from_one_address_when_over_the_address_limit_then_429(api, settings):
    settings.RATELIMITS = {"token_ip": "4/5m"}
    for i in range(4):
        api.post(URL, {"email": f"u{i}@example.test", "password": "x"}).expect(401)
    assert api.post(URL, {"email": "u9@example.test", "password": "x"}).expect(429)["code"] == "rate_limited"


@pytest.mark.parametrize("email", ["a\x00b@example.test", "\n"])
def test_given_an_email_with_control_characters_when_asking_then_422_not_a_crash(api, email):
    problem = api.post(URL, {"email": email, "password": "x"}).expect(422)
    assert (problem["code"], problem["errors"][0]["field"]) == ("invalid_characters", "email")


def test_given_an_empty_email_when_asking_then_401(api):
    assert api.post(URL, {"email": "", "password": "x"}).expect(401)["code"] == "invalid_credentials"


def test_given_a_token_name_with_control_characters_when_asking_then_422(api, buyer):
    problem = api.post(URL, {"email": buyer.email, "password": PASSWORD, "name": "a\x00b"}).expect(422)
    assert problem["errors"][0]["field"] == "name"
