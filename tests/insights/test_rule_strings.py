"""The trust report spells its windows from the constants that hold them (docs/design.md §2 Quality): the
trailing window of the figures (`sellers.metrics.TRAILING_WINDOW`) and the defect window
(`aftersales.metrics.DEFECT_WINDOW`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from comeback.aftersales import metrics as defects
from comeback.sellers import metrics as seller_metrics

pytestmark = pytest.mark.django_db


def test_given_the_windows_as_they_stand_when_the_report_opens_in_english_then_it_says_them():
    # given the rules as they stand / when the report opens in English
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/trust/FR/").content.decode()
    # then it spells both windows
    assert f"(the trailing {seller_metrics.TRAILING_WINDOW.days} days)" in html
    assert f"warranty claims within {defects.DEFECT_WINDOW.days} days ÷ units delivered" in html


def test_given_other_windows_when_the_report_opens_in_german_then_it_follows_them(monkeypatch):
    # given a trailing window of 60 days and a defect window of 45 days
    monkeypatch.setattr(seller_metrics, "TRAILING_WINDOW", timedelta(days=60))
    monkeypatch.setattr(defects, "DEFECT_WINDOW", timedelta(days=45))
    # when the report opens in German
    html = Client(HTTP_ACCEPT_LANGUAGE="de").get("/trust/FR/").content.decode()
    # then it says 60 and 45
    assert "(die letzten 60 Tage)" in html
    assert "Garantiefälle innerhalb von 45 Tagen ÷ zugestellte Geräte" in html
