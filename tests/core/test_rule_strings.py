"""A per cent is written as the page's language writes it (docs/design.md §5 Language and market,
`core.locales.percent`): "80%" in English and Japanese, "80 %" with a no-break space in French and German,
as CLDR has it; the template tags and the rules that state a per cent go through it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from comeback.core import locales


@pytest.mark.parametrize(
    ("language", "whole", "one_decimal"),
    [
        ("en", "80%", "12.5%"),
        ("fr", "80\xa0%", "12,5\xa0%"),
        ("de", "80\xa0%", "12,5\xa0%"),
        ("ja", "80%", "12.5%"),
    ],
)
def test_given_a_ratio_when_written_in_each_language_then_the_per_cent_follows_the_locale(
    language, whole, one_decimal
):
    # given 80% and 12.5% / when written in the language
    with translation.override(language):
        written = (locales.percent(0.8), locales.percent(0.125, 1))
        tags = Template(
            "{% load comeback %}{% percent 0.8 %}|{% percent 0.125 1 %}|{% percent_points 80 %}"
        ).render(Context({}))
    # then the locale's pattern writes it, its spacing included, by the function and the tags alike
    assert written == (whole, one_decimal)
    assert tags == f"{whole}|{one_decimal}|{whole}"


def test_given_a_market_when_an_english_page_writes_a_per_cent_then_the_language_still_decides():
    # given the French and Japanese markets / when an English page writes 80% / then it is English's "80%"
    with translation.override("en"):
        assert locales.percent(0.8, market="FR") == locales.percent(0.8, market="JP") == "80%"


@pytest.mark.parametrize(("language", "label"), [("en", "12.5%"), ("fr", "12,5\xa0%"), ("ja", "12.5%")])
def test_given_a_rate_chart_when_drawn_in_a_language_then_its_labels_write_the_per_cent_as_it_does(
    language, label
):
    from comeback.core import charts

    # given a weekly rate of 12.5% / when charted on a page in the language
    with translation.override(language):
        svg = charts.lines(["w1", "w2"], [("Rate", [0.125, None])], title="t", fmt=charts.percent)
    # then its label is the language's per cent
    assert f"Rate, w1: {label}</title>" in svg
