"""The partner landing page spells the payment promise from `tradein.processes.PAY_WITHIN_BUSINESS_DAYS`
(docs/design.md §2 Trade-in)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from comeback.tradein import processes
from comeback.tradein.models import PartnerKind

from .factories import partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _language_left_as_found():
    # a request in another language activates it for the thread; leave it as the next test expects
    with translation.override(None):
        yield


def test_given_the_promise_as_it_stands_when_the_landing_opens_in_english_then_it_says_it():
    # given a brand's programme / when its landing opens in English
    partner(kind=PartnerKind.BRAND, slug="novaplay", bonus_bps=1000)
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/partners/novaplay/trade-in").content.decode()
    # then the promise is the constant's
    assert f"within {processes.PAY_WITHIN_BUSINESS_DAYS} business days of validation" in html


def test_given_another_promise_when_the_landing_opens_in_french_then_it_follows_it(monkeypatch):
    # given payment within 7 business days
    monkeypatch.setattr(processes, "PAY_WITHIN_BUSINESS_DAYS", 7)
    partner(kind=PartnerKind.BRAND, slug="novaplay", bonus_bps=1000)
    # when the landing opens in French
    html = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/partners/novaplay/trade-in").content.decode()
    # then it says 7
    assert "dans les 7 jours ouvrés suivant la validation" in html
