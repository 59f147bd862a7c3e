"""The inventory's age buckets are labelled from their bounds, in the reader's language; a collected
garment's page names a garment, a collected device's a device."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from comeback.recovery import selectors
from comeback.tradein.models import TradeIn

from .factories import collected


def test_given_the_age_buckets_then_each_label_spells_its_own_bounds():
    # given the buckets / when labelled in English / then each label says its bounds
    with translation.override("en"):
        labels = [selectors.bucket_label(first, last) for _key, first, last in selectors.AGE_BUCKETS]
    assert labels == ["0–7 days", "8–14 days", "15–30 days", "over 30 days"]


def test_given_other_bounds_when_labelled_in_another_language_then_the_words_follow_the_bounds():
    # given bounds the code might choose / when labelled in German, French and Japanese / then they follow
    with translation.override("de"):
        assert selectors.bucket_label(0, 10) == "0–10 Tage"
        assert selectors.bucket_label(61, None) == "über 60 Tage"
    with translation.override("fr"):
        assert selectors.bucket_label(1, 1) == "1–1 jour"
        assert selectors.bucket_label(1001, None) == "plus de 1\u202f000 jours"
    with translation.override("ja"):
        assert selectors.bucket_label(15, 30) == "15〜30日"


@pytest.mark.parametrize(
    ("language", "garment_words", "device_words"),
    [
        ("en", ("Collected garment", "Garment"), ("Collected device", "Device")),
        ("ja", ("回収衣類", "衣類"), ("回収端末", "デバイス")),
    ],
)
def test_given_a_collected_garment_and_a_collected_phone_when_their_pages_open_then_each_names_what_it_is(
    refurbisher, language, garment_words, device_words
):
    # given a collected phone and a collected jacket (its trade-in asked the garment questions)
    phone_in, jacket_in = collected(refurbisher), collected(refurbisher)
    TradeIn.objects.filter(pk=jacket_in.pk).update(questionnaire="garment")
    portal = Client(HTTP_ACCEPT_LANGUAGE=language)
    portal.force_login(refurbisher.user)
    # when the refurbisher opens each one's page
    pages = {t.ref: portal.get(f"/seller/recovery/{t.ref}/").content.decode() for t in (phone_in, jacket_in)}
    # then the title and the facts' heading name a garment for the jacket, a device for the phone
    title, heading = garment_words
    jacket = pages[jacket_in.ref]
    assert f"<title>{title} {jacket_in.ref}" in jacket and f'<h3 id="facts-h">{heading}</h3>' in jacket
    title, heading = device_words
    phone = pages[phone_in.ref]
    assert f"<title>{title} {phone_in.ref}" in phone and f'<h3 id="facts-h">{heading}</h3>' in phone
