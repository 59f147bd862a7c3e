"""What anyone may read of repair: locations near a point, their services, bonuses and free slots, the part
types."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import one_of

from ..models import Location, Service, ServiceKind


# Locations --------------------------------------------------------------------------------------------
class NearQuery(PageQuery):
    lat: float | None = Field(None, description="Latitude in degrees (WGS 84)")
    lon: float | None = Field(None, description="Longitude in degrees (WGS 84)")
    place: str | None = Field(None, max_length=80, description="Instead of lat/lon: a demo city or postcode")
    service: str | None = one_of(ServiceKind, None, max_length=30, description="Only locations offering it")
    radius_km: float | None = Field(None, gt=0, le=20000)


class BonusOut(Schema):
    scheme: str = Field(..., description="fr_textile: France's textile and shoe repair bonus")
    amount: int = Field(..., description="Deducted from the price (minor units)")
    currency: str
    source: str = Field(..., description="Where the scheme publishes the amount")
    source_date: str

    @classmethod
    def deducted(cls, rate, amount: int) -> BonusOut | None:
        """What a bonus rate took off a price, or None when it took nothing."""
        if rate is None or not amount:
            return None
        return cls(
            scheme=rate.scheme,
            amount=amount,
            currency=rate.currency,
            source=rate.source,
            source_date=rate.source_date.isoformat(),
        )


class ServiceOut(Schema):
    kind: str
    label: str
    price: int
    currency: str
    duration_minutes: int
    bonus: BonusOut | None = Field(
        None, description="A repair bonus this (labelled) location deducts; the customer pays price − amount"
    )
    to_pay: int = Field(..., description="The price after the bonus")

    # Reads a service that `selectors.with_bonuses` gave its `bonus_rate` and `bonus_amount`.
    @staticmethod
    def resolve_label(s: Service) -> str:
        return str(s.get_kind_display())

    @staticmethod
    def resolve_price(s: Service) -> int:
        return s.price_amount

    @staticmethod
    def resolve_bonus(s: Service) -> BonusOut | None:
        return BonusOut.deducted(s.bonus_rate, s.bonus_amount)

    @staticmethod
    def resolve_to_pay(s: Service) -> int:
        return s.price_amount - s.bonus_amount


class HoursOut(Schema):
    weekday: int = Field(..., description="0 = Monday")
    opens: str
    closes: str

    @staticmethod
    def resolve_opens(h) -> str:
        return h.opens.strftime("%H:%M")

    @staticmethod
    def resolve_closes(h) -> str:
        return h.closes.strftime("%H:%M")


class LocationOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    postal_code: str
    city: str
    market: str
    latitude: float
    longitude: float
    timezone: str
    phone: str
    services: list[ServiceOut]
    hours: list[HoursOut]
    distance_km: float | None = None
    partner_store: str | None = None
    bonus_labels: list[str] = Field(
        default_factory=list, description="Bonus schemes it is labelled for (e.g. fr_textile)"
    )

    # Reads a location that `selectors.with_bonuses` gave its rates (and a list, its `distance_km`).
    @staticmethod
    def resolve_market(loc: Location) -> str:
        return loc.market_id

    @staticmethod
    def resolve_latitude(loc: Location) -> float:
        return float(loc.latitude)

    @staticmethod
    def resolve_longitude(loc: Location) -> float:
        return float(loc.longitude)

    @staticmethod
    def resolve_services(loc: Location) -> list[Service]:
        return [s for s in loc.services.all() if s.is_active]

    @staticmethod
    def resolve_hours(loc: Location) -> list:
        return list(loc.hours.all())

    @staticmethod
    def resolve_distance_km(loc: Location) -> float | None:
        distance = getattr(loc, "distance_km", None)
        return round(distance, 3) if distance is not None else None

    @staticmethod
    def resolve_partner_store(loc: Location) -> str | None:
        return f"{loc.store.partner_id}:{loc.store.code}" if loc.store_id else None

    @staticmethod
    def resolve_bonus_labels(loc: Location) -> list[str]:
        return sorted({r.scheme for r in loc.bonus_rates.values()})


class NearOut(PageOut):
    lat: float
    lon: float
    place: str | None
    items: list[LocationOut]


class SlotsQuery(Schema):
    service: str = one_of(ServiceKind, max_length=30)
    day: date | None = Field(
        None, description="Local day at the location (YYYY-MM-DD); default: the next 7 open days"
    )


class SlotsOut(Schema):
    location_id: int
    service: str
    timezone: str
    days: list[dict]


class PartTypeOut(Schema):
    value: str
    label: str
