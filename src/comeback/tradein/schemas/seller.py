"""The refurbishers' side of trade-in: buyback offers, wins, and the trade-ins they receive and inspect."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, MarketCode, bounded, one_of
from comeback.core.text import Text

from .. import selectors
from ..models import (
    BuybackOffer,
    Tier,
    TradeIn,
    TradeInStatus,
)
from ..services.buyback import MAX_PRICE_MINOR, MAX_WEEKLY_CAPACITY
from . import _t
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
    created_at: str
    updated_at: str


def buyback_out(o: BuybackOffer) -> dict:
    return {
        "offer_id": o.pk,
        "product_id": o.product_id,
        "product": str(o.product),
        "storage_gb": o.storage_gb,
        "market": o.market_id,
        "tier": o.tier,
        "price": o.price_amount,
        "currency": o.currency,
        "weekly_capacity": o.weekly_capacity,
        "status": o.status,
        "created_at": rfc3339(o.created_at),
        "updated_at": rfc3339(o.updated_at),
    }


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


class SellerTradeInOut(Schema):
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
    accepted_at: str
    ship_by: str
    received_at: str | None
    inspection_due_at: str | None
    auto_validated: bool
    activation_lock_off: bool
    wipe_certificate: str | None
    route: str | None
    rule_route: str | None
    payout_due_at: str | None
    paid_at: str | None
    return_due_at: str | None
    timeline: list[EventOut]


def seller_tradein_out(t: TradeIn) -> dict:
    cert = certificate(t)
    route = getattr(t, "route", None) if hasattr(t, "route") else None
    return {
        "tradein_id": t.ref,
        "status": t.status,
        "channel": t.channel,
        "product_id": t.product_id,
        "product": str(t.product),
        "storage_gb": t.storage_gb,
        "market": t.market_id,
        "questionnaire": t.questionnaire,
        "tier": t.tier,
        "declared": t.quote.answers,
        "inspected": t.inspected_answers,
        "quoted": t.quoted_amount,
        "counter": t.counter_amount,
        "agreed": t.final_amount,
        "currency": t.currency,
        "customer_name": f"{t.first_name} {t.last_name}",
        "return_address": t.address,
        "device": t.device_id,
        "tracking_number": t.tracking_number,
        "accepted_at": rfc3339(t.accepted_at),
        "ship_by": rfc3339(t.ship_by),
        "received_at": _t(t.received_at),
        "inspection_due_at": _t(t.inspection_due_at),
        "auto_validated": t.auto_validated,
        "activation_lock_off": t.activation_lock_off_at is not None,
        "wipe_certificate": cert.ref if cert else None,
        "route": route.route if route else None,
        "rule_route": route.rule_route if route else None,
        "payout_due_at": _t(t.payout_due_at),
        "paid_at": _t(t.paid_at),
        "return_due_at": _t(t.return_due_at),
        "timeline": [
            {"kind": e.kind, "actor": e.actor, "at": rfc3339(e.at), "detail": e.detail}
            for e in selectors.timeline(t)
        ],
    }


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
