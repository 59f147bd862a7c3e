"""API schemas shared by every router."""

from __future__ import annotations

from ninja import Field, Schema


class FieldError(Schema):
    field: str
    code: str
    message: str


class ProblemOut(Schema):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(..., description="Stable snake_case code, e.g. battery_floor")
    instance: str | None = None
    errors: list[FieldError] | None = None
