"""Editions fixtures: recovery's refurbishers (the trade-in app's), a staff member, a buyer."""

from __future__ import annotations

import pytest

from tests.factories import StaffFactory
from tests.tradein.conftest import _fresh_payout_provider, refurbisher, rival  # noqa: F401 (shared fixtures)


@pytest.fixture
def staff_user(db):
    return StaffFactory(email="ops@example.test")
