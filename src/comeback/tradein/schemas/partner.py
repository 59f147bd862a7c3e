"""The partners' side of trade-in: their stores, the trade-ins dropped off there, and the summary."""

from __future__ import annotations

from ninja import Field, Schema

from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut, PageQuery

from ..models import (
    TradeIn,
)
from . import _t

# Partners -----------------------------------------------------------------------------------------


class StoreOut(Schema):
    store_id: int
    code: str
    name: str
    address: str
    postal_code: str
    city: str
    market: str
    latitude: float
    longitude: float


def store_out(s) -> dict:
    return {
        "store_id": s.pk,
        "code": s.code,
        "name": s.name,
        "address": s.address,
        "postal_code": s.postal_code,
        "city": s.city,
        "market": s.market_id,
        "latitude": float(s.latitude),
        "longitude": float(s.longitude),
    }


class StoreList(PageOut):
    partner: str
    items: list[StoreOut]


class PartnerTradeInOut(Schema):
    tradein_id: str
    status: str
    channel: str
    store: str | None
    product: str
    market: str
    agreed: int | None
    quoted: int
    bonus: int
    commission: int
    currency: str
    accepted_at: str
    paid_at: str | None


def partner_tradein_out(t: TradeIn) -> dict:
    return {
        "tradein_id": t.ref,
        "status": t.status,
        "channel": t.channel,
        "store": t.store.code if t.store_id else None,
        "product": str(t.product),
        "market": t.market_id,
        "agreed": t.final_amount,
        "quoted": t.quoted_amount,
        "bonus": t.bonus_amount,
        "commission": t.commission_amount,
        "currency": t.currency,
        "accepted_at": rfc3339(t.accepted_at),
        "paid_at": _t(t.paid_at),
    }


class PartnerTradeInQuery(PageQuery):
    store_id: int | None = Field(None, ge=1, le=2**62)


class PartnerTradeInList(PageOut):
    items: list[PartnerTradeInOut]


class StoreStatsOut(Schema):
    store: str | None = Field(..., description="Store code; null for the partner's online channel")
    tradeins: int
    paid: int
    paid_amount: dict[str, int]
    commission: dict[str, int]


class SummaryOut(Schema):
    partner: str
    stores: list[StoreStatsOut]


class DropOffIn(Schema):
    tradein_id: str = Field(..., max_length=20)
