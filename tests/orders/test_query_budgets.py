"""Query budgets of the orders lists: the cart, the buyer's orders, the seller's orders and returns and the
staff's return queue cost the same few queries for 2 rows or 8."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.orders import handlers
from comeback.orders.services import cart, returns

from ..budgets import assert_flat, assert_flat_page
from ..factories import OfferFactory, SellerFactory, StaffFactory, UserFactory
from .helpers import place_order, walk

pytestmark = pytest.mark.django_db


def _delivered_orders(buyer, seller, n: int) -> list:
    lines = []
    for _ in range(n):
        order = place_order(buyer, OfferFactory(seller=seller, quantity=3))
        lines.append(walk(order.lines.get(), "delivered"))
    return lines


def test_given_more_items_when_the_buyer_reads_the_cart_then_the_queries_do_not_grow(api):
    buyer = UserFactory()

    def add(n):
        for _ in range(n):
            cart.add_to_cart(user=buyer, offer_id=OfferFactory(quantity=3).pk)

    assert_flat(api.as_(buyer, ["buyer"]), "/api/v1/cart", add, budget=12)


def test_given_more_orders_when_the_seller_reads_its_orders_then_the_queries_do_not_grow(api):
    seller = SellerFactory(user=UserFactory())
    buyer = UserFactory()

    def add(n):
        for _ in range(n):
            place_order(buyer, OfferFactory(seller=seller, quantity=3))

    assert_flat(api.as_(seller.user, ["seller"]), "/api/v1/seller/orders", add, budget=12)


def test_given_more_returns_when_the_seller_and_staff_read_them_then_the_queries_do_not_grow(api):
    seller = SellerFactory(user=UserFactory())
    buyer = UserFactory()

    def add(n):
        for line in _delivered_orders(buyer, seller, n):
            returns.request_return(buyer=buyer, order_id=line.order_id, reason="changed_mind")

    assert_flat(api.as_(seller.user, ["seller"]), "/api/v1/seller/returns", add, budget=12)
    staff = api.as_(StaffFactory())
    assert_flat(staff, "/api/v1/staff/returns", add, budget=14, already=8)


def test_given_more_orders_when_the_buyer_seller_and_staff_open_their_pages_then_the_queries_do_not_grow(
    client,
):
    seller = SellerFactory(user=UserFactory())
    buyer = UserFactory()

    def add(n):
        for _ in range(n):
            place_order(buyer, OfferFactory(seller=seller, quantity=3))

    def add_returns(n):
        for line in _delivered_orders(buyer, seller, n):
            returns.request_return(buyer=buyer, order_id=line.order_id, reason="changed_mind")

    client.force_login(buyer)
    assert_flat_page(client, "/orders/", add, budget=12)
    client.force_login(seller.user)
    assert_flat_page(client, "/seller/orders/", add, budget=14)
    client.force_login(StaffFactory())
    assert_flat_page(client, "/staff/returns/", add_returns, budget=12)


def test_given_a_paid_order_when_its_confirmation_emails_go_then_they_cost_four_statements(buyer, offer):
    # Given an order paid (its events wait: a test's transaction never commits)
    line = place_order(buyer, offer).lines.get()

    # When the outbox's handler sends the buyer's confirmation and the seller's order to accept
    with CaptureQueriesContext(connection) as ctx:
        handlers.on_line_paid(1, {"line_id": line.pk})

    # Then the line with its order, buyer and seller, the order's lines, and one row per email sent
    assert sorted(m.to[0] for m in mail.outbox) == sorted([buyer.email, offer.seller.user.email])
    assert len(ctx.captured_queries) <= 4
