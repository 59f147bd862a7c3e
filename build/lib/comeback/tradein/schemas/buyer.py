"""The customer's side of trade-in: tradeable models, quotes, the trade-in and its events."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool

from comeback.core.paging import PageOut, PageQuery
from comeback.core.schemas import Instant, Integer, MarketCode, MarketCodeOrBlank, Stamp, one_of
from comeback.core.text import Text

from .. import conditions, selectors
from ..models import (
    Body,
    CounterOffer,
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
from . import TradeInReads

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

    # Reads a `selectors.TradeableModel`: the product model with its prices.
    @staticmethod
    def resolve_product_id(m: selectors.TradeableModel) -> int:
        return m.product.pk

    @staticmethod
    def resolve_name(m: selectors.TradeableModel) -> str:
        return m.product.name

    @staticmethod
    def resolve_brand(m: selectors.TradeableModel) -> str:
        return m.product.brand.name

    @staticmethod
    def resolve_category(m: selectors.TradeableModel) -> str:
        return m.product.category.name

    @staticmethod
    def resolve_questionnaire(m: selectors.TradeableModel) -> str:
        return conditions.questionnaire(m.product)

    @staticmethod
    def resolve_has_screen(m: selectors.TradeableModel) -> bool:
        return conditions.has_screen(m.product)

    @staticmethod
    def resolve_size_options(m: selectors.TradeableModel) -> list[str]:
        return conditions.size_options(m.product) if conditions.is_garment(m.product) else []

    @staticmethod
    def resolve_identifier(m: selectors.TradeableModel) -> str:
        return conditions.identifier(m.product)


class ModelsOut(PageOut):
    market: str
    items: list[TradeableModelOut]


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
    created_at: Instant
    expires_at: Instant = Field(..., description="Valid 30 days (RFC 3339 UTC)")

    @staticmethod
    def resolve_quote_id(q: Quote) -> str:
        return q.ref

    @staticmethod
    def resolve_product(q: Quote) -> str:
        return str(q.product)

    @staticmethod
    def resolve_market(q: Quote) -> str:
        return q.market_id

    @staticmethod
    def resolve_questionnaire(q: Quote) -> str:
        return conditions.questionnaire(q.product)

    @staticmethod
    def resolve_tier_label(q: Quote) -> str:
        return conditions.tier_label(q.product, q.tier)

    @staticmethod
    def resolve_price(q: Quote) -> int:
        return q.price_amount

    @staticmethod
    def resolve_bonus(q: Quote) -> int:
        return q.bonus_amount

    @staticmethod
    def resolve_total(q: Quote) -> int:
        return q.price_amount + q.bonus_amount

    @staticmethod
    def resolve_refurbisher(q: Quote) -> str:
        return q.seller.display_name

    @staticmethod
    def resolve_partner(q: Quote) -> str | None:
        return q.partner.slug if q.partner_id else None

    @staticmethod
    def resolve_status(q: Quote) -> str:
        from ..services.quotes import quote_status

        return quote_status(q)


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
    at: Instant
    detail: dict


class CounterOfferOut(Schema):
    reason: str
    reason_text: str
    price: int
    currency: str
    note: str
    photos: list[str] = Field(..., description="URLs of the evidence photos")
    decision: str
    answer_by: Stamp

    # Reads a trade-in that has a counter-offer: the offer, and the trade-in's deadline to answer it.
    @staticmethod
    def resolve_reason(t: TradeIn) -> str:
        return t.counter_offer.reason

    @staticmethod
    def resolve_reason_text(t: TradeIn) -> str:
        return str(t.counter_offer.get_reason_display())

    @staticmethod
    def resolve_price(t: TradeIn) -> int:
        return t.counter_offer.amount

    @staticmethod
    def resolve_currency(t: TradeIn) -> str:
        return t.counter_offer.currency

    @staticmethod
    def resolve_note(t: TradeIn) -> str:
        return t.counter_offer.note

    @staticmethod
    def resolve_photos(t: TradeIn) -> list[str]:
        return [reverse("tradein:photo", args=[p.pk]) for p in t.counter_offer.photos.all()]

    @staticmethod
    def resolve_decision(t: TradeIn) -> str:
        return t.counter_offer.decision

    @staticmethod
    def resolve_answer_by(t: TradeIn):
        return t.counter_due_at


class TradeInOut(TradeInReads):
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
    ship_by: Instant
    inspection_due_at: Stamp
    payout_due_at: Stamp
    paid_at: Stamp
    certificate_url: str | None
    counter_offer: CounterOfferOut | None
    timeline: list[EventOut]

    @staticmethod
    def resolve_quote_id(t: TradeIn) -> str:
        return t.quote.ref

    @staticmethod
    def resolve_refurbisher(t: TradeIn) -> str:
        return t.seller.display_name

    @staticmethod
    def resolve_partner(t: TradeIn) -> str | None:
        return t.partner.slug if t.partner_id else None

    @staticmethod
    def resolve_payout_account(t: TradeIn) -> str:
        return masked_account(t)

    @staticmethod
    def resolve_label_url(t: TradeIn) -> str | None:
        return reverse("tradein:label", args=[t.ref]) if t.label_ref else None

    @staticmethod
    def resolve_certificate_url(t: TradeIn) -> str | None:
        return reverse("tradein:certificate", args=[t.ref]) if certificate(t) else None

    @staticmethod
    def resolve_counter_offer(t: TradeIn) -> TradeIn | None:
        return t if counter_offer(t) is not None else None

    @staticmethod
    def resolve_timeline(t: TradeIn) -> list[TradeInEvent]:
        return selectors.timeline(t)


def masked_account(t: TradeIn) -> str:
    tail = (t.iban or t.account_number)[-4:]
    return f"•••• {tail}"


def certificate(t: TradeIn) -> WipeCertificate | None:
    try:
        return t.wipe_certificate  # one query, or none when the list fetched it with the trade-in
    except ObjectDoesNotExist:
        return None


def counter_offer(t: TradeIn) -> CounterOffer | None:
    try:
        return t.counter_offer  # fetched with the trade-in by the lists
    except ObjectDoesNotExist:
        return None


class TradeInList(PageOut):
    items: list[TradeInOut]


class TrackingIn(Schema):
    tracking: str = Field("", max_length=60)
