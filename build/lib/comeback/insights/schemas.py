"""Insights API shapes: a panel is its columns and raw rows (money in minor units beside its currency)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema

from comeback.core.paging import PageOut
from comeback.core.schemas import ProblemOut

PROBLEMS = {code: ProblemOut for code in (401, 403, 404, 422)}


class ColumnOut(Schema):
    key: str
    label: str
    kind: str


class PanelOut(Schema):
    key: str
    title: str
    columns: list[ColumnOut]
    rows: list[dict[str, Any]]
    notes: list[str]


class FiltersOut(Schema):
    weeks: int
    start: str
    end: str
    previous_start: str
    previous_end: str
    market: str | None
    category: int | None
    seller: int | None
    convert: str | None

    # Reads a `filters.Filters`: its period, the one before it, and the choices made.
    @staticmethod
    def resolve_start(f) -> str:
        return f.start.isoformat()

    @staticmethod
    def resolve_end(f) -> str:
        return f.end.isoformat()

    @staticmethod
    def resolve_previous_start(f) -> str:
        return f.previous[0].isoformat()

    @staticmethod
    def resolve_previous_end(f) -> str:
        return f.previous[1].isoformat()

    @staticmethod
    def resolve_market(f) -> str | None:
        return f.market or None

    @staticmethod
    def resolve_convert(f) -> str | None:
        return f.convert or None


class InsightsOut(Schema):
    correct_to: str | None
    filters: FiltersOut
    panels: list[PanelOut]


class TrustOut(Schema):
    market: str
    since: str
    until: str
    delivered: int
    defect_rate: float | None
    return_rate: float | None
    claim_rate: float | None
    probation_decided: int
    probation_passed: int
    probation_pass_share: float | None
    median_claim_resolution_hours: float | None
    median_tradein_payment_hours: float | None
    tradein_payments_due: int
    tradein_payments_late: int
    tradein_payments_late_share: float | None
    mystery_orders_inspected: int = 0
    mystery_orders_passed: int = 0
    mystery_orders_pass_share: float | None = None
    correct_to: str | None
    formulas: dict[str, Any]


class DeadEventOut(Schema):
    id: int
    topic: str
    payload: dict
    created_at: datetime
    dead_at: datetime
    attempts: int
    last_error: str


class DeadEventPage(PageOut):
    items: list[DeadEventOut]


class ReplayOut(Schema):
    id: int
    replayed: bool
