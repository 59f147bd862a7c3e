"""What anyone may read of repair: locations near a point, their services, bonuses and free slots, the part
types."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from comeback.core import clock
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import one_of

from .. import bonus
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


class HoursOut(Schema):
    weekday: int = Field(..., description="0 = Monday")
    opens: str
    closes: str


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


class NearOut(PageOut):
    lat: float
    lon: float
    place: str | None
    items: list[LocationOut]


def bonus_out(rate, amount: int) -> dict | None:
    if rate is None or not amount:
        return None
    return {
        "scheme": rate.scheme,
        "amount": amount,
        "currency": rate.currency,
        "source": rate.source,
        "source_date": rate.source_date.isoformat(),
    }


def service_out(s: Service, rates: dict | None = None) -> dict:
    rate = (rates or {}).get(s.kind)
    amount = bonus.amount_on(rate, s.price_amount, s.currency)
    return {
        "kind": s.kind,
        "label": str(s.get_kind_display()),
        "price": s.price_amount,
        "currency": s.currency,
        "duration_minutes": s.duration_minutes,
        "bonus": bonus_out(rate, amount),
        "to_pay": s.price_amount - amount,
    }


def location_out(loc: Location, distance_km: float | None = None, rates: dict | None = None) -> dict:
    rates = (
        rates
        if rates is not None
        else bonus.rates_by_location([loc], day=clock.local_date(clock.now(), loc.timezone)).get(loc.pk, {})
    )
    return {
        "id": loc.pk,
        "name": loc.name,
        "kind": loc.kind,
        "address": loc.address,
        "postal_code": loc.postal_code,
        "city": loc.city,
        "market": loc.market_id,
        "latitude": float(loc.latitude),
        "longitude": float(loc.longitude),
        "timezone": loc.timezone,
        "phone": loc.phone,
        "services": [service_out(s, rates) for s in loc.services.all() if s.is_active],
        "hours": [
            {"weekday": h.weekday, "opens": h.opens.strftime("%H:%M"), "closes": h.closes.strftime("%H:%M")}
            for h in loc.hours.all()
        ],
        "distance_km": round(distance_km, 3) if distance_km is not None else None,
        "partner_store": f"{loc.store.partner_id}:{loc.store.code}" if loc.store_id else None,
        "bonus_labels": sorted({r.scheme for r in rates.values()}),
    }


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
