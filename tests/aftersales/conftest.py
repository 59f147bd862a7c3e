"""After-sales fixtures: a frozen clock on a plain Wednesday, a delivered line, an open claim."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from comeback.orders.payments import reset_providers

from .factories import delivered_line, open_claim

# Wednesday 3 March 2027, 10:00 UTC: no public holiday near it in any seed market.
T0 = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _providers():
    reset_providers()
    yield
    reset_providers()


@pytest.fixture
def clock_at():
    def travel(at):
        return time_machine.travel(at, tick=False)

    return travel


@pytest.fixture
def frozen(clock_at):
    with clock_at(T0) as traveller:
        yield traveller


@pytest.fixture
def line(frozen, buyer, seller):
    return delivered_line(buyer=buyer, seller=seller, at=T0)


@pytest.fixture
def claim(line):
    return open_claim(line, at=T0)
