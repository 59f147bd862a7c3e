"""Factories shared by every test package."""

from __future__ import annotations

from datetime import UTC, datetime

import factory
from django.conf import settings
from django.utils.text import slugify

from comeback.accounts.models import User
from comeback.catalog.models import Brand, Category, ProductModel, Variant
from comeback.core import ids
from comeback.offers.models import Grade, Offer, OfferPhoto, OfferStatus
from comeback.sellers.models import Seller, SellerStatus

PASSWORD = "comeback-test-pw"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SellerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seller

    user = factory.SubFactory(UserFactory)
    legal_name = factory.Sequence(lambda n: f"Refurb {n} SAS")
    display_name = factory.Sequence(lambda n: f"Refurb {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.display_name))
    country = "FR"
    markets = factory.LazyFunction(lambda: ["FR", "DE", "GB", "US", "JP"])
    status = SellerStatus.FULL
    rating_sum = 45
    rating_count = 10
    # Trader traceability complete (DSA Art. 30): a factory seller may list.
    trade_register = "RCS Paris 732 829 320"
    id_document_type = "id_card"
    id_document_number = "X4RTBPFW4"
    id_document_holder = "Camille Martin"
    payment_account_at = factory.LazyFunction(lambda: datetime(2026, 1, 1, tzinfo=UTC))
    self_certified_at = factory.LazyFunction(lambda: datetime(2026, 1, 1, tzinfo=UTC))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    slug = "smartphones"
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())
    battery_floor = 80
    illustration = "phone"
    variant_schema = factory.LazyFunction(
        lambda: {
            "type": "object",
            "properties": {
                "storage_gb": {"type": "integer", "enum": [64, 128, 256, 512, 1024]},
                "colour": {"type": "string"},
            },
            "additionalProperties": False,
        }
    )


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Brand{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ProductModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductModel

    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    name = factory.Sequence(lambda n: f"Phone {n}")
    slug = factory.LazyAttribute(lambda o: slugify(f"{o.brand.name} {o.name}"))
    search_text = factory.LazyAttribute(lambda o: f"{o.brand.name} {o.name} {o.category.name}")


class VariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variant

    product = factory.SubFactory(ProductModelFactory)
    attributes = factory.LazyFunction(lambda: {"storage_gb": 128, "colour": "Black"})
    label = "128 GB · Black"
    sku = factory.Sequence(lambda n: f"SKU-{n:06d}")
    # GS1: one GTIN per variant, valid and distinct, under the configured company prefix
    gtin = factory.Sequence(
        lambda n: ids.gtin_for_reference(settings.COMEBACK_GS1_COMPANY_PREFIX, 40000 + n % 50000)
    )


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    seller = factory.SubFactory(SellerFactory)
    variant = factory.SubFactory(VariantFactory)
    market_id = "FR"
    grade = Grade.GOOD
    price_amount = 34900
    currency = "EUR"
    quantity = 5
    battery_health_min = 85
    warranty_months = 12
    handling_days = 1
    status = OfferStatus.ACTIVE


class OfferPhotoFactory(factory.django.DjangoModelFactory):
    """A unit photo as the upload pipeline stores it: its renditions' names only (no file is written)."""

    class Meta:
        model = OfferPhoto

    offer = factory.SubFactory(OfferFactory)
    position = factory.Sequence(lambda n: n)
    width = 1200
    height = 900
    sha256 = factory.LazyAttribute(lambda p: f"{p.offer.pk:032x}{p.position:032x}")
    files = factory.LazyAttribute(
        lambda p: {
            "320.webp": f"u/{p.offer.pk}-{p.position}-320.webp",
            "320.jpg": f"u/{p.offer.pk}-{p.position}-320.jpg",
        }
    )
    uploaded_at = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
