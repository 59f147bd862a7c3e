"""Recovery fixtures: the trade-in app's refurbishers and payout provider, plus a staff member."""

from __future__ import annotations

import pytest

from tests.factories import StaffFactory
from tests.tradein.conftest import _fresh_payout_provider, refurbisher, rival  # noqa: F401 (shared fixtures)


@pytest.fixture
def staff_user(db):
    return StaffFactory(email="ops@example.test")
