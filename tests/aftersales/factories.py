"""Building blocks for after-sales tests: delivered lines, photos and claims, through the real services."""

from __future__ import annotations

import io
from datetime import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from comeback.aftersales import services
from comeback.orders.payments.testing import CARD_SUCCEEDS
from tests.factories import OfferFactory, UserFactory
from tests.images import PNG
from tests.orders.helpers import place_order, walk


def photo(
    content: bytes = PNG, name: str = "fault.png", content_type: str = "image/png"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def delivered_line(
    *, buyer=None, seller=None, market: str = "FR", at: datetime | None = None, **offer_fields
):
    """A line bought and delivered at `at` (the clock must be there: the order services read it)."""
    currency = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}[market]
    offer_kwargs = {
        "market_id": market,
        "currency": currency,
        "price_amount": 30000,
        "quantity": 5,
        **offer_fields,
    }
    if seller is not None:
        offer_kwargs["seller"] = seller
    offer = OfferFactory(**offer_kwargs)
    buyer = buyer or UserFactory()
    order = place_order(buyer, offer, market=market, card=CARD_SUCCEEDS, at=at)
    line = order.lines.select_related("order", "offer", "seller").get()
    return walk(line, "delivered", at=at)


def open_claim(line, *, at=None, fault="screen", photos=None, **fields):
    draft = services.ClaimDraft(
        line_id=line.pk,
        fault=fault,
        description=fields.pop("description", "The screen flickers and goes black."),
        photos=list(photos or []),
        **fields,
    )
    return services.open_claim(buyer=line.order.buyer, draft=draft, at=at)


def stream(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)


def post_claim(api_client, line, *, photos=None, **fields):
    """POST /api/v1/warranty/claims as multipart (fields + photos) with the client's token."""
    from tests.conftest import Reply

    data = {
        "line_id": line.pk,
        "fault": "screen",
        "description": "The screen flickers and goes black.",
        **fields,
    }
    if photos:
        data["photos"] = photos
    return Reply(api_client.client.post("/api/v1/warranty/claims", data, headers=api_client._headers(None)))
