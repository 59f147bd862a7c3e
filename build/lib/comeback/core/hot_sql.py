"""Cursors for hand-written SQL on hot paths (checkout, the outbox): server-side binding and pipelining on
PostgreSQL, plain elsewhere."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _LoggedCursor(CursorDebugWrapper):
    """Django's query log for the hot path: psycopg forgets a prepared statement's text, so log it as sent."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def cursor():
    """A cursor for hand-written SQL. On PostgreSQL it binds parameters server-side, so with prepared
    statements on (settings' DB_PREPARE_THRESHOLD, 5 by default) each statement is parsed and planned once
    per connection instead of once per call; the ORM's cursors are unchanged (client-side binding never
    prepares)."""
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
def pipeline():
    """On PostgreSQL, send the block's statements without waiting for each answer (psycopg's pipeline mode: one
    round trip instead of one per statement); results, and errors, arrive when the block ends. Elsewhere a no-op."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        yield
        return
    conn.ensure_connection()
    with conn.wrap_database_errors, conn.connection.pipeline():
        yield
