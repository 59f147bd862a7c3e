"""Every buying endpoint and page refuses the wrong actor: no token → 401, a token without the right
scope → 403, a visitor → the login page, someone else's order or line → 404 (never revealed)."""

from __future__ import annotations

import pytest
from django.test import Client

BUYER_ROUTES = [
    ("get", "/api/v1/cart"),
    ("post", "/api/v1/cart/items"),
    ("patch", "/api/v1/cart/items/1"),
    ("delete", "/api/v1/cart/items/1"),
    ("post", "/api/v1/checkout"),
    ("get", "/api/v1/orders"),
    ("get", "/api/v1/orders/1"),
    ("post", "/api/v1/orders/1/payment/confirm"),
    ("post", "/api/v1/orders/1/cancel"),
    ("post", "/api/v1/orders/lines/1/cancel"),
    ("post", "/api/v1/orders/lines/1/delivered"),
    ("post", "/api/v1/orders/1/returns"),
    ("post", "/api/v1/orders/lines/1/review"),
]
SELLER_ROUTES = [
    ("get", "/api/v1/seller/orders"),
    ("post", "/api/v1/seller/orders/lines/1/accept"),
    ("post", "/api/v1/seller/orders/lines/1/ship"),
    ("post", "/api/v1/seller/orders/lines/1/cancel"),
    ("get", "/api/v1/seller/returns"),
    ("post", "/api/v1/seller/returns/1/receive"),
    ("post", "/api/v1/seller/returns/1/refund"),
    ("get", "/api/v1/seller/balance"),
]
PAGES = [  # the cart is open to visitors (a session cart); checkout is where an account is needed
    "/checkout/",
    "/orders/",
    "/orders/ORD-X/",
    "/orders/ORD-X/pay/",
    "/seller/orders/",
    "/seller/orders/lines/1/ship/",
]
POSTS = [
    "/orders/ORD-X/cancel/",
    "/orders/ORD-X/returns/",
    "/orders/ORD-X/lines/1/cancel/",
    "/orders/ORD-X/lines/1/received/",
    "/orders/ORD-X/lines/1/review/",
    "/seller/orders/lines/1/accept/",
    "/seller/orders/lines/1/cancel/",
    "/seller/returns/1/receive/",
    "/seller/returns/1/refund/",
]


# Valid bodies, so the refusal is about who calls, not what is sent.
BODIES = {
    "/api/v1/cart/items": {"offer_id": 1, "quantity": 1},
    "/api/v1/cart/items/1": {"quantity": 1},
    "/api/v1/checkout": {
        "market": "FR",
        "payment_method": "4242424242424242",
        "shipping_address": {"name": "A", "line1": "B", "postal_code": "75001", "city": "Paris"},
    },
    "/api/v1/orders/1/returns": {"reason": "defect"},
    "/api/v1/orders/lines/1/review": {"stars": 5},
    "/api/v1/seller/orders/lines/1/ship": {"tracking_number": "TRACK12345", "carrier": "DHL", "serial": "S1"},
}


def call(client, method, path):
    if method == "get":
        return client.get(path)
    return getattr(client, method)(path, BODIES.get(path, {}))


@pytest.mark.parametrize(("method", "path"), BUYER_ROUTES + SELLER_ROUTES)
def test_given_no_token_when_calling_a_buying_route_then_401(api, method, path):
    call(api, method, path).expect(401)


@pytest.mark.parametrize(("method", "path"), BUYER_ROUTES)
def test_given_a_token_without_the_buyer_scope_when_calling_a_buyer_route_then_403(api, seller, method, path):
    assert call(api.as_(seller.user, scopes=["seller"]), method, path).expect(403)["code"] == "missing_scope"


@pytest.mark.parametrize(("method", "path"), SELLER_ROUTES)
def test_given_a_seller_token_without_the_seller_scope_when_calling_a_seller_route_then_403(
    api, seller, method, path
):
    assert call(api.as_(seller.user, scopes=["buyer"]), method, path).expect(403)["code"] == "missing_scope"


@pytest.mark.parametrize("path", PAGES)
def test_given_a_visitor_when_opening_a_buying_page_then_the_login_page(db, path):
    response = Client().get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("path", POSTS)
def test_given_a_visitor_when_posting_a_buying_form_then_the_login_page(db, path):
    response = Client().post(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
