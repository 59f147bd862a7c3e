"""A seller's own offer read by hand (offers/own_sql.py) is what the ORM's select_related read answers: the offer,
its variant, product, category and the category's parent, brand and market, every field, loaded in one query,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from comeback.offers import own_sql
from comeback.offers.models import Offer
from tests.factories import CategoryFactory, OfferFactory, SellerFactory

pytestmark = pytest.mark.django_db


def _by_orm(offer_id: int, seller_id: int) -> Offer | None:
    return (
        Offer.objects.select_related(
            "variant__product__category__parent", "variant__product__brand", "market"
        )
        .filter(pk=offer_id, seller_id=seller_id)
        .first()
    )


def _fields(instance) -> dict | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def _chain(offer: Offer) -> list:
    product = offer.variant.product
    return [
        offer,
        offer.variant,
        product,
        product.category,
        product.category.parent,
        product.brand,
        offer.market,
    ]


@pytest.mark.parametrize("with_parent", [True, False])
def test_given_a_sellers_offer_then_the_hand_read_is_the_orms_offer_and_what_it_points_to(
    with_parent, django_assert_num_queries
):
    offer = OfferFactory()
    category = offer.variant.product.category
    category.parent = CategoryFactory() if with_parent else None
    category.save(update_fields=["parent"])

    with django_assert_num_queries(1):
        found = own_sql.own_offer(seller_id=offer.seller_id, offer_id=offer.pk)
        read = [_fields(instance) for instance in _chain(found)]  # all loaded with it: no second query

    assert read == [_fields(instance) for instance in _chain(_by_orm(offer.pk, offer.seller_id))]
    assert (read[4] is not None) is with_parent


def test_given_another_sellers_offer_or_none_then_neither_read_finds_it():
    offer, other = OfferFactory(), SellerFactory()

    assert own_sql.own_offer(seller_id=other.pk, offer_id=offer.pk) is None
    assert _by_orm(offer.pk, other.pk) is None
    assert own_sql.own_offer(seller_id=offer.seller_id, offer_id=offer.pk + 1000) is None
    absurd = 10**26  # beyond any id the database can hold
    assert own_sql.own_offer(seller_id=offer.seller_id, offer_id=absurd) is None
    assert _by_orm(absurd, offer.seller_id) is None
