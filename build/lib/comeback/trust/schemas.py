from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from comeback.core.paging import PageOut
from comeback.core.text import Text
from comeback.orders.schemas import ShippingAddress


class MysteryIn(Schema):
    offer_id: int
    shipping_address: ShippingAddress
    payment_method: str = Field(..., min_length=1, max_length=100)


class InspectionIn(Schema):
    grade_as_described: bool
    battery_health: int | None = Field(None, ge=0, le=100)
    wiped: bool
    accessories_ok: bool
    packaging_ok: bool
    notes: Text = Field("", max_length=4000)


class MysteryOut(Schema):
    id: int
    order_id: int
    line_id: int
    offer_id: int
    seller_id: int
    market: str
    status: str
    placed_at: datetime
    grade_as_described: bool | None
    battery_health: int | None
    battery_ok: bool | None
    wiped: bool | None
    accessories_ok: bool | None
    packaging_ok: bool | None
    passed: bool | None
    failures: list[str]
    notes: str
    inspected_at: datetime | None


class MysteryList(PageOut):
    items: list[MysteryOut]


class StatementOut(Schema):
    id: int
    seller_id: int
    kind: str
    subject: str
    facts: str
    rule: str
    automated: bool
    redress: str
    issued_at: datetime
    effective_at: datetime
    immediate_grounds: str
    status: str
    contest_text: str
    contested_at: datetime | None
    outcome_text: str
    decided_at: datetime | None


class StatementList(PageOut):
    items: list[StatementOut]


class ContestIn(Schema):
    text: Text = Field(..., min_length=1, max_length=4000)


class StatementDecisionIn(Schema):
    outcome: str = Field(..., description="upheld or reversed")
    statement: Text = Field(..., min_length=1, max_length=4000)


class ReportIn(Schema):
    offer_id: int
    reason: str = Field(..., description="illegal, unsafe, counterfeit or misleading")
    details: Text = Field(..., min_length=1, max_length=4000)
    email: str = Field("", max_length=254, description="Where staff may answer (optional)")


class ReportOut(Schema):
    id: int
    offer_id: int
    reason: str
    details: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str
    buyers_notified: int


class ReportReceipt(Schema):
    id: int
    status: str
    created_at: datetime


class ReportList(PageOut):
    items: list[ReportOut]


class ReportDecisionIn(Schema):
    action: str = Field(..., description="withdraw or dismiss")
    note: Text = Field(..., min_length=1, max_length=4000)
