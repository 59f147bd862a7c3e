from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from comeback.core.paging import PageOut
from comeback.core.text import Text


class DeviceAlertOut(Schema):
    id: int
    identifier: str
    kind: str
    context: str
    ref: str
    seller_id: int | None
    reason: str
    source: str
    status: str
    created_at: datetime
    closed_at: datetime | None
    note: str


class AlertList(PageOut):
    items: list[DeviceAlertOut]


class CloseIn(Schema):
    note: Text = Field(..., min_length=1, max_length=2000)


class HandOverIn(Schema):
    identifier: Text = Field(..., min_length=4, max_length=64)
    to_seller_id: int
    reason: Text = Field(..., min_length=1, max_length=300)


class HandOverOut(Schema):
    id: int
    identifier: str
    from_seller_id: int | None
    to_seller_id: int
    reason: str
    at: datetime
