"""The notice of removal is spelled from `removal.NOTICE_DAYS` (docs/trust.md §4 "Removal with notice"): the
subject of the email, the staff form's labels and the refusal of an unknown ground follow the constant, in
the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from comeback.core.problems import Invalid
from comeback.sellers import forms, handlers, removal
from comeback.sellers.models import DecisionKind


@pytest.fixture
def notice_of_45_days(monkeypatch):
    monkeypatch.setattr(removal, "NOTICE_DAYS", 45)


def test_given_the_rule_then_the_notice_strings_say_its_number_of_days():
    # given the rule as it stands / when the strings are read in English / then they say its number
    days = removal.NOTICE_DAYS
    with translation.override("en"):
        assert handlers._subject(DecisionKind.NOTICE).endswith(f"in {days} days")
        assert str(forms.DECISION_LABELS["remove"]).startswith(f"Remove: {days} days' notice")
        assert (
            str(dict(forms.DecisionForm().fields["ground"].choices)[""])
            == f"With {days} days' notice (the rule)"
        )


def test_given_another_notice_when_the_email_subject_is_written_then_it_follows_the_constant(
    notice_of_45_days,
):
    # given a notice of 45 days / when the subject is written in French and Japanese / then it says 45
    with translation.override("fr"):
        assert handlers._subject(DecisionKind.NOTICE) == (
            "Préavis : votre boutique sera exclue de Comeback dans 45 jours"
        )
    with translation.override("ja"):
        assert (
            handlers._subject(DecisionKind.NOTICE)
            == "予告：あなたのショップは45日後にComebackから削除されます"
        )


def test_given_another_notice_when_the_staff_form_shows_then_its_labels_follow_the_constant(
    notice_of_45_days,
):
    # given a notice of 45 days / when the decision form renders in German / then both labels say 45
    with translation.override("de"):
        form = forms.DecisionForm()
        assert str(forms.DECISION_LABELS["remove"]).startswith("Entfernen: 45 Tage Frist")
        assert str(dict(form.fields["ground"].choices)[""]) == "Mit 45 Tagen Frist (die Regel)"


def test_given_another_notice_when_a_ground_is_unknown_then_the_refusal_says_the_notice(notice_of_45_days):
    # given a notice of 45 days / when staff name an unknown ground, in French / then the message says 45
    with translation.override("fr"), pytest.raises(Invalid) as refused:
        removal.check_ground("i_feel_like_it")
    assert refused.value.code == "invalid_ground"
    assert "préavis de 45 jours" in refused.value.detail
    assert "illegal_content" in refused.value.detail
