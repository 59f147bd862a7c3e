"""Repair fixtures: a Paris repair shop open Monday–Saturday with a battery service, a phone model with a
battery in stock there, its repairer, a customer; passports signed with a test key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from comeback.passports import chain
from comeback.repair import services
from tests.factories import CategoryFactory, ProductModelFactory, SellerFactory, StaffFactory, UserFactory

from .factories import LocationFactory, PartFactory, ServiceFactory, open_weekdays, repairer_at, stock

MONDAY_8 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # 08:00 in Paris; the shop opens at 09:00
TEN_AM = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 Paris


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "passport-key"
    settings.PASSPORT_SIGNING_KEY = str(folder / "key.pem")
    settings.PASSPORT_BASE_URL = "https://comeback.test"
    yield
    chain.clear_key_cache()


@pytest.fixture
def phone_model(db):
    return ProductModelFactory(category=CategoryFactory(slug="smartphones"), name="Pixel 7")


@pytest.fixture
def shop(db):
    return open_weekdays(LocationFactory(name="Fix-it Opéra"))


@pytest.fixture
def battery_service(shop):
    return ServiceFactory(location=shop)


@pytest.fixture
def battery(phone_model, shop):
    part = PartFactory(name="Pixel 7 battery", fits=[phone_model])
    stock(part, shop, 3)
    return part


@pytest.fixture
def repairer(shop):
    return repairer_at(shop, email="fixer@example.test")


@pytest.fixture
def customer(db):
    return UserFactory(email="customer@example.test")


@pytest.fixture
def other_customer(db):
    return UserFactory(email="other@example.test")


@pytest.fixture
def staff(db):
    return StaffFactory(email="staff@example.test")


@pytest.fixture
def seller(db):
    return SellerFactory()


@pytest.fixture
def other_seller(db):
    return SellerFactory()


@pytest.fixture
def booking(battery_service, shop, phone_model, customer):
    return services.book(
        customer=customer,
        location=shop,
        service_kind="battery_replacement",
        product=phone_model,
        starts_at=TEN_AM,
    )
