"""Money: an integer amount in the currency's minor unit plus an ISO 4217 code (docs/design.md §2 Markets).

Never a float. Arithmetic refuses to mix currencies; rounding is explicit and banker-free
(half up, as shoppers and tax offices expect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

from babel.numbers import format_currency, get_currency_precision, is_currency

__all__ = ["CurrencyMismatch", "Money", "minor_units"]


class CurrencyMismatch(ValueError):
    pass


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Decimal places of the currency's minor unit (EUR 2, JPY 0), from CLDR via babel."""
    return get_currency_precision(currency)


@lru_cache(maxsize=512)
def _known_currency(code: str) -> bool:
    # babel rebuilds its set of every currency on each call: most of the cost of making a Money.
    return is_currency(code)


@dataclass(frozen=True, slots=True, order=False)
class Money:
    amount: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise TypeError("Money.amount must be an int in minor units")
        if not (isinstance(self.currency, str) and len(self.currency) == 3 and self.currency.isupper()):
            raise ValueError(f"not an ISO 4217 code: {self.currency!r}")
        if not _known_currency(self.currency):
            raise ValueError(f"unknown currency: {self.currency!r}")

    # construction ---------------------------------------------------------
    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)

    @classmethod
    def from_major(cls, value: str | int | Decimal, currency: str) -> Money:
        """`Money.from_major("349.00", "EUR")` -> 34900 cents. Refuses sub-minor precision."""
        quantum = Decimal(1).scaleb(-minor_units(currency))
        d = Decimal(str(value))
        if d != d.quantize(quantum):
            raise ValueError(f"{value} has more decimals than {currency} allows")
        return cls(int(d.scaleb(minor_units(currency))), currency)

    # arithmetic -----------------------------------------------------------
    def _same(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(f"{self.currency} vs {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    def __mul__(self, factor: int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise TypeError("multiply Money by an int; use .percent() or .scaled() for ratios")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other)
        return self.amount >= other.amount

    def scaled(self, ratio: Fraction | Decimal | int) -> Money:
        """Multiply by an exact ratio, rounding half up to the minor unit."""
        exact = Decimal(self.amount) * (
            Decimal(ratio.numerator) / Decimal(ratio.denominator)
            if isinstance(ratio, Fraction)
            else Decimal(ratio)
        )
        return Money(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), self.currency)

    def percent(self, pct: Decimal | int | str) -> Money:
        return self.scaled(Decimal(str(pct)) / 100)

    def allocate(self, weights: list[int]) -> list[Money]:
        """Split without losing a minor unit: the remainder goes to the first parts."""
        total = sum(weights)
        if total <= 0 or any(w < 0 for w in weights):
            raise ValueError("weights must be non-negative with a positive sum")
        parts = [self.amount * w // total for w in weights]
        for i in range(self.amount - sum(parts)):
            parts[i % len(parts)] += 1
        return [Money(p, self.currency) for p in parts]

    # presentation ---------------------------------------------------------
    @property
    def major(self) -> Decimal:
        return Decimal(self.amount).scaleb(-minor_units(self.currency))

    def format(self, locale: str = "en_GB") -> str:
        return _formatted(self.amount, self.currency, locale)

    def __str__(self) -> str:
        return f"{self.major} {self.currency}"


@lru_cache(maxsize=4096)
def _formatted(amount: int, currency: str, locale: str) -> str:
    # Pages show the same prices over and over.
    digits = str(amount)
    places = minor_units(currency)
    if amount >= 0:
        digits = digits.rjust(places + 1, "0")  # 5 cents -> "005": "0,05 €"
        shape = _shape(currency, locale, len(digits) - places)
        if shape is not None:
            return _fill(shape, digits)
    return _babel(amount, currency, locale)


def _babel(amount: int, currency: str, locale: str) -> str:
    return format_currency(Decimal(amount).scaleb(-minor_units(currency)), currency, locale=locale)


@lru_cache(maxsize=1024)
def _shape(currency: str, locale: str, int_digits: int) -> tuple[str, ...] | None:
    """What babel writes around each digit of an amount with this many integer digits, or None to ask babel.

    babel takes about a third of a millisecond per price, and a search page shows 24. Its output depends on
    the locale, the currency and the number of integer digits (grouping), not on the digits' values: so
    format one probe amount, keep the text between its digits, and put other digits in their place. A second
    probe with other digits must come out the same way, or this shape is not used.
    """
    places = minor_units(currency)
    probe = _babel(int("1" * (int_digits + places)), currency, locale)
    shape = tuple(re.split(r"\d", probe))
    if len(shape) != int_digits + places + 1:
        return None
    check = "9" * int_digits + "7" * places
    return shape if _fill(shape, check) == _babel(int(check), currency, locale) else None


def _fill(shape: tuple[str, ...], digits: str) -> str:
    return shape[0] + "".join(d + after for d, after in zip(digits, shape[1:], strict=True))
