"""The API tokens page: a secret is shown once and stored only as a hash; revoking stops it at once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from comeback.accounts.models import ApiToken
from comeback.accounts.services import hash_secret, issue_token
from tests.conftest import ApiClient
from tests.factories import UserFactory

SECRET = re.compile(r"cb_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser(seller) -> Client:
    client = Client()
    client.force_login(seller.user)
    return client


def test_given_an_anonymous_visitor_when_opening_tokens_then_sent_to_log_in(client, db):
    response = client.get(reverse("accounts:tokens"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.post(reverse("accounts:revoke_token", args=[1])).status_code == 302


def test_given_a_seller_when_creating_a_token_then_the_secret_is_shown_once_and_only_its_hash_is_stored(
    browser, seller
):
    response = browser.post(reverse("accounts:tokens"), {"name": "stock sync", "scopes": ["seller"]})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = SECRET.search(response.content.decode()).group(0)
    token = ApiToken.objects.get(user=seller.user)
    assert (token.name, token.scopes) == ("stock sync", ["seller"])
    assert token.key_hash == hash_secret(secret) and secret not in {token.key_hash, token.prefix}
    assert not ApiToken.objects.filter(key_hash=secret).exists()
    # The list shows its prefix and never the secret again.
    listing = browser.get(reverse("accounts:tokens")).content.decode()
    assert token.prefix in listing and "stock sync" in listing and secret not in listing
    # And it works as a seller API token.
    ApiClient(secret).get("/api/v1/seller/listings").expect(200)


def test_given_a_buyer_when_asking_for_the_seller_scope_then_refused_and_no_token_made(client, buyer):
    client.force_login(buyer)
    response = client.post(reverse("accounts:tokens"), {"name": "x", "scopes": ["seller"]})
    assert response.status_code == 422 and "scopes" in response.context["form"].errors
    assert not ApiToken.objects.exists()
    assert [c[0] for c in response.context["form"].fields["scopes"].choices] == ["buyer"]


def test_given_a_token_when_revoked_then_its_requests_get_401(browser, seller):
    issued = issue_token(user=seller.user, scopes=["seller"])
    api = ApiClient(issued.secret)
    api.get("/api/v1/seller/listings").expect(200)

    response = browser.post(reverse("accounts:revoke_token", args=[issued.token.pk]))

    assert response.status_code == 302
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None
    api.get("/api/v1/seller/listings").expect(401)
    assert "revoked" in browser.get(reverse("accounts:tokens")).content.decode()


def test_given_someone_elses_token_when_revoking_it_then_404_and_it_keeps_working(browser):
    stranger = issue_token(user=UserFactory(), scopes=["buyer"])
    assert browser.post(reverse("accounts:revoke_token", args=[stranger.token.pk])).status_code == 404
    stranger.token.refresh_from_db()
    assert stranger.token.revoked_at is None


def test_given_a_revoke_link_when_fetched_with_get_then_405_and_nothing_is_revoked(browser, seller):
    issued = issue_token(user=seller.user)
    assert browser.get(reverse("accounts:revoke_token", args=[issued.token.pk])).status_code == 405
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None
