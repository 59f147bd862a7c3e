"""Buying fixtures: offers from two sellers, a buyer, a paid order; a frozen clock."""

from __future__ import annotations

import pytest

from tests.factories import OfferFactory, UserFactory

from .helpers import T0, place_order


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def frozen(clock_at):
    with clock_at(T0) as traveller:
        yield traveller


@pytest.fixture
def offer(db, seller):
    return OfferFactory(seller=seller, price_amount=30000, quantity=5)


@pytest.fixture
def other_offer(db, other_seller):
    return OfferFactory(seller=other_seller, price_amount=12345, quantity=5)


@pytest.fixture
def other_buyer(db):
    return UserFactory(email="other-buyer@example.test")


@pytest.fixture
def paid_order(buyer, offer):
    return place_order(buyer, offer)


@pytest.fixture
def paid_line(paid_order):
    return paid_order.lines.select_related("order__buyer", "seller").get()
