"""The partner landing page spells the payment promise from `tradein.processes.PAY_WITHIN_BUSINESS_DAYS`
(docs/design.md §2 Trade-in); a store's counter names what it inspects, a garment or a device."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.tradein import processes
from comeback.tradein.models import PartnerKind
from comeback.tradein.services import partners
from tests.factories import UserFactory

from .factories import garment, partner, phone, store

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("language", "garment_words", "device_words"),
    [
        ("en", "Inspect the garment with the customer", "Inspect the device with the customer"),
        ("de", "Prüfen Sie das Kleidungsstück gemeinsam mit", "Prüfen Sie das Gerät gemeinsam mit"),
    ],
)
def test_given_a_store_counter_when_it_takes_back_a_garment_or_a_phone_then_it_names_what_it_inspects(
    language, garment_words, device_words
):
    # given a member of a store's counter
    relay = partner(slug="relay")
    counter = store(relay, "PAR")
    member = UserFactory()
    partners.add_member(user=member, partner=relay, store=counter)
    desk = Client(HTTP_ACCEPT_LANGUAGE=language)
    desk.force_login(member)
    # when the counter opens a jacket's questionnaire, then a phone's
    at_counter = f"/partner/stores/{counter.pk}/counter/"
    for_jacket = desk.get(at_counter, {"product": garment("Wool jacket").pk}).content.decode()
    for_phone = desk.get(at_counter, {"product": phone().pk}).content.decode()
    # then the jacket's speaks of the garment, the phone's of the device
    assert garment_words in for_jacket and device_words not in for_jacket
    assert device_words in for_phone and garment_words not in for_phone
