"""Query budgets of the trust lists: statements of reasons (the seller's and the staff's), reported listings
and mystery orders cost the same few queries for 2 rows or 8."""

from __future__ import annotations

import pytest

from comeback.orders.models import OrderLine
from comeback.trust import mystery, reports, statements
from comeback.trust.models import MysteryOrder, ReportReason, Statement, StatementKind

from ..budgets import assert_flat, assert_flat_page
from ..factories import OfferFactory, UserFactory
from ..orders.helpers import ADDRESS, CARD_SUCCEEDS, walk
from .test_mystery_orders import INSPECTION

pytestmark = pytest.mark.django_db


def _statements(seller, n: int) -> list:
    start = Statement.objects.count()
    return [
        statements.issue(
            seller_id=seller.pk,
            kind=StatementKind.LISTING_WITHDRAWN,
            subject=f"Listing {i}",
            facts="The listing showed a phone that was not the one sold.",
            automated=False,
            source_key=f"budget:{i}",
        )
        for i in range(start, start + n)
    ]


def test_given_more_statements_when_the_seller_and_staff_list_them_then_the_queries_do_not_grow(
    api, seller, staff
):
    assert_flat(api.as_(seller.user), "/api/v1/seller/statements", lambda n: _statements(seller, n), budget=8)

    def contested(n):
        for s in _statements(seller, n):
            statements.contest(
                seller=seller, statement_id=s.pk, text="The listing was right.", by=seller.user
            )

    assert_flat(api.as_(staff), "/api/v1/staff/statements", contested, budget=8)


def test_given_more_reports_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        for _ in range(n):
            reports.file(
                offer_id=OfferFactory().pk,
                reason=ReportReason.MISLEADING,
                details="The photos show another model.",
                reporter=UserFactory(),
            )

    assert_flat(api.as_(staff), "/api/v1/staff/reports", add, budget=8)


def test_given_more_mystery_orders_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        for _ in range(n):
            mystery.place(
                staff=staff,
                offer_id=OfferFactory().pk,
                shipping_address=ADDRESS,
                payment_method=CARD_SUCCEEDS,
            )

    assert_flat(api.as_(staff), "/api/v1/staff/mystery-orders", add, budget=8)
    assert MysteryOrder.objects.count() == 8


def test_given_more_statements_when_the_seller_opens_its_statements_page_then_the_queries_do_not_grow(
    client, seller
):
    # given statements of reasons sent to a seller, then more
    client.force_login(seller.user)
    # when it opens its statements page, then the queries do not grow
    assert_flat_page(client, "/seller/statements/", lambda n: _statements(seller, n), budget=12)


def test_given_more_contests_and_reports_when_staff_open_the_trust_queue_then_the_queries_do_not_grow(
    client, seller, staff
):
    # given contested statements and reported listings, each of another seller, then more of both
    def add(n):
        for s in _statements(seller, n):
            statements.contest(
                seller=seller, statement_id=s.pk, text="The listing was right.", by=seller.user
            )
        for _ in range(n):
            reports.file(
                offer_id=OfferFactory().pk,
                reason=ReportReason.MISLEADING,
                details="The photos show another model.",
                reporter=UserFactory(),
            )

    client.force_login(staff)
    # when staff open the trust queue, then the queries do not grow
    assert_flat_page(client, "/staff/trust/", add, budget=10)


def test_given_more_mystery_orders_placed_and_inspected_when_staff_open_their_page_then_the_queries_do_not_grow(
    client, staff
):
    # given mystery orders, half of them arrived and inspected (one failure each), then more
    def add(n):
        for i in range(n):
            placed = mystery.place(
                staff=staff,
                offer_id=OfferFactory().pk,
                shipping_address=ADDRESS,
                payment_method=CARD_SUCCEEDS,
            )
            if i % 2:
                walk(OrderLine.objects.get(pk=placed.line_id), "shipped")
                mystery.inspect(
                    mystery_id=placed.pk,
                    staff=staff,
                    inspection=mystery.Inspection(**{**INSPECTION, "battery_health": 70}),
                )

    client.force_login(staff)
    # when staff open the mystery orders page, then the queries do not grow
    assert_flat_page(client, "/staff/mystery-orders/", add, budget=10)
    assert MysteryOrder.objects.filter(status="inspected").count() == 4
