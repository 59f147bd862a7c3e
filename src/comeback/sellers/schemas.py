"""API shapes of the sellers context (DESIGN.md §4 sellers)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class ApplicationIn(Schema):
    legal_name: str = Field(..., max_length=400, examples=["Refurb Lyon SAS"])
    display_name: str = Field("", max_length=400, description="Shop name shown to buyers; defaults to the legal name.")
    company_registration: str = Field(..., max_length=100, examples=["732829320"])
    vat_number: str = Field(
        ..., max_length=100, description="EU/GB VAT number, US EIN, JP corporate number (checked per country).",
        examples=["FR40303265045"],
    )
    country: str = Field(..., max_length=10, description="ISO 3166-1 alpha-2 of the registered office.", examples=["FR"])
    address: str = Field(..., max_length=2000)
    contact_name: str = Field(..., max_length=300)
    contact_email: str = Field(..., max_length=300, description="Becomes the seller account's login.")
    contact_phone: str = Field(..., max_length=100)
    markets: list[str] = Field(..., max_length=20, description="Market codes the seller wants to sell in.")
    process_description: str = Field(..., max_length=10000, description="How devices are tested, graded, repaired, wiped.")
    password: str = Field(..., max_length=200, description="Password of the new seller account.")


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
    decision: str = Field(..., max_length=20, description="verify | reject")
    reason: str = Field("", max_length=4000)


class DecisionIn(Schema):
    decision: str = Field(..., max_length=20, description="approve | extend | remove | suspend | reinstate")
    reason: str = Field("", max_length=4000)
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
    decision: DecisionOut


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


class MetricsOut(Schema):
    seller_id: int
    status: str
    phase: str
    status_reason: str
    quality_score: float | None
    quality_computed_at: datetime | None
    probation: ProbationOut | None
    windows: dict
    thresholds: dict
    alerts: list[AlertOut]
    listings: list[ListingStandingOut]
    history: list[DecisionOut]
