"""The parts obligation's length and lead-time limit are spelled from `obligation.OBLIGATION_YEARS` and
`obligation.MAX_LEAD_TIME_WORKING_DAYS` (docs/design.md §2 Repair): the report page's title and tabs, the
back office's home (web sits below repair, which gives it the number), a slow part type's issue and the
API's summary, with plural forms, in English and French."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from comeback.repair import obligation
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_rules(monkeypatch):
    monkeypatch.setattr(obligation, "OBLIGATION_YEARS", 5)
    monkeypatch.setattr(obligation, "MAX_LEAD_TIME_WORKING_DAYS", 1)


def _pages(language: str) -> tuple[str, str]:
    browser = Client(HTTP_ACCEPT_LANGUAGE=language)
    browser.force_login(StaffFactory())
    report = browser.get("/parts/obligations/")
    home = browser.get("/staff/")
    assert report.status_code == 200 and home.status_code == 200
    return report.content.decode(), home.content.decode()


def test_given_the_rules_as_they_stand_when_staff_read_in_english_then_the_pages_say_them():
    # given the rules as they stand / when a staff member opens the report and the back office in English
    years = obligation.OBLIGATION_YEARS
    report, home = _pages("en")
    # then the title, the tab and the home page's link spell the constant
    assert f"The {years}-year parts obligation</h1>" in report
    assert f"{years}-year obligation</a>" in report
    assert f"Models at risk under the {years}-year parts obligation" in home


def test_given_other_rules_when_staff_read_in_french_then_the_pages_follow_them(other_rules):
    # given a 5-year obligation / when read in French
    report, home = _pages("fr")
    # then every page says 5, in French
    assert "L’obligation de pièces de 5 ans</h1>" in report
    assert "Obligation de 5 ans</a>" in report
    assert "Modèles à risque au titre de l’obligation de pièces de 5 ans" in home


def test_given_a_lead_time_limit_when_a_slow_part_type_is_named_then_it_spells_the_limit_with_plurals(
    monkeypatch,
):
    slow = obligation.TypeStatus(part_type="battery", parts=1, stock=1, best_lead_time=20, issue="slow")
    # given the limit as it stands / when named in English and French
    days = obligation.MAX_LEAD_TIME_WORKING_DAYS
    with translation.override("en"):
        english = slow.issue_label
    with translation.override("fr"):
        french = slow.issue_label
    # then they state it
    assert english == f"lead time over {days} working days"
    assert french == f"délai d’approvisionnement supérieur à {days} jours ouvrés"
    # and a one-day limit is singular
    monkeypatch.setattr(obligation, "MAX_LEAD_TIME_WORKING_DAYS", 1)
    with translation.override("en"):
        assert slow.issue_label == "lead time over 1 working day"
    with translation.override("fr"):
        assert slow.issue_label == "délai d’approvisionnement supérieur à 1 jour ouvré"


def test_given_the_api_schema_then_the_obligation_summary_spells_its_length():
    from comeback.repair.api import staff

    summaries = [op.summary for view in staff.router.path_operations.values() for op in view.operations]
    assert f"The {obligation.OBLIGATION_YEARS}-year parts obligation per model" in summaries
