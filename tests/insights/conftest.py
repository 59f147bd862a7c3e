from __future__ import annotations

import pytest

from comeback.tradein.payouts.testing import TestPayoutProvider
from tests.factories import SellerFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_payout_provider(settings, tmp_path):
    # Trade-in fixtures pay through the test provider and store evidence photos.
    TestPayoutProvider.reset()
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    TestPayoutProvider.reset()


@pytest.fixture
def s1(db):
    return SellerFactory(user=UserFactory(email="s1@example.test"), display_name="Alpha Refurb", slug="alpha")


@pytest.fixture
def s2(db):
    return SellerFactory(user=UserFactory(email="s2@example.test"), display_name="Beta Refurb", slug="beta")
