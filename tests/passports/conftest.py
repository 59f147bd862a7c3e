"""Passport fixtures: a refurbisher with a phone and a jacket on sale, a unit shipped through the orders
services (so the outbox handler opens its passport), a repairer and an authority with grants."""

from __future__ import annotations

import pytest
import time_machine

from comeback.passports import chain, services
from comeback.passports.kinds import Actor
from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, UserFactory, VariantFactory
from tests.orders.helpers import T0, place_order, walk


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path_factory):
    """One key for the whole test session, in its own folder (never the developer's VAR_DIR key)."""
    folder = tmp_path_factory.getbasetemp() / "passport-key"
    settings.PASSPORT_SIGNING_KEY = str(folder / "key.pem")
    settings.PASSPORT_BASE_URL = "https://comeback.test"
    yield
    chain.clear_key_cache()


@pytest.fixture
def frozen():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


@pytest.fixture
def phone(db):
    category = CategoryFactory(slug="smartphones", battery_floor=80)
    product = ProductModelFactory(
        category=category,
        origin="CN",
        weight_grams=174,
        materials=[{"material": "aluminium", "percent": 23}, {"material": "glass", "percent": 25}],
    )
    return VariantFactory(product=product)


@pytest.fixture
def jacket(db):
    category = CategoryFactory(
        slug="jackets", name="Jackets", battery_floor=None, kind="apparel", variant_schema={}
    )
    product = ProductModelFactory(
        category=category,
        name="Trucker Jacket",
        origin="PK",
        materials=[{"material": "cotton", "percent": 100}],
    )
    return VariantFactory(product=product, attributes={"size": "M"}, label="M · Blue")


@pytest.fixture
def offer(seller, phone):
    return OfferFactory(seller=seller, variant=phone, price_amount=30000, quantity=5, battery_health_min=85)


@pytest.fixture
def shipped_line(frozen, buyer, offer, django_capture_on_commit_callbacks):
    """A line shipped with an IMEI through the orders services at T0 (the clock stays frozen there); the
    outbox is drained after commit (as in production), so its handler has opened the unit's passport."""
    with django_capture_on_commit_callbacks(execute=True):
        line = place_order(buyer, offer).lines.get()
        return walk(line, "shipped")


@pytest.fixture
def stock_passport(seller, phone):
    return services.open_stock_passport(seller=seller, variant=phone, grade="good", battery_health=91)


@pytest.fixture
def repairer(db):
    user = UserFactory(email="fixer@example.test")
    services.grant_access(user=user, role="repairer", organisation="Fix & Co")
    return user


def hold(user, passport):
    """`user` works at a repair location holding a job on the passport's unit: a repairer writes only to
    the units it holds (services.may_write)."""
    from comeback.core import clock
    from comeback.repair.models import Job, Membership
    from tests.repair.factories import LocationFactory

    location = LocationFactory()
    Membership.objects.create(user=user, location=location, created_at=clock.now())
    return Job.objects.create(
        location=location, product=passport.product, passport=passport, created_at=clock.now()
    )


@pytest.fixture(autouse=True)
def _repairer_holds_the_stock_unit(request, _signing_key):
    """Tests where the repairer writes to the stock unit: it holds a repair job on it."""
    if {"repairer", "stock_passport"} <= set(request.fixturenames):
        hold(request.getfixturevalue("repairer"), request.getfixturevalue("stock_passport"))


@pytest.fixture
def authority(db):
    user = UserFactory(email="dgccrf@example.test")
    services.grant_access(user=user, role="authority", organisation="DGCCRF")
    return user


@pytest.fixture
def system():
    return Actor.system()
