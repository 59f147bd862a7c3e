"""Query budgets of the invoice lists: an order's invoices (one per seller) and a seller's invoices cost the
same few queries for 2 rows or 8."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comeback.core import outbox
from comeback.invoices import services
from comeback.invoices.models import Invoice

from ..budgets import assert_flat, assert_flat_page, queries
from ..factories import OfferFactory, SellerFactory, UserFactory
from ..orders.helpers import place_order
from .conftest import paid

pytestmark = pytest.mark.django_db


def test_given_more_orders_when_the_seller_lists_its_invoices_then_the_queries_do_not_grow(api, buyer, offer):
    def add(n):
        for _ in range(n):
            paid(buyer, offer)

    assert_flat(api.as_(offer.seller.user, ["seller"]), "/api/v1/seller/invoices", add, budget=8)


def test_given_more_sellers_in_an_order_when_the_buyer_lists_its_invoices_then_the_queries_do_not_grow(api):
    buyer = UserFactory()
    orders = []

    def add(n):
        # One order per measure, with one invoice per seller in it.
        orders.append(
            place_order(buyer, *(OfferFactory(seller=SellerFactory(), quantity=3) for _ in range(n)))
        )
        outbox.drain()

    client = api.as_(buyer, ["buyer"])
    add(2)
    first = f"/api/v1/orders/{orders[0].pk}/invoices"
    assert Invoice.objects.filter(order=orders[0]).count() == 2
    add(8)
    second = f"/api/v1/orders/{orders[1].pk}/invoices"
    few, page_few = queries(client, first)
    many, page_many = queries(client, second)
    assert (len(page_few["items"]), len(page_many["items"])) == (2, 8)
    assert many == few <= 8


def test_given_more_invoices_when_the_seller_and_the_buyer_open_their_invoice_pages_then_the_queries_do_not_grow(
    client, buyer, offer
):
    # given a seller whose orders each issue an invoice, and a buyer whose order has one invoice per seller
    def add_paid(n):
        for _ in range(n):
            paid(buyer, offer)

    orders = []

    def add_sellers(n):
        orders.append(paid(buyer, *(OfferFactory(seller=SellerFactory(), quantity=3) for _ in range(n))))

    # when each opens its page with a few invoices then more, then the queries do not grow
    client.force_login(offer.seller.user)
    assert_flat_page(client, "/seller/invoices/", add_paid, budget=10)
    client.force_login(buyer)
    assert_flat_page(client, lambda: f"/orders/{orders[-1].ref}/invoices/", add_sellers, budget=10)


def test_given_a_paid_order_when_its_invoice_is_issued_then_it_reads_once_and_takes_its_number_in_one_statement(
    buyer, offer
):
    # Given an order paid and not invoiced yet (a test's transaction never commits: its events wait)
    order = place_order(buyer, offer)

    # When the invoice is issued, as the outbox's handler does
    with CaptureQueriesContext(connection) as ctx:
        invoice = services.issue_sale(order_id=order.pk, seller_id=offer.seller_id)

    # Then: whether it exists, the lines with their order, buyer, seller and tax profile, the number, the invoice
    # (and the savepoint around the last two)
    assert invoice.sequence_number == 1 and invoice.number.endswith("-000001")
    assert len(ctx.captured_queries) <= 6
