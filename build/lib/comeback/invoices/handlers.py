"""Outbox handlers: the buyer's invoice is issued when an order is paid (one per seller in it), a credit
note when a line is refunded. Both are idempotent, so a replayed event issues nothing twice."""

from __future__ import annotations

from comeback.core import outbox

from . import services


@outbox.handles("order.created")
def invoice_paid_order(event_id: int, payload: dict) -> None:
    services.issue_sale(order_id=payload["order_id"], seller_id=payload["seller_id"])


@outbox.handles("order.line.refunded")
def credit_refunded_line(event_id: int, payload: dict) -> None:
    services.issue_credit_note(line_id=payload["line_id"])
