"""Checkout and orders as a buyer meets them: postcodes checked per market, delivery estimates counted in
business days, failed payments kept out of "My orders", a badge telling the order's real state, cancel
as a secondary action, and each shipped unit's passport one click away."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client

from comeback.core import markets
from comeback.orders import delivery
from comeback.orders.models import Order
from comeback.orders.payments.testing import CARD_DECLINED
from comeback.orders.services import fulfilment
from tests.factories import PASSWORD

from .helpers import T0, checkout_body, key, place_order, walk
from .test_web import checkout_form

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


# Postcodes ------------------------------------------------------------------------------------------
def test_given_a_french_order_with_postcode_abcde_then_422_names_the_postal_code_field(api, buyer, offer):
    client = api.as_(buyer)
    client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 1}).expect(201)

    problem = client.post("/api/v1/checkout", checkout_body(postal_code="ABCDE"), headers=key()).expect(422)

    assert problem["errors"][0]["field"] == "shipping_address.postal_code"
    assert problem["errors"][0]["code"] == "invalid_postal_code"
    assert "5 digits" in problem["errors"][0]["message"]
    assert not Order.objects.filter(buyer=buyer).exists()


def test_given_the_checkout_form_with_a_wrong_postcode_then_the_error_sits_next_to_the_field(buyer, offer):
    web = login(buyer)
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
    form = checkout_form(web.get("/checkout/"))

    response = web.post("/checkout/", {**form, "postal_code": "ABCDE"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_postal_code_error"' in html or "id_postal_code" in html
    assert "A French postal code has 5 digits" in html
    assert not Order.objects.filter(buyer=buyer).exists()


def test_given_a_japanese_postcode_without_hyphen_then_the_order_keeps_it_normalised(buyer, offer):
    order = place_order(buyer, offer)  # FR
    assert order.shipping_address["postal_code"] == "75001"
    from comeback.orders.services.checkout import clean_address

    assert (
        clean_address(
            {"name": "A", "line1": "B", "postal_code": "1000001", "city": "Tokyo"}, markets.get("JP")
        )["postal_code"]
        == "100-0001"
    )


# Delivery estimates -----------------------------------------------------------------------------------
def test_given_a_wednesday_order_with_one_handling_day_then_delivery_is_friday_to_monday():
    window = delivery.estimate(market=markets.get("FR"), handling_days=1, at=T0)  # Wed 3 Mar 2027

    assert window.earliest == date(2027, 3, 5)  # shipped Thu 4, +1 business day
    assert window.latest == date(2027, 3, 8)  # +2 business days, over the weekend


def test_given_a_public_holiday_on_the_way_then_it_is_not_a_delivery_day():
    christmas_eve = datetime(2026, 12, 23, 10, 0, tzinfo=UTC)  # Wednesday; 25 Dec is a holiday in France

    window = delivery.estimate(market=markets.get("FR"), handling_days=1, at=christmas_eve)

    assert window.earliest == date(2026, 12, 28)  # shipped Thu 24, Fri 25 skipped, weekend skipped
    assert window.latest == date(2026, 12, 29)


def test_given_the_cart_and_checkout_then_both_show_the_delivery_window(buyer, offer):
    with time_machine.travel(T0, tick=False):
        web = login(buyer)
        web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
        cart = web.get("/cart/").content.decode()
        checkout = web.get("/checkout/").content.decode()
        product = Client().get(f"/p/{offer.variant.product.slug}/").content.decode()

    for html in (cart, checkout, product):
        assert "Delivered between" in html and "Fri 5 Mar" in html


def test_given_a_french_reader_then_the_window_is_in_french(buyer, offer):
    with time_machine.travel(T0, tick=False):
        web = login(buyer)
        web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
        html = web.get("/cart/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "ven. 5 mars" in html


# My orders ---------------------------------------------------------------------------------------------
def test_given_a_declined_payment_then_it_is_not_listed_in_my_orders(api, buyer, offer, other_offer):
    client = api.as_(buyer)
    client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 1}).expect(201)
    client.post("/api/v1/checkout", checkout_body(card=CARD_DECLINED), headers=key()).expect(402)
    paid = place_order(buyer, other_offer)

    html = login(buyer).get("/orders/").content.decode()

    failed = Order.objects.get(buyer=buyer, paid_at__isnull=True)
    assert paid.ref in html and failed.ref not in html


def test_given_an_order_as_it_moves_then_its_badge_tells_its_real_state(buyer, offer, other_offer):
    order = place_order(buyer, offer, other_offer)
    first, second = order.lines.order_by("id")
    web = login(buyer)

    def badges():
        html = web.get(f"/orders/{order.ref}/").content.decode()
        return [
            code
            for code in (
                "preparing",
                "partly_shipped",
                "shipped",
                "delivered",
                "partly_refunded",
                "partly_cancelled",
                "refunded",
                "cancelled",
            )
            if f'data-order-badge="{code}"' in html
        ]

    assert badges() == ["preparing"]
    walk(first, "shipped")
    assert badges() == ["partly_shipped"]
    fulfilment.buyer_cancel_line(buyer=buyer, line_id=second.pk)
    assert badges() == ["shipped", "partly_cancelled"]
    walk(first, "delivered")
    assert badges() == ["delivered", "partly_cancelled"]
    assert 'data-order-badge="delivered"' in web.get("/orders/").content.decode()


def test_given_a_paid_order_then_cancelling_is_a_secondary_action_not_the_biggest_button(buyer, offer):
    order = place_order(buyer, offer)

    html = login(buyer).get(f"/orders/{order.ref}/").content.decode()

    assert "btn-danger" not in html
    cancel = html.split('class="disclosure order-cancel"', 1)[1].split("</details>", 1)[0]
    assert "Cancel everything not yet shipped" in cancel and "btn-ghost" in cancel
    assert html.index("order-cancel") > html.index('id="total-h"')  # below the payment summary


def test_given_another_buyer_then_the_order_page_is_not_theirs(buyer, other_buyer, offer):
    order = place_order(buyer, offer)

    assert login(other_buyer).get(f"/orders/{order.ref}/").status_code == 404
