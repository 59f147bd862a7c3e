"""The refurbishers' side of trade-in: buyback offers, wins, and the trade-ins they receive and inspect."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Instant, Integer, MarketCode, Stamp, bounded, one_of
from comeback.core.text import Text

from .. import selectors
from ..models import (
    BuybackOffer,
    Tier,
    TradeIn,
    TradeInStatus,
)
from ..services.buyback import MAX_PRICE_MINOR, MAX_WEEKLY_CAPACITY
from . import TradeInReads
from .buyer import AnswersIn, EventOut, certificate

# Refurbishers ----------------------------------------------------------------------------------------


class BuybackOfferIn(Schema):
    model_config = ConfigDict(extra="forbid")

    product_id: Integer
    storage_gb: Integer = Field(0, description="0 prices every storage of the model")
    market: MarketCode = Field(..., max_length=8)
    tier: str = one_of(Tier, max_length=20, description="The condition tier this price is for")
    price: Integer = bounded(..., minimum=1, maximum=MAX_PRICE_MINOR, description="Minor units of `currency`")
    currency: str = Field(..., max_length=8)
    weekly_capacity: Integer = bounded(
        ...,
        minimum=1,
        maximum=MAX_WEEKLY_CAPACITY,
        description="Devices per week (Monday–Sunday, market time)",
    )


class BuybackOfferPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    price: Integer = bounded(None, minimum=1, maximum=MAX_PRICE_MINOR)
    weekly_capacity: Integer = bounded(None, minimum=1, maximum=MAX_WEEKLY_CAPACITY)
    status: Literal["active", "paused", "withdrawn"] = None  # type: ignore[assignment]

    def changes(self) -> dict:
        return self.model_dump(exclude_unset=True)


class BuybackOfferOut(Schema):
    offer_id: int
    product_id: int
    product: str
    storage_gb: int
    market: str
    tier: str
    price: int
    currency: str
    weekly_capacity: int
    status: str
    created_at: Instant
    updated_at: Instant

    @staticmethod
    def resolve_offer_id(o: BuybackOffer) -> int:
        return o.pk

    @staticmethod
    def resolve_product(o: BuybackOffer) -> str:
        return str(o.product)

    @staticmethod
    def resolve_market(o: BuybackOffer) -> str:
        return o.market_id

    @staticmethod
    def resolve_price(o: BuybackOffer) -> int:
        return o.price_amount


class BuybackFilters(PageQuery):
    status: Literal["active", "paused", "withdrawn"] | None = None


class BuybackList(PageOut):
    items: list[BuybackOfferOut]


class BuybackImportOut(Schema):
    created: int
    updated: int


class WinOut(Schema):
    offer: BuybackOfferOut
    quotes_won: int = Field(..., description="Quotes this offer won in the last 30 days")
    accepted: int
    paid: int
    used_this_week: int
    price_to_win: int | None = Field(
        ..., description="The lowest price that wins the slot now; null without capacity"
    )


class WinsOut(PageOut):
    days: int
    items: list[WinOut]


class SellerTradeInOut(TradeInReads):
    tradein_id: str
    status: str
    channel: str
    product_id: int
    product: str
    storage_gb: int
    market: str
    questionnaire: Literal["device", "garment"]
    tier: str
    declared: dict
    inspected: dict
    quoted: int
    counter: int | None
    agreed: int | None
    currency: str
    customer_name: str
    return_address: str
    device: str
    tracking_number: str
    accepted_at: Instant
    ship_by: Instant
    received_at: Stamp
    inspection_due_at: Stamp
    auto_validated: bool
    activation_lock_off: bool
    wipe_certificate: str | None
    route: str | None
    rule_route: str | None
    payout_due_at: Stamp
    paid_at: Stamp
    return_due_at: Stamp
    timeline: list[EventOut]

    @staticmethod
    def resolve_declared(t: TradeIn) -> dict:
        return t.quote.answers

    @staticmethod
    def resolve_inspected(t: TradeIn) -> dict:
        return t.inspected_answers

    @staticmethod
    def resolve_customer_name(t: TradeIn) -> str:
        return f"{t.first_name} {t.last_name}"

    @staticmethod
    def resolve_return_address(t: TradeIn) -> str:
        return t.address

    @staticmethod
    def resolve_activation_lock_off(t: TradeIn) -> bool:
        return t.activation_lock_off_at is not None

    @staticmethod
    def resolve_wipe_certificate(t: TradeIn) -> str | None:
        cert = certificate(t)
        return cert.ref if cert else None

    @staticmethod
    def resolve_route(t: TradeIn) -> str | None:
        route = _route(t)
        return route.route if route else None

    @staticmethod
    def resolve_rule_route(t: TradeIn) -> str | None:
        route = _route(t)
        return route.rule_route if route else None

    @staticmethod
    def resolve_timeline(t: TradeIn) -> list:
        return selectors.timeline(t)


def _route(t: TradeIn):
    """Where the item went, or None (fetched with the trade-in by the lists)."""
    return getattr(t, "route", None) if hasattr(t, "route") else None


class SellerTradeInList(PageOut):
    items: list[SellerTradeInOut]


class SellerTradeInFilters(PageQuery):
    status: str | None = one_of(TradeInStatus, None, max_length=20, description="One trade-in status")


class ValidateIn(Schema):
    inspected: AnswersIn | None = None
    notes: Text = Field("", max_length=2000)


class WipeIn(Schema):
    method: Literal["clear", "purge", "destroy"]
    technique: str = Field(..., max_length=200, description="e.g. cryptographic erase")
    tool: str = Field(..., max_length=100)
    tool_version: str = Field(..., max_length=40)
    operator_name: str = Field(..., max_length=120)
    started_at: datetime
    ended_at: datetime
    verification: Literal["passed", "failed"]
    verification_method: str = Field("", max_length=200)


class WipeOut(Schema):
    certificate_id: str
    method: str
    verification: str
    url: str


class RouteIn(Schema):
    route: Literal["resell", "refurbish", "harvest", "upcycle", "recycle", "repair"] = Field(
        ...,
        description="A garment: resell, repair, upcycle or recycle; a device: resell to recycle, no repair",
    )
    reason: Text = Field(..., max_length=300)
    recycler: str = Field("", max_length=120)
    weight_grams: Integer | None = Field(None, ge=1, le=1_000_000)


class TradeinReturnIn(Schema):
    label: str = Field(..., max_length=60)
    tracking: str = Field(..., max_length=60)
