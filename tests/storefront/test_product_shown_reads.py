"""A product page's winners' unit photos and authentication badges, read on PostgreSQL in the offers' round trip
(the shown variant's offers selected in SQL, `product_detail(shown=True)`), are those read apart for the winners
once ranked; SQLite reads them apart as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from comeback.offers.models import Authentication, AuthenticationStatus, OfferPhoto
from comeback.storefront import selectors

from ..factories import OfferFactory, OfferPhotoFactory, ProductModelFactory, UserFactory, VariantFactory

pytestmark = pytest.mark.django_db

AT = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ONE_TRIP = connection.vendor == "postgresql"


def _photo(offer, position: int, **fields) -> OfferPhoto:
    return OfferPhotoFactory(offer=offer, position=position, uploaded_at=AT, **fields)


def _authenticated(offer) -> None:
    Authentication.objects.create(
        offer=offer,
        status=AuthenticationStatus.AUTHENTICATED,
        threshold_amount=50000,
        requested_at=AT - timedelta(days=2),
        authenticator=UserFactory(),
        decided_at=AT,
        reasons="Serial matches.",
        checked=["serial"],
    )


@pytest.fixture
def phone():
    """A model with a cheap variant (two offers in one grade, one in another) and a dearer one; every offer has
    photos (one retired) and an authentication, so reading too many or too few would show."""
    product = ProductModelFactory(name="Phone X")
    cheap, dear = VariantFactory(product=product), VariantFactory(product=product)
    offers = [
        OfferFactory(variant=cheap, grade="good", price_amount=30000),
        OfferFactory(variant=cheap, grade="good", price_amount=31000),
        OfferFactory(variant=cheap, grade="excellent", price_amount=36000),
        OfferFactory(variant=dear, grade="good", price_amount=40000),
    ]
    for offer in offers:
        _photo(offer, 1, alt="Back")
        _photo(offer, 0)
        _photo(offer, 2, in_passport=True, retired_at=AT)
        _authenticated(offer)
    return product, cheap, dear


def _winners(detail) -> list:
    return [g.winner for g in detail.grades if g.winner is not None]


@pytest.mark.parametrize("variant", [None, "cheap", "dear"])
def test_given_photos_and_badges_on_every_offer_when_the_page_reads_them_with_the_offers_then_they_are_the_winners_read_apart(
    phone, variant, django_assert_num_queries
):
    product, cheap, dear = phone
    variant_id = {"cheap": cheap.pk, "dear": dear.pk, None: None}[variant]
    selectors.product_detail(market="FR", product_id=product.pk)  # the market and the model, kept per process
    # when the page reads the offers with the shown variant's photos and badges
    with django_assert_num_queries(1):
        detail = selectors.product_detail(
            market="FR", product_id=product.pk, variant_id=variant_id, shown=True
        )
    winners = _winners(detail)
    with django_assert_num_queries(0 if ONE_TRIP else 2):
        together = selectors.winners_shown(winners, product="Phone X", read=detail.shown)
    # then they are what the winners' own read answers
    apart = selectors.winners_shown(winners, product="Phone X")

    assert detail.variant.id == (dear.pk if variant == "dear" else cheap.pk)
    assert (detail.shown is not None) == ONE_TRIP
    assert len(winners) == (1 if variant == "dear" else 2)
    assert together == apart
    shots, badges = together
    assert set(shots) == set(badges) == {w.pk for w in winners}
    assert all(len(shown) == 2 for shown in shots.values())  # the retired photo is not listed
