"""Currency conversion with the dated rates staff maintain: never a silent sum across currencies.

A view converts with one rate per currency: the latest `ExchangeRate` valid on or before the view's
last day, or its inverse when only the opposite pair exists. Every rate used is reported (pair, rate,
date); an amount with no rate stays in its own currency and the view says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import Q

from comeback.core.money import minor_units as _minor_units

from .models import ExchangeRate

minor_units = lru_cache(maxsize=None)(_minor_units)  # babel's look-up, once per currency


@dataclass(frozen=True)
class UsedRate:
    currency: str
    target: str
    rate: Decimal  # 1 currency = rate target, major units
    valid_on: date
    inverted: bool = False

    def as_dict(self) -> dict:
        return {
            "currency": self.currency,
            "target": self.target,
            "rate": str(self.rate),
            "valid_on": self.valid_on.isoformat(),
            "inverted": self.inverted,
        }


class Converter:
    """Converts minor units of any currency into `target` with the rates valid on `on`."""

    def __init__(self, target: str, on: date):
        self.target = target
        self.on = on
        self.used: dict[str, UsedRate] = {}
        self.missing: set[str] = set()
        self._rates: dict[str, UsedRate] | None = None

    def rate(self, currency: str) -> UsedRate | None:
        if self._rates is None:
            self._rates = self._load()
        return self._rates.get(currency)

    def _load(self) -> dict[str, UsedRate]:
        """Every currency's rate into the target in one query: the latest direct rate on or before the day,
        or the inverse of the latest opposite rate when that is more recent (or the only one); an inverse on the same day as a direct rate loses."""
        found: dict[str, UsedRate] = {}
        rows = ExchangeRate.objects.filter(
            Q(target=self.target) | Q(currency=self.target), valid_on__lte=self.on
        )
        # Later rows win; on the same day a direct rate beats an inverted one.
        for r in sorted(rows, key=lambda r: (r.valid_on, r.target == self.target, r.pk)):
            if r.target == self.target:
                found[r.currency] = UsedRate(r.currency, self.target, r.rate, r.valid_on)
            else:
                inverse = (Decimal(1) / r.rate).quantize(Decimal("0.00000001"))
                found[r.target] = UsedRate(r.target, self.target, inverse, r.valid_on, inverted=True)
        return found

    def convert(self, amount: int, currency: str) -> tuple[int, str]:
        """(amount, currency) in the target when a rate exists, else unchanged (and noted as missing)."""
        if currency == self.target:
            return amount, currency
        used = self.rate(currency)
        if used is None:
            self.missing.add(currency)
            return amount, currency
        self.used[currency] = used
        major = Decimal(amount) / (10 ** minor_units(currency)) * used.rate
        converted = (major * (10 ** minor_units(self.target))).quantize(Decimal(1), ROUND_HALF_UP)
        return int(converted), self.target


def rates_list(limit: int = 200) -> list[ExchangeRate]:
    return list(
        ExchangeRate.objects.select_related("created_by").order_by("-valid_on", "currency", "target")[:limit]
    )
