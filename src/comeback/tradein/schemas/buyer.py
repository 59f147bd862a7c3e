"""The customer's side of trade-in: tradeable models, quotes, the trade-in and its events."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool

from comeback.core.clock import rfc3339
from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Integer, MarketCode, MarketCodeOrBlank, one_of
from comeback.core.text import Text

from .. import conditions, selectors
from ..models import (
    Body,
    GarmentCondition,
    Holes,
    Pilling,
    Quote,
    Screen,
    Stains,
    TradeIn,
    TradeInEvent,
    WipeCertificate,
)
from . import _t

# Models and quotes ---------------------------------------------------------------------------------


class ModelsQuery(PageQuery):
    q: str | None = Field(None, max_length=200, description="Words matched against brand, model and category")
    market: MarketCodeOrBlank | None = Field(
        None, max_length=8, description="ISO 3166 market code; default FR"
    )
    partner: str | None = Field(
        None, max_length=60, description="A brand programme's slug: only its eligible models"
    )


class TradeableModelOut(Schema):
    product_id: int
    name: str
    brand: str
    category: str
    storage_options: list[int] = Field(
        ..., description="Storage sizes in GB; empty for a model without storage"
    )
    questionnaire: Literal["device", "garment"] = Field(
        ..., description="The questions `answers` takes: device (powers_on, screen…) or garment (condition…)"
    )
    has_screen: bool = Field(..., description="Whether the questionnaire asks about the screen")
    size_options: list[str] = Field(
        ..., description="A garment's sizes to choose `answers.size` from; empty: the size on its label"
    )
    identifier: Literal["imei", "serial", "none"] = Field(
        ..., description="What identifies the item at acceptance (none for a garment)"
    )
    best_price: int | None = Field(..., description="The highest buyback price in any tier now (minor units)")
    currency: str | None


class ModelsOut(PageOut):
    market: str
    items: list[TradeableModelOut]


def model_out(m: selectors.TradeableModel) -> dict:
    p = m.product
    return {
        "product_id": p.pk,
        "name": p.name,
        "brand": p.brand.name,
        "category": p.category.name,
        "storage_options": m.storage_options,
        "questionnaire": conditions.questionnaire(p),
        "has_screen": conditions.has_screen(p),
        "size_options": conditions.size_options(p) if conditions.is_garment(p) else [],
        "identifier": conditions.identifier(p),
        "best_price": m.best_price,
        "currency": m.currency,
    }


class AnswersIn(Schema):
    model_config = ConfigDict(extra="forbid")

    powers_on: StrictBool | None = Field(None, description="Does it power on?")
    screen: str | None = one_of(
        Screen, None, nullable=True, max_length=20, description="The screen's state; omit without a screen"
    )
    body: str | None = one_of(Body, None, nullable=True, max_length=20, description="The body's state")
    functional: StrictBool | None = Field(
        None, description="Do all functions work (buttons, cameras, sound…)?"
    )
    accounts_removed: StrictBool | None = Field(None, description="Are iCloud / Google accounts removed?")
    # The garment questionnaire (a model whose `questionnaire` is garment); device questions are left out.
    condition: str | None = one_of(
        GarmentCondition, None, nullable=True, max_length=20, description="A garment's overall condition"
    )
    stains: str | None = one_of(Stains, None, nullable=True, max_length=10, description="Stains on it")
    holes: str | None = one_of(Holes, None, nullable=True, max_length=10, description="Holes, tears, seams")
    pilling: str | None = one_of(
        Pilling, None, nullable=True, max_length=10, description="Bobbles on the fabric"
    )
    size: str | None = Field(None, max_length=20, description="The size on its label (one of size_options)")
    brand_label: StrictBool | None = Field(None, description="Is the brand label still sewn in and readable?")


class QuoteIn(Schema):
    model_config = ConfigDict(extra="forbid")

    product_id: Integer
    storage_gb: Integer = Field(
        0, ge=0, le=1_000_000, description="One of the model's storage_options; 0 without"
    )
    market: MarketCode = Field(..., max_length=8)
    answers: AnswersIn
    partner: str | None = Field(None, max_length=60, description="Brand programme slug (its landing page)")


class QuoteOut(Schema):
    quote_id: str = Field(..., description="The quote's reference, e.g. QTE-7K2M9Q4XHC")
    product_id: int
    product: str
    storage_gb: int
    market: str
    questionnaire: Literal["device", "garment"]
    tier: str = Field(
        ..., description="Condition tier derived from the answers: flawless | good | used | broken"
    )
    tier_label: str = Field(..., description="How the tier reads for this item (a garment is never broken)")
    answers: dict
    price: int = Field(..., description="What the refurbisher pays (minor units)")
    bonus: int = Field(..., description="A brand programme's bonus on top, paid by the brand")
    total: int
    currency: str
    refurbisher: str
    partner: str | None
    status: Literal["open", "accepted", "expired"]
    created_at: str
    expires_at: str = Field(..., description="Valid 30 days (RFC 3339 UTC)")


def quote_out(q: Quote, status: str) -> dict:
    return {
        "quote_id": q.ref,
        "product_id": q.product_id,
        "product": str(q.product),
        "storage_gb": q.storage_gb,
        "market": q.market_id,
        "questionnaire": conditions.questionnaire(q.product),
        "tier": q.tier,
        "tier_label": conditions.tier_label(q.product, q.tier),
        "answers": q.answers,
        "price": q.price_amount,
        "bonus": q.bonus_amount,
        "total": q.price_amount + q.bonus_amount,
        "currency": q.currency,
        "refurbisher": q.seller.display_name,
        "partner": q.partner.slug if q.partner_id else None,
        "status": status,
        "created_at": rfc3339(q.created_at),
        "expires_at": rfc3339(q.expires_at),
    }


class IdentityIn(Schema):
    first_name: str = Field(..., max_length=200)
    last_name: str = Field(..., max_length=200)
    date_of_birth: str = Field(..., max_length=20, description="YYYY-MM-DD; you must be 18 or older")


class DeviceIn(Schema):
    imei: str = Field(
        "", max_length=40, description="15 digits (dial *#06#), for models with identifier=imei"
    )
    serial: str = Field("", max_length=60, description="The serial number, for models with identifier=serial")


class PayoutIn(Schema):
    method: Literal["iban", "us_account", "jp_account"] | None = Field(
        None, description="iban (EU, UK), us_account (US: ABA routing + account), jp_account (JP: Zengin)"
    )
    account_holder: str = Field(..., max_length=200)
    iban: str = Field("", max_length=60)
    account_number: str = Field("", max_length=40)
    routing_number: str = Field("", max_length=20)
    bank_code: str = Field("", max_length=10)
    branch_code: str = Field("", max_length=10)


class AcceptIn(Schema):
    identity: IdentityIn
    device: DeviceIn
    payout: PayoutIn
    address: Text = Field(..., max_length=300, description="Where a refused device is returned")


class EventOut(Schema):
    kind: str
    actor: str
    at: str
    detail: dict


class CounterOfferOut(Schema):
    reason: str
    reason_text: str
    price: int
    currency: str
    note: str
    photos: list[str] = Field(..., description="URLs of the evidence photos")
    decision: str
    answer_by: str | None


class TradeInOut(Schema):
    tradein_id: str = Field(..., description="The trade-in's reference, e.g. TRD-7K2M9Q4XHC")
    quote_id: str
    status: str
    channel: str
    product_id: int
    product: str
    storage_gb: int
    market: str
    tier: str
    refurbisher: str
    partner: str | None
    store: str | None
    quoted: int
    counter: int | None
    agreed: int | None
    bonus: int
    currency: str
    device: str = Field(..., description="IMEI or serial number")
    payout_account: str = Field(..., description="The bank account, masked")
    label_url: str | None
    ship_by: str
    inspection_due_at: str | None
    payout_due_at: str | None
    paid_at: str | None
    certificate_url: str | None
    counter_offer: CounterOfferOut | None
    timeline: list[EventOut]


def _counter(t: TradeIn) -> dict | None:
    c = getattr(t, "counter_offer", None)
    if c is None:
        return None
    from django.urls import reverse

    return {
        "reason": c.reason,
        "reason_text": str(c.get_reason_display()),
        "price": c.amount,
        "currency": c.currency,
        "note": c.note,
        "photos": [reverse("tradein:photo", args=[p.pk]) for p in c.photos.all()],
        "decision": c.decision,
        "answer_by": _t(t.counter_due_at),
    }


def masked_account(t: TradeIn) -> str:
    tail = (t.iban or t.account_number)[-4:]
    return f"•••• {tail}"


def certificate(t: TradeIn) -> WipeCertificate | None:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return t.wipe_certificate  # one query, or none when the list fetched it with the trade-in
    except ObjectDoesNotExist:
        return None


def tradein_out(t: TradeIn, events: list[TradeInEvent] | None = None) -> dict:
    from django.core.exceptions import ObjectDoesNotExist
    from django.urls import reverse

    try:
        counter = _counter(t)
    except ObjectDoesNotExist:
        counter = None
    cert = certificate(t)
    return {
        "tradein_id": t.ref,
        "quote_id": t.quote.ref,
        "status": t.status,
        "channel": t.channel,
        "product_id": t.product_id,
        "product": str(t.product),
        "storage_gb": t.storage_gb,
        "market": t.market_id,
        "tier": t.tier,
        "refurbisher": t.seller.display_name,
        "partner": t.partner.slug if t.partner_id else None,
        "store": t.store.code if t.store_id else None,
        "quoted": t.quoted_amount,
        "counter": t.counter_amount,
        "agreed": t.final_amount,
        "bonus": t.bonus_amount,
        "currency": t.currency,
        "device": t.device_id,
        "payout_account": masked_account(t),
        "label_url": reverse("tradein:label", args=[t.ref]) if t.label_ref else None,
        "ship_by": rfc3339(t.ship_by),
        "inspection_due_at": _t(t.inspection_due_at),
        "payout_due_at": _t(t.payout_due_at),
        "paid_at": _t(t.paid_at),
        "certificate_url": reverse("tradein:certificate", args=[t.ref]) if cert else None,
        "counter_offer": counter,
        "timeline": [
            {"kind": e.kind, "actor": e.actor, "at": rfc3339(e.at), "detail": e.detail}
            for e in (events if events is not None else selectors.timeline(t))
        ],
    }


class TradeInList(PageOut):
    items: list[TradeInOut]


class TrackingIn(Schema):
    tracking: str = Field("", max_length=60)
