"""Query budgets of the warranty lists: claims (the buyer's, the seller's, the staff queue) and a claim's
messages cost the same few queries for 2 rows or 8."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.aftersales import services
from comeback.aftersales.models import Author, ClaimMessage

from ..budgets import assert_flat, assert_flat_page
from .conftest import T0
from .factories import delivered_line, open_claim

pytestmark = pytest.mark.django_db

LATE = T0 + timedelta(days=3)  # Saturday: the Friday answer deadline has passed


def test_given_more_claims_when_buyer_seller_and_staff_list_them_then_the_queries_do_not_grow(
    api, frozen, buyer, seller, staff, clock_at
):
    def add(n):
        for _ in range(n):
            open_claim(delivered_line(buyer=buyer, seller=seller, at=T0), at=T0)

    assert_flat(api.as_(buyer), "/api/v1/warranty/claims", add, budget=10)
    assert_flat(api.as_(seller.user), "/api/v1/seller/claims", add, budget=10, already=8)
    with clock_at(LATE):
        assert_flat(api.as_(staff), "/api/v1/staff/claims", add, budget=10, already=16)


def test_given_more_messages_when_each_side_reads_a_claim_then_the_queries_do_not_grow(
    api, claim, buyer, seller, staff, clock_at
):
    already = ClaimMessage.objects.filter(claim=claim).count()
    authors = [(Author.BUYER, buyer), (Author.SELLER, seller.user)]

    def add(n):
        for i in range(n):
            author, user = authors[i % 2]
            services.post_message(claim=claim, author=author, user=user, body=f"Message {i}", at=T0)

    assert_flat(
        api.as_(buyer), f"/api/v1/warranty/claims/{claim.pk}/messages", add, budget=10, already=already
    )
    path = f"/api/v1/seller/claims/{claim.pk}/messages"
    assert_flat(api.as_(seller.user), path, add, budget=10, already=already + 8)
    with clock_at(LATE):
        path = f"/api/v1/staff/claims/{claim.pk}/messages"
        assert_flat(api.as_(staff), path, add, budget=10, already=already + 16)


def test_given_more_claims_when_buyer_seller_and_staff_open_their_claim_pages_then_the_queries_do_not_grow(
    client, frozen, buyer, seller, staff, clock_at
):
    def add(n):
        for _ in range(n):
            open_claim(delivered_line(buyer=buyer, seller=seller, at=T0), at=T0)

    client.force_login(buyer)
    assert_flat_page(client, "/warranty/claims/", add, budget=12)
    client.force_login(seller.user)
    assert_flat_page(client, "/seller/claims/", add, budget=14)
    client.force_login(staff)
    with clock_at(LATE):
        assert_flat_page(client, "/staff/claims/", add, budget=14)
