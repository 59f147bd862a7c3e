"""API shapes of the sellers context (docs/design.md §4 sellers)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from comeback.core.schemas import MarketCode, ProblemOut, filled, one_of
from comeback.core.text import Text

from . import selectors, traceability
from .services import MIN_PROCESS_DESCRIPTION

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 409, 422, 429)}


class ApplicationIn(Schema):
    legal_name: str = filled(at_least=2, max_length=400, examples=["Refurb Lyon SAS"])
    display_name: str = Field(
        "", max_length=400, description="Shop name shown to buyers; defaults to the legal name."
    )
    company_registration: str = Field(..., max_length=100, examples=["732829320"])
    vat_number: str = Field(
        ...,
        max_length=100,
        description="EU/GB VAT number, US EIN, JP corporate number (checked per country).",
        examples=["FR44732829320"],
    )
    country: str = Field(
        ..., max_length=10, description="ISO 3166-1 alpha-2 of the registered office.", examples=["FR"]
    )
    address: Text = filled(at_least=10, multiline=True, max_length=2000)
    contact_name: str = filled(at_least=2, max_length=300)
    contact_email: str = Field(
        ...,
        max_length=300,
        description="Becomes the seller account's login.",
        json_schema_extra={"format": "email"},
    )
    contact_phone: str = Field(..., max_length=100)
    markets: list[MarketCode] = Field(
        ..., max_length=20, description="Market codes the seller wants to sell in."
    )
    process_description: Text = filled(
        at_least=MIN_PROCESS_DESCRIPTION,
        multiline=True,
        max_length=10000,
        description="How devices are tested, graded, repaired, wiped.",
    )
    password: str = Field(
        ...,
        max_length=200,
        description="Password of the new seller account (≥ 10 characters).",
        json_schema_extra={"minLength": 10},  # declared; the validators refuse with weak_password
    )


class ApplicationOut(Schema):
    id: int
    status: str
    slug: str
    legal_name: str
    display_name: str
    country: str
    vat_number: str
    company_registration: str
    markets: list[str]
    created_at: datetime


class VerifyIn(Schema):
    decision: str = one_of(("verify", "reject"), max_length=20)
    reason: Text = Field("", max_length=4000)


class SellerDecisionIn(Schema):
    decision: str = one_of(
        ("approve", "extend", "remove", "suspend", "reinstate", "cancel_notice"), max_length=20
    )
    reason: Text = Field("", max_length=4000)
    ground: str = one_of(
        ("", "illegal_content", "repeated_infringement"),
        "",
        max_length=30,
        description="For remove: empty gives 30 days' notice; a ground removes at once.",
    )
    days: int | None = Field(None, description="For extend: how many days to add (1–90).")


class DecisionOut(Schema):
    id: int
    kind: str
    from_status: str
    to_status: str
    reason: str
    days: int | None
    actor: str | None
    created_at: datetime
    probation_ends_at: datetime | None


class SellerStatusOut(Schema):
    id: int
    status: str
    phase: str
    probation_started_at: datetime | None
    probation_ends_at: datetime | None
    status_reason: str
    removal_due_at: datetime | None = None
    decision: DecisionOut

    # Reads a SellerDecision: the seller as the decision left it, and the decision.
    @staticmethod
    def resolve_id(d) -> int:
        return d.seller.pk

    @staticmethod
    def resolve_status(d) -> str:
        return d.seller.status

    @staticmethod
    def resolve_phase(d) -> str:
        return selectors.phase(d.seller)

    @staticmethod
    def resolve_probation_started_at(d) -> datetime | None:
        return d.seller.probation_started_at

    @staticmethod
    def resolve_probation_ends_at(d) -> datetime | None:
        return d.seller.probation_ends_at

    @staticmethod
    def resolve_status_reason(d) -> str:
        return d.seller.status_reason

    @staticmethod
    def resolve_removal_due_at(d) -> datetime | None:
        return d.seller.removal_due_at

    @staticmethod
    def resolve_decision(d) -> dict:
        return selectors.decision_dict(d)


class CapOut(Schema):
    market: str
    timezone: str
    day: str
    used: int
    limit: int
    remaining: int
    resets_at: str


class ProbationOut(Schema):
    started_at: datetime | None
    ends_at: datetime | None
    review_pending: bool
    daily_limit: int
    today: list[CapOut]


class AlertOut(Schema):
    id: int
    metric: str
    window: str
    value: float
    threshold: float
    events: int
    trials: int
    status: str
    opened_at: datetime


class ListingStandingOut(Schema):
    offer_id: int
    market: str
    grade: str
    price: int
    currency: str
    price_to_win: int | None


class RemovalOut(Schema):
    due_at: datetime
    given_at: datetime | None
    reason: str
    statement_id: int | None
    statement_status: str | None


class MetricsOut(Schema):
    seller_id: int
    status: str
    phase: str
    status_reason: str
    removal: RemovalOut | None = None
    quality_score: float | None
    quality_computed_at: datetime | None
    probation: ProbationOut | None
    windows: dict
    thresholds: dict
    alerts: list[AlertOut]
    listings: list[ListingStandingOut]
    history: list[DecisionOut]


class TraceabilityIn(Schema):
    trade_register: Text = Field(..., max_length=200)
    id_document_type: str = Field(
        ..., max_length=20, description="passport, id_card, residence_permit, driving_licence"
    )
    id_document_number: Text = Field(..., max_length=40)
    id_document_holder: Text = Field(..., max_length=150)
    self_certification: bool


class TraceabilityOut(Schema):
    missing: list[str]
    trade_register: str
    id_document_type: str
    id_document_holder: str
    payment_account: bool
    self_certified_at: str | None

    # Reads a Seller.
    @staticmethod
    def resolve_missing(seller) -> list[str]:
        return traceability.missing(seller)

    @staticmethod
    def resolve_payment_account(seller) -> bool:
        return seller.payment_account_at is not None

    @staticmethod
    def resolve_self_certified_at(seller) -> str | None:
        return seller.self_certified_at.isoformat() if seller.self_certified_at else None
