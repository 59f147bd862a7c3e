"""The notice of removal is spelled from `removal.NOTICE_DAYS` (docs/trust.md §4 "Removal with notice"): the
subject of the email, the staff form's labels and the refusal of an unknown ground follow the constant, in
the reader's language; the probation's length and daily cap (`models.PROBATION_DAYS`, `PROBATION_DAILY_CAP`,
docs/design.md §2 Probation) on the application form, staff's review queue and the verify choice."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from comeback.core.problems import Invalid
from comeback.sellers import forms, handlers, models, removal, selectors
from comeback.sellers.models import DecisionKind

from ..factories import SellerFactory


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


@pytest.fixture
def probation_of_30_days_and_3_a_day(monkeypatch):
    monkeypatch.setattr(models, "PROBATION_DAYS", 30)
    monkeypatch.setattr(models, "PROBATION_DAILY_CAP", 3)


@pytest.mark.django_db
def test_given_the_probation_as_it_stands_when_an_applicant_reads_the_form_then_it_says_its_numbers():
    # given the probation as it stands / when the application form opens in English
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/sell/apply/").content.decode()
    # then it spells the constants
    days, cap = models.PROBATION_DAYS, models.PROBATION_DAILY_CAP
    assert f"then a {days}-day probation starts, with at most {cap} new listings a day" in html


@pytest.mark.django_db
def test_given_another_probation_when_the_applicant_and_staff_read_it_then_they_follow_it(
    probation_of_30_days_and_3_a_day, staff
):
    # given a probation of 30 days with 3 new listings a day
    desk = Client(HTTP_ACCEPT_LANGUAGE="de")
    desk.force_login(staff)
    # when the applicant reads the form in French, staff the review queue in German and the verify choice
    # in Japanese
    form = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/sell/apply/").content.decode()
    queue = desk.get("/staff/sellers/reviews/").content.decode()
    with translation.override("ja"):
        verify = str(dict(forms.VerifyForm().fields["decision"].choices)["verify"])
    # then each says 30 (and the form 3)
    assert "une période probatoire de 30 jours, avec au plus 3 nouvelles annonces par jour" in form
    assert "Verkäufer, deren 30-tägige Probezeit" in queue
    assert verify == "承認：30日間の試用期間を開始"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "rated", "defect_free", "on_time"),
    [
        ("en", "Rated 4.5 out of 5 by 12 buyers.", "99% of its 110 orders", "87% shipped on time."),
        (
            "fr",
            "Noté 4,5 sur 5 par 12 acheteurs.",
            "99\u00a0% de ses 110 commandes",
            "87\u00a0% expédiées à temps.",
        ),
    ],
)
def test_given_a_rated_seller_when_buyers_read_its_summary_then_each_language_writes_its_numbers(
    language, rated, defect_free, on_time
):
    # given a seller rated 4.5 with 99.6% defect-free and 87% on-time deliveries
    facts = {"rating_count": 12, "rating_mean": 4.5, "delivered": 110, "defect_free": 0.996, "on_time": 0.87}
    shop = SellerFactory.build(quality_summary=facts)
    # when its summary is read in the buyer's language
    with translation.override(language):
        sentences = selectors.quality_summary(shop).sentences
    # then the rating and the per cents are written as that language writes them, rounded down
    assert sentences[0] == rated
    assert sentences[1].startswith(defect_free)
    assert sentences[2] == on_time
