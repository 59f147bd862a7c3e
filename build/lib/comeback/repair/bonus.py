"""Repair bonuses deducted from the price at booking (docs/fashion.md "Garment repair").

France's textile repair bonus (bonus réparation textile) pays a fixed amount per repair type — €6 to €25 —
only at repairers labelled for the scheme, deducted from the customer's bill. The amounts are data
(`BonusRate`, each with its source and date); the rule is here, a pure function so it is published and
tested as is:

1. the location holds a label for the scheme, valid on the day of the repair;
2. a rate exists for the scheme, the location's market and the service, valid on that day;
3. the repair costs at least the rate's minimum (€12 for the textile bonus);
4. the bonus is the rate's amount, but never more than its cap share of the price (60% for the textile bonus).

Alterations (a hem, resizing) are not repairs: the scheme has no rate for them, so they get no bonus.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import BonusLabel, BonusRate, Location, Service


@dataclass(frozen=True)
class Bonus:
    rate: BonusRate | None
    amount: int  # minor units; 0 without a bonus

    @property
    def applies(self) -> bool:
        return self.rate is not None and self.amount > 0


NONE = Bonus(None, 0)


def amount_for(*, rate_amount: int, cap_bps: int, min_price: int, price: int) -> int:
    """The bonus on a repair of `price`: the fixed amount, capped at `cap_bps` of the price; 0 below the
    minimum price."""
    if price <= 0 or price < min_price:
        return 0
    return min(rate_amount, price * cap_bps // 10_000)


def amount_on(rate: BonusRate | None, price: int, currency: str) -> int:
    """The bonus a rate gives on a price (0 without a rate, or in another currency)."""
    if rate is None or rate.currency != currency:
        return 0
    return amount_for(
        rate_amount=rate.amount, cap_bps=rate.cap_bps, min_price=rate.min_price_amount, price=price
    )


def _valid_on(day: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})


def rate_for(*, location: Location, service_kind: str, day: date) -> BonusRate | None:
    """The rate of a scheme the location is labelled for, for this service in its market, valid on `day`."""
    schemes = BonusLabel.objects.filter(_valid_on(day), location=location).values("scheme")
    return (
        BonusRate.objects.filter(
            _valid_on(day),
            scheme__in=schemes,
            market_id=location.market_id,
            service_kind=service_kind,
            valid_from__lte=day,
        )
        .order_by("-amount", "-valid_from")
        .first()
    )


def for_service(*, location: Location, service: Service, price: int, day: date) -> Bonus:
    rate = rate_for(location=location, service_kind=service.kind, day=day)
    amount = amount_on(rate, price, service.currency)
    return Bonus(rate, amount) if amount else NONE


def rates_by_location(locations, *, day: date) -> dict[int, dict[str, BonusRate]]:
    """For a list page: per location id, the rate of each service it has a bonus for (two queries)."""
    ids = [loc.pk for loc in locations]
    labels: dict[int, set[str]] = {}
    for loc_id, scheme in BonusLabel.objects.filter(_valid_on(day), location_id__in=ids).values_list(
        "location_id", "scheme"
    ):
        labels.setdefault(loc_id, set()).add(scheme)
    if not labels:
        return {}
    rates = list(
        BonusRate.objects.filter(
            _valid_on(day), valid_from__lte=day, scheme__in={s for v in labels.values() for s in v}
        )
    )
    found: dict[int, dict[str, BonusRate]] = {}
    for loc in locations:
        for rate in rates:
            if rate.scheme in labels.get(loc.pk, ()) and rate.market_id == loc.market_id:
                found.setdefault(loc.pk, {})[rate.service_kind] = rate
    return found
