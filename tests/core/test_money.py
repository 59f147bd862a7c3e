from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comeback.core.money import CurrencyMismatch, Money, minor_units

CURRENCIES = ["EUR", "GBP", "USD", "JPY"]
amounts = st.integers(min_value=-(10**12), max_value=10**12)
currencies = st.sampled_from(CURRENCIES)


def test_given_jpy_when_asking_minor_units_then_it_has_no_decimals():
    assert minor_units("JPY") == 0
    assert minor_units("EUR") == 2


def test_given_a_float_amount_when_building_money_then_it_is_refused():
    with pytest.raises(TypeError):
        Money(349.0, "EUR")  # type: ignore[arg-type]


def test_given_an_unknown_currency_when_building_money_then_it_is_refused():
    with pytest.raises(ValueError):
        Money(100, "XXY")
    with pytest.raises(ValueError):
        Money(100, "eur")


def test_given_major_units_when_converting_then_minor_units_are_exact():
    assert Money.from_major("349.90", "EUR") == Money(34990, "EUR")
    assert Money.from_major("52800", "JPY") == Money(52800, "JPY")
    with pytest.raises(ValueError):
        Money.from_major("10.5", "JPY")
    with pytest.raises(ValueError):
        Money.from_major("1.005", "EUR")


def test_given_two_currencies_when_adding_then_it_is_refused():
    with pytest.raises(CurrencyMismatch):
        Money(100, "EUR") + Money(100, "GBP")


@pytest.mark.parametrize(
    ("money", "locale", "expected"),
    [
        (Money(34900, "EUR"), "fr_FR", "349,00\u00a0€"),
        (Money(34900, "EUR"), "de_DE", "349,00\u00a0€"),
        (Money(34900, "GBP"), "en_GB", "£349.00"),
        (Money(39900, "USD"), "en_US", "$399.00"),
        (Money(52800, "JPY"), "ja_JP", "￥52,800"),
    ],
)
def test_given_a_market_locale_when_formatting_then_babel_formats_it(money, locale, expected):
    assert money.format(locale).replace("\u202f", "\u00a0") == expected


@given(a=amounts, b=amounts, c=currencies)
def test_given_any_amounts_when_adding_and_subtracting_then_it_round_trips(a, b, c):
    assert (Money(a, c) + Money(b, c)) - Money(b, c) == Money(a, c)


@given(
    total=st.integers(min_value=0, max_value=10**9),
    weights=st.lists(st.integers(0, 1000), min_size=1, max_size=12),
)
def test_given_any_split_when_allocating_then_no_minor_unit_is_lost(total, weights):
    if sum(weights) == 0:
        with pytest.raises(ValueError):
            Money(total, "EUR").allocate(weights)
        return
    parts = Money(total, "EUR").allocate(weights)
    assert sum(p.amount for p in parts) == total
    assert all(p.amount >= 0 for p in parts)


@given(a=st.integers(0, 10**10), pct=st.decimals(min_value=0, max_value=100, places=2))
def test_given_a_percentage_when_scaling_then_result_is_rounded_half_up_and_bounded(a, pct):
    fee = Money(a, "EUR").percent(pct)
    exact = Decimal(a) * pct / 100
    assert abs(Decimal(fee.amount) - exact) <= Decimal("0.5")
    assert 0 <= fee.amount <= a


def test_given_an_exact_ratio_when_scaling_then_fraction_is_used_exactly():
    assert Money(1000, "EUR").scaled(Fraction(1, 3)) == Money(333, "EUR")
    assert Money(1001, "EUR").scaled(Fraction(1, 2)) == Money(501, "EUR")  # half up


@given(
    amount=st.integers(min_value=-(10**13), max_value=10**13),
    pair=st.sampled_from(
        [
            ("EUR", "fr_FR"),
            ("EUR", "de_DE"),
            ("GBP", "en_GB"),
            ("USD", "en_US"),
            ("JPY", "ja_JP"),
            ("CHF", "de_CH"),
            ("INR", "en_IN"),
            ("BHD", "ar_BH"),
        ]
    ),
)
def test_given_any_amount_when_formatting_then_the_text_is_exactly_babels(amount, pair):
    from babel.numbers import format_currency

    currency, locale = pair
    expected = format_currency(Decimal(amount).scaleb(-minor_units(currency)), currency, locale=locale)
    assert Money(amount, currency).format(locale) == expected
