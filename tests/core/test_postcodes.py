"""Postal codes per market: each country's format, normalised; a refusal says the rule."""

from __future__ import annotations

import pytest

from comeback.core import postcodes


@pytest.mark.parametrize(
    ("country", "typed", "normalised"),
    [
        ("FR", "75001", "75001"),
        ("DE", "10115", "10115"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("GB", "EC1A 1BB", "EC1A 1BB"),
        ("GB", "m1 1ae", "M1 1AE"),
        ("GB", "GIR 0AA", "GIR 0AA"),
        ("US", "94103", "94103"),
        ("US", "94103-1234", "94103-1234"),
        ("JP", "1000001", "100-0001"),
        ("JP", "100-0001", "100-0001"),
    ],
)
def test_given_a_valid_code_then_it_comes_back_normalised(country, typed, normalised):
    assert postcodes.normalise(country, typed) == normalised


@pytest.mark.parametrize(
    ("country", "typed"),
    [
        ("FR", "ABCDE"),
        ("FR", "7500"),
        ("FR", "00100"),
        ("DE", "1011"),
        ("GB", "75001"),
        ("GB", "QQ1 1AA"),
        ("US", "9410"),
        ("US", "94103-12"),
        ("JP", "100-001"),
        ("JP", "ABC-DEFG"),
    ],
)
def test_given_a_code_outside_the_format_then_it_is_refused_with_the_rule(country, typed):
    assert postcodes.normalise(country, typed) is None
    assert postcodes.rule_for(country)


def test_given_a_country_without_a_known_format_then_any_code_is_kept():
    assert postcodes.normalise("BE", " 1000 ") == "1000"
    assert postcodes.rule_for("BE") is None
