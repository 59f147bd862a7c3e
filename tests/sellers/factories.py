"""Factories for seller-trust tests: sellers in each state, with the dates their rules read."""

from __future__ import annotations

from datetime import timedelta

import factory

from comeback.core import clock
from comeback.offers.services import ListingDraft
from comeback.sellers.models import PROBATION_DAYS, SellerStatus

from ..factories import SellerFactory, VariantFactory


class ProbationSellerFactory(SellerFactory):
    """A seller verified at `started` (defaults to now), on probation for the published 40 days."""

    status = SellerStatus.PROBATION
    rating_sum = 0
    rating_count = 0
    probation_started_at = factory.LazyFunction(clock.now)
    verified_at = factory.LazyAttribute(lambda o: o.probation_started_at)
    probation_ends_at = factory.LazyAttribute(
        lambda o: o.probation_started_at + timedelta(days=PROBATION_DAYS)
    )


class ApplicantFactory(SellerFactory):
    status = SellerStatus.APPLIED
    rating_sum = 0
    rating_count = 0


def draft(variant=None, *, market: str = "FR", **kw) -> ListingDraft:
    """A valid listing for a new variant (each call a new slot, so none collides)."""
    variant = variant or VariantFactory()
    currency = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}[market]
    return ListingDraft(
        variant_id=variant.pk,
        market=market,
        grade=kw.pop("grade", "good"),
        price=kw.pop("price", 34900),
        currency=currency,
        quantity=kw.pop("quantity", 3),
        battery_health_min=85,
        **kw,
    )


def listing_body(variant=None, *, market: str = "FR") -> dict:
    d = draft(variant, market=market)
    return {
        "variant_id": d.variant_id,
        "market": d.market,
        "grade": d.grade,
        "price": d.price,
        "currency": d.currency,
        "quantity": d.quantity,
        "battery_health_min": d.battery_health_min,
    }
