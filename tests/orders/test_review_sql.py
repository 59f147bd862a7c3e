"""A product page's reviews read by hand (orders/review_sql.py) are the ORM's, row for row and value for value."""

from __future__ import annotations

import pytest
from django.db import connection

from comeback.orders import review_sql
from comeback.orders.models import Review
from comeback.orders.selectors import REVIEW_FIELDS, reviews_for_product
from comeback.orders.services.reviews import post_review
from tests.factories import OfferFactory, ProductModelFactory, UserFactory, VariantFactory

from .helpers import place_order, walk

pytestmark = pytest.mark.django_db


def _orm(product_id: int, limit: int) -> list[Review]:
    """The query review_sql replaces, as the ORM wrote it."""
    return list(
        Review.objects.filter(product_id=product_id)
        .select_related("seller", "buyer")
        .only(*REVIEW_FIELDS)[:limit]
    )


def _shown(reviews) -> list[tuple]:
    return [
        (
            r.pk,
            r.stars,
            r.comment,
            r.created_at,
            r.product_id,
            r.seller.display_name,
            r.buyer.name,
            sorted(r.get_deferred_fields()),
            sorted(r.seller.get_deferred_fields()),
            sorted(r.buyer.get_deferred_fields()),
        )
        for r in reviews
    ]


@pytest.fixture
def reviewed():
    """A product with three reviews from three buyers (one without a name), and another product's review."""
    product = ProductModelFactory()
    offer = OfferFactory(variant=VariantFactory(product=product), quantity=9)
    other = OfferFactory(variant=VariantFactory())
    for name, stars, comment, bought in (
        ("Camille Martin", 5, "Like new", offer),
        ("", 3, "", offer),
        ("Jun Sato", 4, "Fast", offer),
        ("Ada L", 1, "Elsewhere", other),
    ):
        buyer = UserFactory(name=name)
        line = walk(place_order(buyer, bought).lines.get(), "delivered")
        post_review(buyer=buyer, line_id=line.pk, stars=stars, comment=comment)
    return product


@pytest.mark.parametrize("limit", [5, 2])
def test_given_reviews_when_read_by_hand_then_they_are_the_orms(reviewed, limit):
    assert _shown(review_sql.recent_reviews(product_id=reviewed.pk, limit=limit)) == _shown(
        _orm(reviewed.pk, limit)
    )


def test_given_a_product_page_when_its_reviews_are_read_then_it_costs_one_query_and_names_buyers_by_first_name(
    reviewed, django_assert_num_queries
):
    with django_assert_num_queries(1):
        reviews = reviews_for_product(reviewed.pk, 5)
        shown = [(r.author, r.stars, r.seller.display_name) for r in reviews]

    assert sorted(a for a, _, _ in shown) == ["A buyer", "Camille", "Jun"]


def test_given_no_review_then_none_is_read(db):
    assert review_sql.recent_reviews(product_id=ProductModelFactory().pk, limit=5) == []


def test_given_a_product_page_when_its_reviews_come_with_its_offers_then_they_are_the_pages_own_read(
    reviewed, django_assert_num_queries
):
    # given a reviewed product on sale
    from comeback.storefront import selectors as storefront

    storefront.product_detail(
        market="FR", product_id=reviewed.pk
    )  # the model kept, as every later page finds it
    # when its page reads its offers and its newest reviews together
    one_trip = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if one_trip else 2):
        detail = storefront.product_detail(market="FR", product_id=reviewed.pk, reviews=5)
    # then the reviews are those the page read on their own, authors named by first name
    assert _shown(detail.reviews) == _shown(reviews_for_product(reviewed.pk, 5))
    assert sorted(r.author for r in detail.reviews) == ["A buyer", "Camille", "Jun"]
    # and without asking, none is read
    assert storefront.product_detail(market="FR", product_id=reviewed.pk).reviews is None
