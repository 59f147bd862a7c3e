"""A small shop for storefront tests: two categories, three models, offers in France, the UK and Japan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from comeback.catalog.models import ProductModel, Variant
from comeback.catalog.services import reindex_products
from comeback.offers.models import Offer

from ..factories import (
    BrandFactory,
    CategoryFactory,
    OfferFactory,
    ProductModelFactory,
    SellerFactory,
    UserFactory,
    VariantFactory,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Argon2 is deliberately slow; these tests log people in, they do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class Shop:
    iphone: ProductModel
    iphone_128: Variant
    iphone_256: Variant
    pixel: ProductModel
    jacket: ProductModel
    best: Offer  # FR, iPhone 13 128 GB, excellent: the winner of its slot
    runner_up: Offer  # same slot, dearer, same seller quality


def build_shop() -> Shop:
    phones = CategoryFactory(slug="smartphones", name="Smartphones", illustration="phone", battery_floor=80)
    jackets = CategoryFactory(
        slug="jackets",
        name="Jackets",
        illustration="jacket",
        battery_floor=None,
        variant_schema={"type": "object", "properties": {"size": {"type": "string"}}},
    )
    apple = BrandFactory(name="Apple", slug="apple")
    google = BrandFactory(name="Google", slug="google")
    patagonia = BrandFactory(name="Patagonia", slug="patagonia")
    iphone = ProductModelFactory(
        category=phones,
        brand=apple,
        name="iPhone 13",
        slug="apple-iphone-13",
        release_date=date(2021, 9, 24),
        origin="CN",
        materials=[{"material": "aluminium", "percent": 24}, {"material": "glass", "percent": 18}],
        weight_grams=174,
    )
    pixel = ProductModelFactory(
        category=phones, brand=google, name="Pixel 8", slug="google-pixel-8", release_date=date(2023, 10, 4)
    )
    jacket = ProductModelFactory(
        category=jackets, brand=patagonia, name="Torrentshell 3L", slug="patagonia-torrentshell"
    )
    iphone_128 = VariantFactory(
        product=iphone, attributes={"storage_gb": 128, "colour": "Midnight"}, label="128 GB · Midnight"
    )
    iphone_256 = VariantFactory(
        product=iphone, attributes={"storage_gb": 256, "colour": "Midnight"}, label="256 GB · Midnight"
    )
    pixel_128 = VariantFactory(
        product=pixel, attributes={"storage_gb": 128, "colour": "Obsidian"}, label="128 GB · Obsidian"
    )
    jacket_m = VariantFactory(product=jacket, attributes={"size": "M"}, label="M")

    renew = SellerFactory(display_name="ReNew Labs", slug="renew-labs", rating_sum=470, rating_count=100)
    reboot = SellerFactory(
        display_name="Atelier Reboot", slug="atelier-reboot", rating_sum=470, rating_count=100
    )
    best = OfferFactory(
        seller=renew,
        variant=iphone_128,
        grade="excellent",
        price_amount=41900,
        battery_health_min=90,
        warranty_months=24,
        handling_days=1,
    )
    runner_up = OfferFactory(
        seller=reboot,
        variant=iphone_128,
        grade="excellent",
        price_amount=45900,
        battery_health_min=85,
        warranty_months=12,
        handling_days=2,
    )
    OfferFactory(seller=reboot, variant=iphone_128, grade="fair", price_amount=33900, battery_health_min=80)
    OfferFactory(seller=renew, variant=iphone_256, grade="good", price_amount=47900)
    OfferFactory(seller=renew, variant=pixel_128, grade="premium", price_amount=52900, battery_health_min=95)
    OfferFactory(seller=reboot, variant=jacket_m, grade="good", price_amount=12900, battery_health_min=None)
    OfferFactory(
        seller=renew,
        variant=iphone_128,
        grade="excellent",
        market_id="GB",
        currency="GBP",
        price_amount=36950,
    )
    OfferFactory(
        seller=renew,
        variant=iphone_128,
        grade="excellent",
        market_id="JP",
        currency="JPY",
        price_amount=68000,
    )
    reindex_products([iphone.pk, pixel.pk, jacket.pk])
    return Shop(
        iphone=iphone,
        iphone_128=iphone_128,
        iphone_256=iphone_256,
        pixel=pixel,
        jacket=jacket,
        best=best,
        runner_up=runner_up,
    )


def seller_user(email: str = "shop-seller@example.test"):
    user = UserFactory(email=email)
    SellerFactory(user=user)
    return user
