"""Outbox events of buying (topics and payloads are the contract with the webhooks app, see the brief
in docs/buying.md "Events"). Every payload carries `seller_id` and the ids it is about."""

from __future__ import annotations

from comeback.core import outbox


def line_payload(line, **extra) -> dict:
    return {
        "order_id": line.order_id,
        "line_id": line.pk,
        "seller_id": line.seller_id,
        "offer_id": line.offer_id,
        "fulfilment_id": line.fulfilment_id,
        "status": str(line.status),
        **extra,
    }


def emit_all(events: list[tuple[str, dict]]) -> None:
    """`outbox.emit` for many events in one INSERT (checkout's hot path), drained once after commit."""
    outbox.emit_many(events)
