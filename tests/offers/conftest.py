"""Offers fixtures: categories with and without a battery, a listing body, a second seller's offer."""

from __future__ import annotations

import pytest

from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # argon2 is for real passwords; these tests create many users and only need logins to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone_variant(db):
    """A smartphone: battery floor 80 (docs/design.md §2 Grades)."""
    return VariantFactory(
        product=ProductModelFactory(category=CategoryFactory(slug="smartphones", battery_floor=80))
    )


@pytest.fixture
def laptop_variant(db):
    """Another device with a battery: floor 85."""
    return VariantFactory(
        product=ProductModelFactory(
            name="Book Air 13", category=CategoryFactory(slug="laptops", battery_floor=85)
        ),
        label="256 GB · Silver",
        attributes={"storage_gb": 256, "colour": "Silver"},
    )


@pytest.fixture
def jacket_variant(db):
    """A category without a battery (battery_floor null)."""
    return VariantFactory(
        product=ProductModelFactory(
            name="Down Jacket", category=CategoryFactory(slug="jackets", battery_floor=None)
        ),
        label="M · Navy",
        attributes={},
    )


def listing_body(variant, **overrides) -> dict:
    body = {
        "variant_id": variant.pk,
        "market": "FR",
        "grade": "good",
        "price": 34900,
        "currency": "EUR",
        "quantity": 3,
        "battery_health_min": 85,
        "warranty_months": 12,
        "handling_days": 1,
    }
    body.update(overrides)
    return body


@pytest.fixture
def seller_api(api, seller):
    return api.as_(seller.user)


@pytest.fixture
def rival_offer(other_seller, phone_variant):
    """Another seller's live offer in the same slot as `listing_body(phone_variant)`."""
    return OfferFactory(seller=other_seller, variant=phone_variant, price_amount=33900)
