from __future__ import annotations

import pytest

from comeback.tradein.payouts.testing import TestPayoutProvider
from tests.factories import SellerFactory, UserFactory

from .factories import BuybackOfferFactory, phone


@pytest.fixture(autouse=True)
def _fresh_payout_provider(settings, tmp_path):
    TestPayoutProvider.reset()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    TestPayoutProvider.reset()


@pytest.fixture
def refurbisher(db):
    return SellerFactory(user=UserFactory(email="refurb@example.test"))


@pytest.fixture
def rival(db):
    return SellerFactory(user=UserFactory(email="rival@example.test"))


@pytest.fixture
def customer(db):
    return UserFactory(email="customer@example.test", name="Ada Lovelace")


@pytest.fixture
def model(db):
    return phone()


@pytest.fixture
def offer(refurbisher, model):
    return BuybackOfferFactory(
        seller=refurbisher, product=model, storage_gb=128, tier="flawless", price_amount=30000
    )
