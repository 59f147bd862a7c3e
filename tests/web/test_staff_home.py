"""/staff/: the back office's landing page lists every staff area; only staff may open it."""

from __future__ import annotations

import pytest

from ..factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_given_staff_when_opening_the_back_office_then_every_area_is_linked(client):
    client.force_login(StaffFactory())

    html = client.get("/staff/").content.decode()

    for href in (
        "/staff/sellers/",
        "/staff/claims/",
        "/staff/recovery/",
        "/parts/",
        "/parts/obligations/",
        "/staff/insights/",
        "/admin/",
    ):
        assert f'href="{href}"' in html


def test_given_a_visitor_when_opening_the_back_office_then_they_are_sent_to_log_in(client):
    response = client.get("/staff/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_given_a_buyer_when_opening_the_back_office_then_it_is_refused(client):
    client.force_login(UserFactory())

    assert client.get("/staff/").status_code == 403


def test_given_staff_then_the_header_links_to_the_back_office(client):
    client.force_login(StaffFactory())

    assert 'href="/staff/">Back office</a>' in client.get("/").content.decode()
