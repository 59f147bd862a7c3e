"""POST /api/v1/accounts (sign up)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from comeback.accounts.models import User
from comeback.core import text
from tests.factories import UserFactory

URL = "/api/v1/accounts"
GOOD = {"email": "Ada@Example.com", "password": "copper-kettle-42", "name": "Ada", "preferred_market": "de"}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 (the real hasher) is checked once below; elsewhere it only slows the suite down.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_given_valid_details_when_signing_up_then_201_and_the_account_exists(api):
    created = api.post(URL, GOOD).expect(201)
    user = User.objects.get(pk=created["id"])
    assert created == {"id": user.pk, "email": "ada@example.com"}
    assert user.name == "Ada" and user.preferred_market == "DE" and user.check_password(GOOD["password"])
    assert not user.is_staff


def test_given_the_real_hasher_when_signing_up_then_the_password_is_stored_with_argon2(api, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    created = api.post(URL, GOOD).expect(201)
    assert User.objects.get(pk=created["id"]).password.startswith("argon2")


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("password123", "This password is too common."),
        ("ada@example.com", "The password is too similar to the email."),
    ],
)
def test_given_a_weak_password_when_signing_up_then_422_names_password_with_the_validators_message(
    api, password, message
):
    problem = api.post(URL, GOOD | {"password": password}).expect(422)
    errors = [e for e in problem["errors"] if e["field"] == "password"]
    assert message in [e["message"] for e in errors]
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "body, field, code",
    [
        (GOOD | {"email": "not-an-email"}, "email", "invalid_email"),
        (GOOD | {"preferred_market": "XX"}, "preferred_market", "unknown_market"),
        (GOOD | {"name": "n" * 151}, "name", "too_long"),
        ({"password": GOOD["password"]}, "email", "missing"),
        ({"email": GOOD["email"]}, "password", "missing"),
    ],
)
def test_given_invalid_fields_when_signing_up_then_422_names_them(api, body, field, code):
    problem = api.post(URL, body).expect(422)
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in problem["errors"]
    ]


def test_given_a_taken_email_in_another_case_when_signing_up_then_409_email_taken(api):
    UserFactory(email="ada@example.com")
    problem = api.post(URL, GOOD).expect(409)
    assert problem["code"] == "email_taken" and problem["errors"][0]["field"] == "email"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_two_simultaneous_sign_ups_with_one_email_when_both_run_then_one_wins_and_one_gets_409():
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def sign_up():
        try:
            barrier.wait()
            statuses.append(Client().post(URL, GOOD, content_type="application/json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409]
    assert User.objects.filter(email="ada@example.com").count() == 1


def test_given_many_sign_ups_from_one_address_when_over_the_limit_then_429_with_retry_after(api, settings):
    settings.RATELIMITS = {"signup": "3/h"}
    for i in range(3):
        api.post(URL, GOOD | {"email": f"user{i}@example.com"}).expect(201)
    reply = api.post(URL, GOOD | {"email": "user9@example.com"})
    problem = reply.expect(429)
    assert problem["code"] == "rate_limited" and int(reply.response["Retry-After"]) > 0
    assert not User.objects.filter(email="user9@example.com").exists()


def test_given_a_name_with_a_nul_character_when_signing_up_then_422_not_a_crash(api):
    problem = api.post(URL, GOOD | {"name": "Ada\x00"}).expect(422)
    assert problem["errors"][0] == {
        "field": "name",
        "code": "invalid_characters",
        "message": str(text.MESSAGE),
    }
