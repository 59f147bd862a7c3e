"""/accounts/signup/: the web sign-up form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from comeback.accounts.models import User
from tests.factories import UserFactory

URL = "/accounts/signup/"
FORM = {
    "email": "grace@example.com",
    "name": "Grace",
    "password": "copper-kettle-42",
    "password_again": "copper-kettle-42",
    "preferred_market": "FR",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_given_a_visitor_when_opening_sign_up_then_every_field_is_labelled(db):
    page = Client().get(URL).content.decode()
    assert reverse("signup:signup") == URL
    for field in ("email", "name", "password", "password_again", "preferred_market"):
        assert f'<label for="id_{field}">' in page
    assert "<h1" in page and 'method="post"' in page


def test_given_valid_details_when_submitted_then_logged_in_and_sent_to_next(db):
    client = Client()
    response = client.post(f"{URL}?next=/seller/", FORM)
    assert response.status_code == 302 and response["Location"] == "/seller/"
    user = User.objects.get(email="grace@example.com")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_given_an_offsite_next_when_submitted_then_it_goes_home_instead(db):
    response = Client().post(URL, FORM | {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("storefront:home")


def test_given_a_weak_password_when_submitted_then_the_validators_message_shows_next_to_it(db):
    response = Client().post(URL, FORM | {"password": "password123", "password_again": "password123"})
    assert response.status_code == 422
    assert "This password is too common." in response.context["form"].errors["password"]
    assert not User.objects.exists()


def test_given_two_different_passwords_when_submitted_then_422(db):
    response = Client().post(URL, FORM | {"password_again": "something-else-42"})
    assert response.status_code == 422 and "password_again" in response.context["form"].errors


def test_given_a_taken_email_when_submitted_then_409_with_the_message_on_the_email(db):
    UserFactory(email="grace@example.com")
    response = Client().post(URL, FORM)
    assert response.status_code == 409
    assert response.context["form"].errors["email"] == ["This email is already registered."]


def test_given_a_logged_in_user_when_opening_sign_up_then_it_is_sent_on(buyer):
    client = Client()
    client.force_login(buyer)
    assert client.get(URL).status_code == 302


def test_given_many_sign_ups_from_one_address_when_over_the_limit_then_429(db, settings):
    settings.RATELIMITS = {"signup": "2/h"}
    client = Client()
    for i in range(2):
        Client().post(URL, FORM | {"email": f"g{i}@example.com"})
    response = client.post(URL, FORM | {"email": "g9@example.com"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many attempts" in response.content.decode()
    assert not User.objects.filter(email="g9@example.com").exists()
