"""Password reset at /accounts/password/reset/: Django's views with our templates and mail, the same answer
whether or not the address has an account, links from the site's own address, and a rate limit."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/accounts/password/reset/"


def test_given_a_known_email_when_resetting_then_the_mailed_link_sets_a_new_password(settings, buyer):
    settings.SITE_URL = ""
    client = Client(HTTP_HOST="localhost")

    asked = client.post(URL, {"email": buyer.email})

    assert asked.status_code == 302 and asked["Location"] == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [buyer.email]
    url = re.search(r"(https?://\S+/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    assert url.startswith("http://localhost/")
    form = client.get(url.removeprefix("http://localhost"), follow=True)
    assert form.status_code == 200 and "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "fresh-copper-kettle", "new_password2": "fresh-copper-kettle"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/complete/"
    assert Client().login(email=buyer.email, password="fresh-copper-kettle")
    assert not Client().login(email=buyer.email, password=PASSWORD)


def test_given_an_unknown_email_then_the_same_answer_and_no_mail(db):
    response = Client().post(URL, {"email": "nobody@example.test"})

    assert response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
    assert mail.outbox == []


def test_given_site_url_then_the_link_uses_it(settings, buyer):
    settings.SITE_URL = "https://shop.example"

    Client().post(URL, {"email": buyer.email})

    assert "https://shop.example/accounts/password/reset/" in mail.outbox[0].body


def test_given_many_requests_from_one_address_then_429(settings, db):
    settings.RATELIMITS = {"password_reset": "2/h"}
    client = Client()
    for _ in range(2):
        assert client.post(URL, {"email": "a@example.test"}).status_code == 302

    refused = client.post(URL, {"email": "a@example.test"})

    assert refused.status_code == 429 and refused.has_header("Retry-After")


def test_given_the_login_page_then_it_links_to_the_reset(db):
    assert URL in Client().get("/accounts/login/").content.decode()
