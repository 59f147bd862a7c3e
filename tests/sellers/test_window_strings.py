"""The seller pages spell their windows from the constants that hold them (docs/design.md §2 Quality): the
trailing metrics window (`metrics.TRAILING_WINDOW`), the staff's look-ahead on probations ending
(`queues.UPCOMING_REVIEW_WINDOW`) and the applicant's check (`models.APPLICATION_CHECK_BUSINESS_DAYS`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation

from comeback.core import clock
from comeback.sellers import metrics, models, selectors
from comeback.sellers.selectors import queues

from ..factories import SellerFactory
from .factories import ApplicantFactory, ProbationSellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_windows(monkeypatch):
    monkeypatch.setattr(metrics, "TRAILING_WINDOW", timedelta(days=60))
    monkeypatch.setattr(queues, "UPCOMING_REVIEW_WINDOW", timedelta(days=14))
    monkeypatch.setattr(models, "APPLICATION_CHECK_BUSINESS_DAYS", 3)


def test_given_the_windows_as_they_stand_when_read_in_english_then_they_say_the_constants():
    # given a seller with a quality summary and an applicant / when read in English
    days = metrics.TRAILING_WINDOW.days
    shop = SellerFactory.build(quality_summary={"delivered": 12, "defect_free": 0.9}, rating_count=0)
    with translation.override("en"):
        summary = selectors.quality_summary(shop).sentences
        step = selectors.standing(ApplicantFactory()).next_step
    # then the sentences say the constants' numbers
    assert f"90% of its 12 orders delivered in the last {days} days arrived without a defect." in summary
    assert f"usually within {models.APPLICATION_CHECK_BUSINESS_DAYS} business days" in step


def test_given_other_windows_when_the_seller_reads_its_standing_then_the_pages_follow_them(other_windows):
    # given a trailing window of 60 days and a check within 3 business days
    shop = SellerFactory.build(quality_summary={"delivered": 12, "defect_free": 0.9}, rating_count=0)
    # when the summary and the applicant's next step are read in French
    with translation.override("fr"):
        summary = selectors.quality_summary(shop).sentences
        step = selectors.standing(ApplicantFactory()).next_step
    # then they say 60 and 3
    assert "90\u00a0% de ses 12 commandes livrées ces 60 derniers jours sont arrivées sans défaut." in summary
    assert "généralement sous 3 jours ouvrés" in step
    # when a seller on probation opens its standing page in German
    seller = ProbationSellerFactory()
    portal = Client(HTTP_ACCEPT_LANGUAGE="de")
    portal.force_login(seller.user)
    page = portal.get("/seller/trust/").content.decode()
    # then the metrics column and the score's help say 60
    assert "Letzte 60 Tage" in page
    assert "aus Ihren letzten 60 Tagen neu berechnet" in page


def test_given_another_look_ahead_when_staff_open_their_pages_then_they_spell_it(other_windows, staff):
    # given staff looking 14 days ahead, and no probation ending within them
    desk = Client(HTTP_ACCEPT_LANGUAGE="fr")
    desk.force_login(staff)
    # when staff open the sellers' home in French and the reviews in English
    home = desk.get("/staff/sellers/").content.decode()
    reviews = Client(HTTP_ACCEPT_LANGUAGE="en")
    reviews.force_login(staff)
    listing = reviews.get("/staff/sellers/reviews/").content.decode()
    # then both say 14
    assert "Périodes probatoires se terminant dans les 14 jours" in home
    assert "Nothing in the next 14 days." in listing


def test_given_another_look_ahead_when_probations_end_then_the_list_follows_it(other_windows):
    # given probations ending in 10 and 20 days, staff looking 14 days ahead
    soon = ProbationSellerFactory(probation_ends_at=clock.now() + timedelta(days=10))
    ProbationSellerFactory(probation_ends_at=clock.now() + timedelta(days=20))
    # when the upcoming reviews are listed / then only the one within 14 days is
    assert list(selectors.upcoming_reviews()) == [soon]
