"""A buyer's order links each shipped unit to its passport, and the link answers."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.passports.handlers import passport_for_line
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_given_a_shipped_line_then_the_buyers_order_page_links_to_its_passport(shipped_line, buyer):
    client = Client()
    assert client.login(email=buyer.email, password=PASSWORD)
    passport = passport_for_line(shipped_line.pk)

    html = client.get(f"/orders/{shipped_line.order.ref}/").content.decode()

    assert f'href="{passport.path}" data-passport-link' in html
    assert client.get(passport.path, HTTP_ACCEPT="text/html").status_code == 200


def test_given_a_line_not_yet_shipped_then_no_passport_link(buyer, offer):
    from tests.orders.helpers import place_order

    order = place_order(buyer, offer)
    client = Client()
    assert client.login(email=buyer.email, password=PASSWORD)

    assert "data-passport-link" not in client.get(f"/orders/{order.ref}/").content.decode()
