"""A user's shop read by hand (sellers/shop_sql.py) is what the ORM's `Seller.objects.filter(user=…).first()`
answers: every field, value and type, in one query, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from comeback.sellers import selectors
from comeback.sellers.models import Seller, SellerStatus
from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def _fields(seller: Seller | None) -> list | None:
    if seller is None:
        return None
    return [
        (f.attname, type(v), v) for f in Seller._meta.concrete_fields for v in [getattr(seller, f.attname)]
    ]


@pytest.mark.parametrize(
    "shop",
    [
        dict(),
        dict(
            status=SellerStatus.PROBATION,
            probation_started_at=AT - timedelta(days=3),
            probation_ends_at=AT + timedelta(days=37),
            quality_score=0.8731,
            quality_summary={"in_breach": True, "metrics": {"defects": 0.031}},
            markets=["FR", "DE"],
            removal_due_at=AT + timedelta(days=2),
            description="Écrans d’origine, garantie 24 mois",
        ),
    ],
    ids=["full, defaults", "in probation, every kind of column set"],
)
def test_given_a_sellers_account_when_its_shop_is_read_by_hand_then_it_is_the_orms(
    shop, django_assert_num_queries
):
    seller = SellerFactory(**shop)
    user = seller.user
    with django_assert_num_queries(1):
        by_hand = selectors.seller_for_user(user)
    assert _fields(by_hand) == _fields(Seller.objects.filter(user=user).first())
    assert by_hand.pk == seller.pk and by_hand.get_deferred_fields() == set()


def test_given_an_account_without_a_shop_when_its_shop_is_read_then_there_is_none(django_assert_num_queries):
    SellerFactory()  # someone else's shop
    user = UserFactory()
    with django_assert_num_queries(1):
        assert selectors.seller_for_user(user) is None
