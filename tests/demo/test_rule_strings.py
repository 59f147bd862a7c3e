"""The demo logins' hints spell the probation from `sellers.models.PROBATION_DAYS` and `PROBATION_DAILY_CAP`
(docs/design.md §2 Probation), in the reader's language when the table is written."""

from __future__ import annotations

import pytest
from django.utils import translation

from comeback.demo.seeding import logins
from comeback.demo.seeding.context import DEMO_DOMAIN
from comeback.sellers import models
from tests.factories import StaffFactory


@pytest.fixture
def probation_of_30_days_and_3_a_day(monkeypatch):
    monkeypatch.setattr(models, "PROBATION_DAYS", 30)
    monkeypatch.setattr(models, "PROBATION_DAILY_CAP", 3)


def test_given_the_probation_as_it_stands_when_the_hints_are_read_in_english_then_they_say_its_numbers():
    # given the probation as it stands / when the hint of a seller on probation is read in English
    with translation.override("en"):
        hint = str(logins._SELLER_HINTS["probation"])
    # then it says the daily cap
    assert hint == f"Publish listings until the {models.PROBATION_DAILY_CAP}-a-day probation cap refuses one"


@pytest.mark.django_db
def test_given_another_probation_when_the_table_is_written_in_french_then_the_hints_follow_it(
    probation_of_30_days_and_3_a_day,
):
    # given a probation of 30 days with 3 listings a day, and a demo staff login
    StaffFactory(email=f"staff@{DEMO_DOMAIN}")
    # when the logins table and a probation seller's hint are written in French
    with translation.override("fr"):
        staff_hint = next(row.hint for row in logins.demo_logins() if row.email == f"staff@{DEMO_DOMAIN}")
        probation_hint = str(logins._SELLER_HINTS["probation"])
    # then they say 30 and 3
    assert staff_hint.endswith("examiner le vendeur après le jour 30")
    assert "3 par jour" in probation_hint
