"""The hot path's cursors: server-side binding and pipelining on PostgreSQL, plain elsewhere; payment updates."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

from django.db import transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper

from ...models import (
    Payment,
)


class _LoggedCursor(CursorDebugWrapper):
    """Django's query log for the hot path: psycopg forgets a prepared statement's text, so log it as sent."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def _cursor():
    """A cursor for the hot path's hand-written SQL. On PostgreSQL it binds parameters server-side, so with
    prepared statements on (settings' DB_PREPARE_THRESHOLD, 5 by default) each statement is parsed and
    planned once per connection instead of once per checkout; the ORM's cursors are unchanged (client-side
    binding never prepares)."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        with conn.cursor() as cur:
            yield cur
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    conn.ensure_connection()
    conn.validate_thread_sharing()
    wrapper = _LoggedCursor if conn.queries_logged else CursorWrapper
    cur = wrapper(ServerBindingCursor(conn.connection), conn)
    try:
        yield cur
    finally:
        cur.close()


@contextmanager
def _pipeline():
    """On PostgreSQL, send the block's statements without waiting for each answer (psycopg's pipeline mode: one
    round trip instead of one per statement); results, and errors, arrive when the block ends. Elsewhere a no-op."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        yield
        return
    conn.ensure_connection()
    with conn.wrap_database_errors, conn.connection.pipeline():
        yield


_PAYMENT_COLUMNS = frozenset(
    {"status", "provider_ref", "card_last4", "decline_code", "action_url", "refunded_amount", "updated_at"}
)


def _save_payment(payment: Payment, at: datetime, **fields) -> None:
    conn = transaction.get_connection()
    fields["updated_at"] = at
    if not fields.keys() <= _PAYMENT_COLUMNS:
        raise ValueError(f"not a payment column: {sorted(fields.keys() - _PAYMENT_COLUMNS)}")
    adapt = conn.ops.adapt_datetimefield_value
    with _cursor() as cur:
        cur.execute(
            "UPDATE orders_payment SET " + ", ".join(f"{name} = %s" for name in fields) + " WHERE id = %s",
            [adapt(v) if isinstance(v, datetime) else v for v in fields.values()] + [payment.pk],
        )
    for name, value in fields.items():
        setattr(payment, name, value)
