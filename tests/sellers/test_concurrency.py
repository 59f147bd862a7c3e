"""No check-then-act: racing publishes can never beat the probation cap (docs/design.md §5), on both databases."""

from __future__ import annotations

import pytest

from comeback.core.problems import Conflict, Problem
from comeback.offers import services as offer_services
from comeback.offers.models import Offer
from comeback.sellers import services
from comeback.sellers.models import ProbationDayCount, Seller, SellerStatus

from ..concurrency import race
from ..factories import OfferFactory, SellerFactory, StaffFactory, VariantFactory
from .factories import ProbationSellerFactory, draft

THREADS = 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_probation_seller_when_8_listings_race_then_exactly_5_are_published():
    seller = ProbationSellerFactory()
    drafts = [draft(VariantFactory()) for _ in range(THREADS)]

    def publisher(d):
        return lambda: offer_services.publish_listing(seller=Seller.objects.get(pk=seller.pk), draft=d)

    results = race([publisher(d) for d in drafts])
    published = [r for r in results if isinstance(r, Offer)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(published) == 5, results
    assert len(refused) == THREADS - 5 and {r.code for r in refused} == {"probation_daily_limit"}
    assert Offer.objects.filter(seller=seller).count() == 5
    assert ProbationDayCount.objects.get(seller=seller).count == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_four_listings_when_three_race_for_the_fifth_then_only_one_wins():
    seller = ProbationSellerFactory()
    for _ in range(4):
        offer_services.publish_listing(seller=seller, draft=draft())
    drafts = [draft(VariantFactory()) for _ in range(3)]
    results = race(
        [
            (lambda d=d: offer_services.publish_listing(seller=Seller.objects.get(pk=seller.pk), draft=d))
            for d in drafts
        ]
    )
    assert sum(isinstance(r, Offer) for r in results) == 1, results
    assert Offer.objects.filter(seller=seller).count() == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_a_removal_racing_publishes_when_both_finish_then_no_listing_of_the_removed_seller_stays_live():
    staff = StaffFactory()
    seller = SellerFactory()
    OfferFactory(seller=seller)
    drafts = [draft(VariantFactory()) for _ in range(4)]
    fns = [
        (lambda d=d: offer_services.publish_listing(seller=Seller.objects.get(pk=seller.pk), draft=d))
        for d in drafts
    ]
    fns.append(
        lambda: services.decide(
            seller_id=seller.pk, decision="remove", reason="Fraud.", ground="illegal_content", by=staff
        )
    )
    results = race(fns)
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, Problem)], results
    seller.refresh_from_db()
    assert seller.status == SellerStatus.REMOVED
    assert not Offer.objects.filter(seller=seller).exclude(status="withdrawn").exists()
