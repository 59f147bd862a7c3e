"""The seller's 2-business-day clock, in the market's timezone, across weekends and public holidays, and
the escalation derived from it."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from comeback.aftersales import selectors
from comeback.aftersales.models import Claim

from .factories import delivered_line, open_claim


def _local(market_tz: str, *args) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(market_tz))


CASES = [
    # market, opened (UTC), due (local midnight, exclusive), why
    ("FR", datetime(2027, 3, 3, 10, tzinfo=UTC), ("Europe/Paris", 2027, 3, 6), "Wednesday: Thursday, Friday"),
    (
        "FR",
        datetime(2027, 3, 5, 10, tzinfo=UTC),
        ("Europe/Paris", 2027, 3, 10),
        "Friday: the weekend is skipped",
    ),
    (
        "FR",
        datetime(2027, 3, 4, 23, 30, tzinfo=UTC),
        ("Europe/Paris", 2027, 3, 10),
        "Thursday 23:30 UTC is already Friday in Paris",
    ),
    ("FR", datetime(2027, 7, 13, 10, tzinfo=UTC), ("Europe/Paris", 2027, 7, 17), "14 July is a holiday"),
    (
        "DE",
        datetime(2027, 5, 5, 10, tzinfo=UTC),
        ("Europe/Berlin", 2027, 5, 11),
        "Ascension Thursday and a weekend",
    ),
    (
        "GB",
        datetime(2027, 3, 25, 10, tzinfo=UTC),
        ("Europe/London", 2027, 3, 31),
        "Good Friday, a weekend, and the clocks moving to BST",
    ),
    (
        "US",
        datetime(2027, 11, 24, 15, tzinfo=UTC),
        ("America/New_York", 2027, 11, 30),
        "Thanksgiving Thursday; the day after is a business day",
    ),
    ("JP", datetime(2027, 4, 28, 1, tzinfo=UTC), ("Asia/Tokyo", 2027, 5, 7), "Golden Week"),
]


@pytest.mark.parametrize(("market", "opened", "due", "why"), CASES, ids=[c[3] for c in CASES])
def test_given_a_claim_opened_in_a_market_when_the_clock_is_set_then_the_deadline_skips_its_weekends_and_holidays(
    clock_at, buyer, seller, market, opened, due, why
):
    with clock_at(opened):
        line = delivered_line(buyer=buyer, seller=seller, market=market, at=opened)
        claim = open_claim(line, at=opened)
    assert claim.answer_due_at == _local(*due), why


def test_given_an_unanswered_claim_when_its_deadline_passes_then_it_is_escalated_at_read_time(clock_at, line):
    claim = open_claim(line)
    due = claim.answer_due_at
    before = datetime.fromtimestamp(due.timestamp() - 1, tz=UTC)
    after = datetime.fromtimestamp(due.timestamp() + 1, tz=UTC)
    assert not claim.is_escalated(before)
    assert claim.is_escalated(after)
    assert not Claim.objects.escalated(before).exists()
    assert list(Claim.objects.escalated(after)) == [claim]
    with clock_at(after):
        assert [c.pk for c in selectors.escalated()] == [claim.pk]
