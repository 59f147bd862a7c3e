"""A product page's unit photos and authentication badges read by hand (offers/photos.py `listed_of`,
offers/authentication.py `badges`) are the ORM's, row for row and value for value."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import QuerySet

from comeback.offers import authentication, photos
from comeback.offers.models import Authentication, AuthenticationStatus, OfferPhoto
from comeback.storefront import selectors as storefront
from tests.factories import OfferFactory, OfferPhotoFactory, UserFactory

AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
FIELDS = [f.attname for f in OfferPhoto._meta.concrete_fields]


def _photo(offer, position: int, **fields) -> OfferPhoto:
    return OfferPhotoFactory(offer=offer, position=position, uploaded_at=AT, **fields)


def _values(rows) -> list[list[tuple]]:
    """Every field's value with its type, and what was left deferred."""
    return [
        [(f, type(getattr(r, f)), getattr(r, f)) for f in FIELDS] + [sorted(r.get_deferred_fields())]
        for r in rows
    ]


@pytest.fixture
def offers(db):
    """Three offers: one with photos out of order, a retired one and a defect; one with one photo; one with none."""
    first, second, bare = OfferFactory(), OfferFactory(), OfferFactory()
    _photo(first, 2, alt="Back")
    _photo(first, 0)
    _photo(first, 1, defect="stain", defect_note="Small mark on the sleeve")
    _photo(first, 3, in_passport=True, retired_at=AT)
    _photo(second, 0, alt="Front")
    return [first, second, bare]


def test_listed_photos_read_by_hand_are_the_orms(offers):
    # given offers with photos, a retired one among them
    ids = [o.pk for o in offers]
    orm: QuerySet = OfferPhoto.objects.filter(retired_at__isnull=True, offer_id__in=ids)
    # when both read them
    by_hand = photos.listed_of(ids)
    # then the same rows in the same order, value and type for value and type
    assert _values(by_hand) == _values(orm.order_by("offer_id", "position", "id"))
    assert len(by_hand) == 4
    # and a page shows each offer's listed photos in the seller's order
    shots = photos.photos_of(offers, product="Phone")
    assert {pk: [s.id for s in shown] for pk, shown in shots.items()} == {
        o.pk: [r.pk for r in orm.filter(offer=o).order_by("position", "id")] for o in offers
    }


def test_no_offers_read_no_photos(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert photos.listed_of([]) == []
        assert authentication.badges([]) == {}


def _authentication(offer, status: str, **fields) -> Authentication:
    decided = status != AuthenticationStatus.PENDING
    return Authentication.objects.create(
        offer=offer,
        status=status,
        threshold_amount=50000,
        requested_at=AT - timedelta(days=2),
        authenticator=UserFactory() if decided else None,
        decided_at=AT if decided else None,
        reasons="Stitching and serial match the maker's." if decided else "",
        **fields,
    )


def test_badges_read_by_hand_are_the_orms(db):
    # given authentications in every state, one without a list of what was checked
    authenticated, plain, refused, pending, unchecked = (OfferFactory() for _ in range(5))
    _authentication(authenticated, AuthenticationStatus.AUTHENTICATED, checked=["stitching", "serial"])
    _authentication(refused, AuthenticationStatus.REFUSED, checked=["serial"])
    _authentication(pending, AuthenticationStatus.PENDING)
    _authentication(unchecked, AuthenticationStatus.AUTHENTICATED, checked=[])
    offers = [authenticated, plain, refused, pending, unchecked]
    # when the badges are read by hand
    badges = authentication.badges(offers)
    # then they are the ORM's query's, value and type for value and type
    orm = Authentication.objects.filter(
        offer_id__in=[o.pk for o in offers], status=AuthenticationStatus.AUTHENTICATED
    ).values_list("offer_id", "decided_at", "checked")
    expected = {
        offer_id: {"authenticated_at": at, "checked": list(checked or [])} for offer_id, at, checked in orm
    }
    assert badges == expected
    assert list(badges) == list(expected)
    assert set(badges) == {authenticated.pk, unchecked.pk}
    assert type(badges[authenticated.pk]["authenticated_at"]) is datetime
    assert badges[authenticated.pk]["authenticated_at"] == AT
    assert badges[authenticated.pk]["checked"] == ["stitching", "serial"]


def test_given_a_product_pages_winners_when_their_photos_and_badges_are_read_together_then_they_are_each_alone(
    offers, django_assert_num_queries
):
    # given offers with photos, one of them authenticated
    _authentication(offers[1], AuthenticationStatus.AUTHENTICATED, checked=["serial"])
    # when the product page reads both in one go
    one_trip = connection.vendor == "postgresql"
    with django_assert_num_queries(1 if one_trip else 2):
        shots, badges = storefront.winners_shown(offers, product="Phone")
    # then each is what its own read answers
    assert shots == photos.photos_of(offers, product="Phone")
    assert [s.id for s in shots[offers[0].pk]] and [s.id for s in shots[offers[1].pk]]
    assert badges == authentication.badges(offers)
    assert set(badges) == {offers[1].pk}
    with django_assert_num_queries(0):
        assert storefront.winners_shown([], product="Phone") == ({}, {})
