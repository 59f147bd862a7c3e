"""The inventory's age buckets are labelled from their bounds, in the reader's language."""

from __future__ import annotations

from django.utils import translation

from comeback.recovery import selectors


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
