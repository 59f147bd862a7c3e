"""The hot path's cursors (core/hot_sql.py: server-side binding and pipelining on PostgreSQL) and payment updates."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from comeback.core import hot_sql

from ...models import (
    Payment,
)

_PAYMENT_COLUMNS = frozenset(
    {"status", "provider_ref", "card_last4", "decline_code", "action_url", "refunded_amount", "updated_at"}
)


def _save_payment(payment: Payment, at: datetime, **fields) -> None:
    conn = transaction.get_connection()
    fields["updated_at"] = at
    if not fields.keys() <= _PAYMENT_COLUMNS:
        raise ValueError(f"not a payment column: {sorted(fields.keys() - _PAYMENT_COLUMNS)}")
    adapt = conn.ops.adapt_datetimefield_value
    with hot_sql.cursor() as cur:
        cur.execute(
            "UPDATE orders_payment SET " + ", ".join(f"{name} = %s" for name in fields) + " WHERE id = %s",
            [adapt(v) if isinstance(v, datetime) else v for v in fields.values()] + [payment.pk],
        )
    for name, value in fields.items():
        setattr(payment, name, value)
