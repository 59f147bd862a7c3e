from __future__ import annotations

import pytest

from comeback.tradein.payouts.testing import TestPayoutProvider
from tests.factories import SellerFactory, StaffFactory, UserFactory


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
def staff_user(db):
    return StaffFactory(email="ops@example.test")
