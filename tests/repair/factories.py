"""Repair factories: locations with opening hours and services, parts with stock, repairers."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import factory

from comeback.core import clock
from comeback.repair.models import (
    Location,
    LocationKind,
    Membership,
    OpeningHours,
    Part,
    PartSource,
    PartType,
    Service,
    ServiceKind,
    Stock,
)
from tests.factories import ProductModelFactory, UserFactory


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    slug = factory.Sequence(lambda n: f"fixit-{n}")
    name = factory.Sequence(lambda n: f"Fix-it {n}")
    kind = LocationKind.INDEPENDENT
    market_id = "FR"
    address = "12 rue de la Paix"
    postal_code = "75002"
    city = "Paris"
    latitude = Decimal("48.869500")
    longitude = Decimal("2.331500")
    timezone = "Europe/Paris"
    bays = 1
    slot_minutes = 15
    created_at = factory.LazyFunction(clock.now)


def open_weekdays(location, opens=time(9), closes=time(18), days=range(0, 6)):
    """Monday–Saturday 9:00–18:00 unless told otherwise."""
    for day in days:
        OpeningHours.objects.create(location=location, weekday=day, opens=opens, closes=closes)
    return location


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    location = factory.SubFactory(LocationFactory)
    kind = ServiceKind.BATTERY
    price_amount = 6900
    currency = "EUR"
    duration_minutes = 45


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part
        skip_postgeneration_save = True

    sku = factory.Sequence(lambda n: f"PART-{n:05d}")
    name = factory.Sequence(lambda n: f"Battery {n}")
    part_type = PartType.BATTERY
    source = PartSource.OEM
    lead_time_days = 5
    created_at = factory.LazyFunction(clock.now)

    @factory.post_generation
    def fits(self, create, extracted, **kwargs):
        if create:
            self.compatible_models.set(extracted if extracted is not None else [ProductModelFactory()])


def stock(part, location, quantity):
    return Stock.objects.create(part=part, location=location, quantity=quantity, updated_at=clock.now())


def repairer_at(location, email=None):
    user = UserFactory(**({"email": email} if email else {}))
    Membership.objects.create(user=user, location=location, created_at=clock.now())
    return user
