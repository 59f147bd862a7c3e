"""Query budgets of the seller web pages that list rows (docs/design.md §5 "Query budgets"): a few rows or
many, each page costs the same number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.core import clock
from comeback.orders.services.reviews import post_review
from comeback.sellers.models import SellerAlert, SellerDecision

from ..budgets import assert_flat_page
from ..factories import OfferFactory, SellerFactory, StaffFactory, UserFactory
from ..orders.helpers import place_order, walk
from .factories import ApplicantFactory, ProbationSellerFactory

pytestmark = pytest.mark.django_db


def test_given_more_sellers_when_staff_open_the_seller_queues_then_the_queries_do_not_grow(client):
    # given staff, and sellers arriving in each queue
    client.force_login(StaffFactory())

    def add_upcoming(n):
        for _ in range(n):
            ProbationSellerFactory(probation_started_at=clock.now() - timedelta(days=36))

    def add_applicants(n):
        for _ in range(n):
            ApplicantFactory(user=UserFactory())

    def add_due(n):
        for _ in range(n):
            ProbationSellerFactory(probation_started_at=clock.now() - timedelta(days=41))

    def add_alerts(n):
        for _ in range(n):
            SellerAlert.objects.create(
                seller=SellerFactory(),
                metric="defect_rate",
                value=0.2,
                threshold=0.1,
                events=3,
                trials=10,
                opened_at=clock.now(),
                updated_at=clock.now(),
            )

    # when each page is opened with a few rows then more, then its queries do not grow
    assert_flat_page(client, "/staff/sellers/", add_upcoming, budget=12)
    assert_flat_page(client, "/staff/sellers/applications/", add_applicants, budget=9)
    assert_flat_page(client, "/staff/sellers/reviews/", add_due, budget=10)
    assert_flat_page(client, "/staff/sellers/alerts/", add_alerts, budget=9)


def test_given_more_decisions_when_staff_open_a_sellers_history_then_the_queries_do_not_grow(client):
    # given staff and a seller with decisions taken by different people
    client.force_login(StaffFactory())
    seller = SellerFactory()

    def add(n):
        for _ in range(n):
            SellerDecision.objects.create(
                seller=seller,
                kind="suspend",
                from_status="full",
                to_status="suspended",
                actor=StaffFactory(),
                reason="A sustained defect rate.",
                created_at=clock.now(),
            )

    # when the history is opened with a few decisions then more, then its queries do not grow
    assert_flat_page(client, f"/staff/sellers/{seller.pk}/history/", add, budget=9)


def test_given_more_reviews_when_anyone_opens_a_sellers_public_page_then_the_queries_do_not_grow(client):
    # given a seller whose buyers review what they received
    seller = SellerFactory()
    buyer = UserFactory()

    def add(n):
        for _ in range(n):
            line = walk(place_order(buyer, OfferFactory(seller=seller, quantity=3)).lines.get(), "delivered")
            post_review(buyer=buyer, line_id=line.pk, stars=4, comment="As described.")

    # when a visitor opens the page with a few reviews then more, then its queries do not grow
    assert_flat_page(client, f"/sellers/{seller.slug}/", add, budget=4)
    assert "As described." in client.get(f"/sellers/{seller.slug}/").content.decode()
