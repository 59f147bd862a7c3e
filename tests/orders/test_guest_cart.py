"""The cart before login: a visitor's cart is kept in the session and joins the account's at login or
sign-up (same offer merged, quantities capped by stock); checkout asks for an account and comes back."""

from __future__ import annotations

import threading

import pytest
from django.test import Client

from comeback.orders.models import CartItem
from comeback.orders.services import cart as cart_service
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _add(client, offer, quantity=1):
    return client.post("/cart/add/", {"offer_id": offer.pk, "quantity": quantity})


def _items(user) -> dict[int, int]:
    return dict(CartItem.objects.filter(cart__user=user).values_list("offer_id", "quantity"))


def test_given_a_visitor_when_adding_to_cart_then_the_cart_page_shows_it_without_logging_in(offer):
    visitor = Client()

    added = _add(visitor, offer, 2)
    page = visitor.get("/cart/")

    assert added.status_code == 302 and added["Location"] == "/cart/"
    assert page.status_code == 200
    html = page.content.decode()
    assert "2 items" in html and str(offer.variant.product) in html
    assert "At checkout you log in or create an account" in html
    assert 'class="header-cart"' in html and ">2</span>" in html


def test_given_a_visitor_cart_when_changing_and_removing_an_item_then_the_session_follows(offer, other_offer):
    visitor = Client()
    _add(visitor, offer)
    _add(visitor, other_offer)

    visitor.post(f"/cart/items/{offer.pk}/", {"quantity": 3})
    visitor.post(f"/cart/items/{other_offer.pk}/", {"remove": "1"})

    html = visitor.get("/cart/").content.decode()
    assert "3 items" in html and str(other_offer.seller.display_name) not in html


def test_given_a_visitor_when_asking_for_more_than_the_stock_then_the_refusal_is_shown_and_nothing_added(
    offer,
):
    visitor = Client()

    refused = _add(visitor, offer, 6)

    assert refused.status_code == 302
    assert "Your cart is empty." in visitor.get("/cart/").content.decode()


def test_given_a_visitor_cart_when_checking_out_then_login_is_asked_and_the_same_cart_comes_back(
    buyer, offer, other_offer
):
    visitor = Client()
    _add(visitor, offer, 2)
    _add(visitor, other_offer)
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=2)  # from an earlier visit

    to_login = visitor.get("/checkout/")
    assert to_login.status_code == 302 and to_login["Location"] == "/accounts/login/?next=/checkout/"
    assert "your cart is kept" in visitor.get(to_login["Location"]).content.decode()
    logged = visitor.post(to_login["Location"], {"username": buyer.email, "password": PASSWORD})

    assert logged.status_code == 302 and logged["Location"] == "/checkout/"
    assert _items(buyer) == {offer.pk: 4, other_offer.pk: 1}  # merged: 2 before + 2 now
    assert visitor.get("/checkout/").status_code == 200
    assert "guest_cart" not in visitor.session


def test_given_a_visitor_cart_when_signing_up_then_the_new_account_has_the_cart(offer):
    visitor = Client()
    _add(visitor, offer, 2)

    signed = visitor.post(
        "/accounts/signup/?next=/checkout/",
        {
            "email": "newcomer@example.test",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
            "next": "/checkout/",
        },
    )

    assert signed.status_code == 302 and signed["Location"] == "/checkout/"
    from comeback.accounts.models import User

    assert _items(User.objects.get(email="newcomer@example.test")) == {offer.pk: 2}


def test_given_a_merge_beyond_the_stock_then_the_quantity_is_capped_not_refused(buyer, offer):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=4)

    cart_service.merge_guest_cart(user=buyer, carts={offer.market_id: {offer.pk: 3}})

    assert _items(buyer) == {offer.pk: offer.quantity}


def test_given_an_offer_withdrawn_since_it_was_added_then_the_merge_leaves_it_out(buyer, offer, other_offer):
    type(offer).objects.filter(pk=offer.pk).update(quantity=0)

    cart_service.merge_guest_cart(
        user=buyer, carts={offer.market_id: {offer.pk: 1, other_offer.pk: 1}, "JP": {999999: 1}}
    )

    assert _items(buyer) == {other_offer.pk: 1}


@pytest.mark.django_db(transaction=True)
def test_given_two_racing_merges_then_the_item_exists_once_within_the_stock(buyer, offer):
    barrier = threading.Barrier(2)
    errors = []

    def merge():
        from django.db import connection

        try:
            barrier.wait()
            cart_service.merge_guest_cart(user=buyer, carts={offer.market_id: {offer.pk: 3}})
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors
    assert CartItem.objects.filter(cart__user=buyer).count() == 1
    assert 3 <= _items(buyer)[offer.pk] <= offer.quantity


def test_given_a_visitor_cart_then_another_visitor_cannot_touch_it(offer):
    alice, mallory = Client(), Client()
    _add(alice, offer)

    mallory.post(f"/cart/items/{offer.pk}/", {"quantity": 3})

    assert "1 item" in alice.get("/cart/").content.decode()
    assert "Your cart is empty." in mallory.get("/cart/").content.decode()
