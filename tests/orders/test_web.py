"""The buying pages: cart, checkout with the test cards, the confirmation step, the order page with its
timeline, cancel / return / review forms, and the seller's order pages — each refusing the wrong actor."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from comeback.orders.models import LineStatus, Order, OrderStatus
from comeback.orders.payments.testing import CARD_DECLINED, CARD_NEEDS_CONFIRMATION, CARD_SUCCEEDS
from tests.factories import PASSWORD, UserFactory

from .helpers import VALID_IMEI, place_order, walk


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def checkout_form(page, card=CARD_SUCCEEDS) -> dict:
    key = re.search(rb'name="idempotency_key" value="([0-9a-f]+)"', page.content).group(1).decode()
    return {
        "name": "Ada Lovelace",
        "line1": "1 rue de Rivoli",
        "postal_code": "75001",
        "city": "Paris",
        "card_number": card,
        "idempotency_key": key,
    }


@pytest.fixture
def web(buyer):
    return login(buyer)


def test_given_a_visitor_when_adding_to_cart_then_the_cart_keeps_it_and_checkout_asks_to_log_in(db, offer):
    visitor = Client()
    response = visitor.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1, "next": "/p/some-phone/"})
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert visitor.get("/cart/").status_code == 200
    assert visitor.get("/checkout/")["Location"].startswith("/accounts/login/?next=")


def test_given_a_buyer_when_adding_and_checking_out_with_the_test_card_then_the_order_page_shows_it_paid(
    web, buyer, offer, other_offer
):
    assert web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1}).status_code == 302
    web.post("/cart/add/", {"offer_id": other_offer.pk, "quantity": 1})
    cart = web.get("/cart/")
    assert cart.status_code == 200 and b"Check out" in cart.content

    page = web.get("/checkout/")
    done = web.post("/checkout/", checkout_form(page))

    order = Order.objects.get(buyer=buyer)
    assert done.status_code == 302 and done["Location"] == f"/orders/{order.ref}/"
    detail = web.get(done["Location"])
    assert detail.status_code == 200
    assert order.status == OrderStatus.PAID
    assert b"Timeline" in detail.content and detail.content.count(b'data-line-status="paid"') == 2


def test_given_a_double_submit_of_the_checkout_form_then_one_order_exists(web, buyer, offer):
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
    form = checkout_form(web.get("/checkout/"))
    first = web.post("/checkout/", form)
    second = web.post("/checkout/", form)
    assert first["Location"] == second["Location"]
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_given_a_declined_card_then_the_error_is_next_to_the_card_field_and_a_new_key_is_issued(
    web, buyer, offer
):
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
    form = checkout_form(web.get("/checkout/"), card=CARD_DECLINED)

    response = web.post("/checkout/", form)

    assert response.status_code == 200
    assert b"declined" in response.content and b"id_card_number_error" in response.content
    assert form["idempotency_key"].encode() not in response.content
    retry = web.post("/checkout/", checkout_form(response))
    assert retry.status_code == 302
    assert Order.objects.filter(buyer=buyer, status=OrderStatus.PAID).count() == 1


def test_given_a_card_needing_confirmation_then_the_bank_page_approves_it(web, buyer, offer):
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 1})
    response = web.post("/checkout/", checkout_form(web.get("/checkout/"), card=CARD_NEEDS_CONFIRMATION))
    order = Order.objects.get(buyer=buyer)
    assert response["Location"] == f"/orders/{order.ref}/pay/"
    assert b"Approve payment" in web.get(response["Location"]).content

    approved = web.post(response["Location"], {"action": "approve"})

    order.refresh_from_db()
    assert approved["Location"] == f"/orders/{order.ref}/" and order.status == OrderStatus.PAID


def test_given_the_bank_page_when_the_buyer_refuses_then_the_stock_is_released(web, buyer, offer):
    order = place_order(buyer, offer, card=CARD_NEEDS_CONFIRMATION)
    web.post(f"/orders/{order.ref}/pay/", {"action": "reject"})
    order.refresh_from_db()
    assert order.status == OrderStatus.PAYMENT_FAILED


def test_given_buyer_a_order_when_buyer_b_opens_it_or_acts_on_it_then_404(paid_order, other_buyer):
    other = login(other_buyer)
    line = paid_order.lines.get()
    assert other.get(f"/orders/{paid_order.ref}/").status_code == 404
    assert other.get(f"/orders/{paid_order.ref}/pay/").status_code == 404
    assert other.post(f"/orders/{paid_order.ref}/lines/{line.pk}/cancel/").status_code == 404
    assert other.post(f"/orders/{paid_order.ref}/returns/", {"reason": "defect"}).status_code == 404
    line.refresh_from_db()
    assert line.status == LineStatus.PAID


def test_given_a_paid_order_when_the_buyer_clicks_cancel_then_it_is_cancelled_and_refunded(web, paid_order):
    response = web.post(f"/orders/{paid_order.ref}/cancel/", follow=True)
    assert b"Cancelled" in response.content
    assert set(paid_order.lines.values_list("status", flat=True)) == {LineStatus.CANCELLED}


def test_given_a_delivered_line_when_the_buyer_reviews_and_returns_it_on_the_order_page_then_both_are_recorded(
    web, paid_line
):
    walk(paid_line, "delivered")
    ref = paid_line.order.ref
    page = web.get(f"/orders/{ref}/")
    assert b"Review this item" in page.content and b"Request a return" in page.content

    bad = web.post(f"/orders/{ref}/returns/", {"line_ids": [paid_line.pk], "reason": "bored"})
    assert bad.status_code == 422 and b"id_reason_error" in bad.content

    web.post(
        f"/orders/{ref}/lines/{paid_line.pk}/review/",
        {f"r{paid_line.pk}-stars": "5", f"r{paid_line.pk}-comment": "Great"},
    )
    web.post(f"/orders/{ref}/returns/", {"line_ids": [paid_line.pk], "reason": "defect"})
    page = web.get(f"/orders/{ref}/")
    assert b"Your review" in page.content and b"Return requested" in page.content


def test_given_the_header_then_the_cart_count_shows_for_a_logged_in_buyer(web, offer):
    web.post("/cart/add/", {"offer_id": offer.pk, "quantity": 2})
    assert b'class="header-cart"' in web.get("/orders/").content


# Seller pages -----------------------------------------------------------------------------------
def test_given_a_seller_when_it_opens_its_orders_then_it_sees_only_its_lines_and_can_accept_and_ship(
    paid_order, offer, other_offer, seller, buyer
):
    place_order(UserFactory(), other_offer)
    web = login(seller.user)
    line = paid_order.lines.get()

    page = web.get("/seller/orders/")
    assert page.status_code == 200
    assert page.content.count(b'data-line-status="') == 1

    web.post(f"/seller/orders/lines/{line.pk}/accept/")
    bad = web.post(
        f"/seller/orders/lines/{line.pk}/ship/",
        {"carrier": "DHL", "tracking_number": "TRACK12345", "imei": "490154203237519"},
    )
    assert bad.status_code == 422 and b"id_imei_error" in bad.content
    good = web.post(
        f"/seller/orders/lines/{line.pk}/ship/",
        {"carrier": "DHL", "tracking_number": "TRACK12345", "imei": VALID_IMEI},
    )
    assert good.status_code == 302
    line.refresh_from_db()
    assert (line.status, line.imei) == (LineStatus.SHIPPED, VALID_IMEI)


def test_given_another_sellers_line_when_a_seller_opens_its_ship_page_then_404(paid_line, other_seller):
    web = login(other_seller.user)
    assert web.get(f"/seller/orders/lines/{paid_line.pk}/ship/").status_code == 404
    web.post(f"/seller/orders/lines/{paid_line.pk}/accept/")
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.PAID


def test_given_a_buyer_without_a_shop_when_opening_the_seller_orders_then_403(web):
    assert web.get("/seller/orders/").status_code == 403


def test_given_a_visitor_when_opening_the_seller_orders_then_login(db):
    assert Client().get("/seller/orders/")["Location"].startswith("/accounts/login/")


def test_given_a_seller_with_a_return_when_it_receives_and_refunds_from_the_portal_then_the_buyer_is_refunded(
    paid_line, seller
):
    from comeback.orders.services import returns

    walk(paid_line, "delivered")
    ret = returns.request_return(buyer=paid_line.order.buyer, order_id=paid_line.order_id, reason="defect")[0]
    web = login(seller.user)
    assert b"Returns to handle" in web.get("/seller/orders/").content
    web.post(f"/seller/returns/{ret.pk}/receive/")
    web.post(f"/seller/returns/{ret.pk}/refund/")
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.REFUNDED


def test_given_a_checkout_then_it_stays_within_its_query_budget(
    buyer, offer, other_offer, django_assert_max_num_queries
):
    from comeback.orders.services import cart as cart_service
    from comeback.orders.services import checkout as checkout_service

    from .helpers import ADDRESS

    for o in (offer, other_offer):
        cart_service.add_to_cart(user=buyer, offer_id=o.pk, quantity=2)
    # 17 statements (one stock UPDATE per offer) + 2 savepoint pairs that are BEGIN/COMMIT outside tests
    with django_assert_max_num_queries(21):
        order = checkout_service.checkout(
            buyer=buyer,
            market_code="FR",
            idempotency_key="budget",
            shipping_address=ADDRESS,
            payment_method=CARD_SUCCEEDS,
        ).order
    assert order.status == OrderStatus.PAID


def test_given_a_product_with_a_compatible_strap_then_its_page_offers_the_add_on_and_shows_reviews(db, buyer):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from comeback.core import markets
    from comeback.orders.services.reviews import post_review
    from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

    watch = ProductModelFactory(name="Watch 7", category=CategoryFactory(slug="smartwatches"))
    strap = ProductModelFactory(
        name="Sport Band", category=CategoryFactory(slug="watch-straps", battery_floor=None)
    )
    strap.compatible_with.add(watch)
    watch_offer = OfferFactory(variant=VariantFactory(product=watch))
    OfferFactory(variant=VariantFactory(product=strap), price_amount=2900, battery_health_min=None)
    line = walk(
        place_order(buyer, watch_offer).lines.select_related("order__buyer", "seller").get(), "delivered"
    )
    post_review(buyer=buyer, line_id=line.pk, stars=4, comment="Lovely")
    request = RequestFactory().get("/")
    request.user = buyer
    context = {"product": watch, "market": markets.get("FR"), "request": request, "user": buyer}

    addons = render_to_string("orders/_addons.html", context, request=request)
    reviews = render_to_string("orders/_reviews.html", context, request=request)

    assert "Add-ons that fit" in addons and "Sport Band" in addons
    assert "Lovely" in reviews and "4 out of 5" in reviews
