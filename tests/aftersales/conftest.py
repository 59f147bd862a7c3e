"""After-sales fixtures: a frozen clock on a plain Wednesday, a delivered line, an open claim."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from .factories import delivered_line, open_claim

# Wednesday 3 March 2027, 10:00 UTC: no public holiday near it in any seed market.
T0 = datetime(2027, 3, 3, 10, 0, tzinfo=UTC)


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
