"""The partners' side of trade-in: their stores, the trade-ins dropped off there, and the summary."""

from __future__ import annotations

from ninja import Field, Schema

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Instant, Stamp

from ..models import (
    TradeIn,
)
from . import TradeInReads

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

    @staticmethod
    def resolve_store_id(s) -> int:
        return s.pk

    @staticmethod
    def resolve_market(s) -> str:
        return s.market_id

    @staticmethod
    def resolve_latitude(s) -> float:
        return float(s.latitude)

    @staticmethod
    def resolve_longitude(s) -> float:
        return float(s.longitude)


class StoreList(PageOut):
    partner: str
    items: list[StoreOut]


class PartnerTradeInOut(TradeInReads):
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
    accepted_at: Instant
    paid_at: Stamp

    @staticmethod
    def resolve_commission(t: TradeIn) -> int:
        return t.commission_amount


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
