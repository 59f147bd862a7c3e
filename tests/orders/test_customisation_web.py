"""Customisation on the web: the product page offers the add-ons that fit, from the offer's seller; the cart,
checkout, order page and the seller's orders show the add-on under its item (docs/fashion.md
"Customisation")."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comeback.orders.models import CartItem, Order
from tests.factories import PASSWORD

from .helpers import watch_with_addons


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


@pytest.fixture
def shop(seller):
    return watch_with_addons(seller)


def _addon_select(page: str, offer_id: int) -> str:
    found = re.search(rf'<select id="addon-{offer_id}" name="addon_offer_id".*?</select>', page, re.S)
    return found.group(0) if found else ""


def test_given_a_watch_page_then_its_offer_offers_the_straps_that_fit_and_not_the_case(db, shop):
    watch, strap, any_watch, case = shop
    page = Client().get(f"/p/{watch.variant.product.slug}/").content.decode()
    choices = _addon_select(page, watch.pk)
    assert "Sport Band 45" in choices and "Nylon Loop" in choices and "New" in choices
    assert "Phone Case" not in choices


def test_given_a_buyer_when_it_adds_the_watch_with_a_strap_then_the_cart_checkout_and_order_show_it_under_the_watch(
    buyer, seller, shop, django_assert_max_num_queries
):
    watch, strap, _any, _case = shop
    web = login(buyer)
    added = web.post("/cart/add/", {"offer_id": watch.pk, "quantity": 1, "addon_offer_id": strap.pk})
    assert added.status_code == 302
    main = CartItem.objects.get(offer=watch)
    assert CartItem.objects.get(offer=strap).attached_to_id == main.pk

    with django_assert_max_num_queries(12):
        cart = web.get("/cart/").content.decode()
    assert 'class="cart-item split addon-item"' in cart and "Customises" in cart

    checkout = web.get("/checkout/")
    assert "Customises" in checkout.content.decode()
    key = re.search(rb'name="idempotency_key" value="([0-9a-f]+)"', checkout.content).group(1).decode()
    form = {"name": "Ada", "line1": "1 rue de Rivoli", "postal_code": "75001", "city": "Paris"}
    done = web.post("/checkout/", {**form, "card_number": "4242424242424242", "idempotency_key": key})
    order = Order.objects.get(buyer=buyer)
    assert done["Location"] == f"/orders/{order.ref}/"
    with django_assert_max_num_queries(10):
        detail = web.get(done["Location"]).content.decode()
    assert "Customises" in detail and "addon-item" in detail

    seller_page = login(seller.user).get("/seller/orders/").content.decode()
    main_line = order.lines.get(offer=watch)
    assert f"Add-on of #{main_line.pk}" in seller_page


def test_given_a_visitor_when_it_picks_an_add_on_then_both_wait_in_its_session_cart_attached(db, shop):
    watch, strap, _any, _case = shop
    visitor = Client()
    response = visitor.post("/cart/add/", {"offer_id": watch.pk, "quantity": 1, "addon_offer_id": strap.pk})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert visitor.session["guest_cart_addons"] == {"FR": {str(strap.pk): watch.pk}}
    assert not CartItem.objects.exists()


def test_given_a_case_that_does_not_fit_when_posted_as_the_add_on_then_the_watch_is_added_and_the_case_refused(
    buyer, shop
):
    watch, _strap, _any, case = shop
    web = login(buyer)
    web.post("/cart/add/", {"offer_id": watch.pk, "quantity": 1, "addon_offer_id": case.pk})
    assert list(CartItem.objects.values_list("offer_id", flat=True)) == [watch.pk]
    assert "does not fit" in web.get("/cart/").content.decode()


def test_given_another_buyers_order_with_an_add_on_when_opened_then_404(buyer, shop, other_buyer):
    from comeback.orders.services import cart as cart_service
    from comeback.orders.services import customise

    from .helpers import place_order

    watch, strap, _any, _case = shop
    main = cart_service.add_to_cart(user=buyer, offer_id=watch.pk)
    customise.attach_addon(user=buyer, offer_id=strap.pk, attach_to=main.pk)
    order = place_order(buyer)
    assert login(other_buyer).get(f"/orders/{order.ref}/").status_code == 404
