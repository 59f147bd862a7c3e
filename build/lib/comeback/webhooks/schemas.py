from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema


class SubscriptionIn(Schema):
    url: str = Field(..., max_length=2000, examples=["https://example.com/comeback/hooks"])
    events: list[str] = Field(
        ...,
        examples=[["order.line.paid", "return.requested"]],
        description='Event types (docs/webhooks.md), or ["*"] for all.',
    )
    description: str = Field("", max_length=1000)
    active: bool = True


class SubscriptionPatch(Schema):
    url: str | None = Field(None, max_length=2000)
    events: list[str] | None = None
    description: str | None = Field(None, max_length=1000)
    active: bool | None = None


class SubscriptionOut(Schema):
    id: int
    url: str
    events: list[str]
    description: str
    active: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_active(obj) -> bool:
        return obj.is_active


class SubscriptionCreatedOut(SubscriptionOut):
    secret: str = Field(..., description="Signs every delivery. Shown once: store it now.")


class DeliveryOut(Schema):
    id: int
    event_id: str
    type: str
    status: str = Field(..., description="pending | succeeded | failed (a retry is scheduled) | gave_up")
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str
    response_excerpt: str
    data: dict
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_type(obj) -> str:
        return obj.topic

    @staticmethod
    def resolve_data(obj) -> dict:
        return obj.payload
