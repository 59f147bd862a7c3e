"""Transactional outbox: `emit` inside the writing transaction, delivery after commit.

Handlers register per topic with `@handles("offer.published")`; each must be idempotent because a crash
between handling and marking processed replays the event.

Delivery (docs/deploy.md "Freshness and healing"):
- A drain *claims* a batch first (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, one guarded UPDATE on
  SQLite, whose writers take turns), so two drains running at once never handle the same event. A claim
  lasts `OUTBOX_CLAIM_SECONDS`: events claimed by a drain that died are claimed again after it.
- A failed attempt backs off (`OUTBOX_RETRY_SECONDS` doubled per attempt, at most an hour); after
  `OUTBOX_MAX_ATTEMPTS` the event is dead: it waits in the dead-letter list for staff to replay it.
- Handlers registered with `handles_many` take every event of their topics in a claimed batch at once (one
  query and one round trip for the batch, not one per event); if one raises, it is called again one event
  at a time, so only the events it fails on are retried.
- Handlers registered with `after_commit=True` also run in the writing process right after its commit
  (`on_commit`), so what they do (making cached pages stale) never waits for a worker; the drain runs
  them again later as the backstop. A writer may hand them what it already read about an event (`known`
  in `emit_many`: an offer's product and market), so they need not read it again; that is never stored.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from comeback.core import clock, hot_sql

log = logging.getLogger(__name__)
_handlers: dict[str, list[Callable[[int, dict], None]]] = defaultdict(list)
_after_commit: dict[str, list[Callable[[list[dict]], None]]] = defaultdict(list)
Event = tuple[int, str, dict]  # id, topic, payload
_batch_handlers: dict[str, list[Callable[[list[Event]], None]]] = defaultdict(list)

BATCH = 100  # events per claim: small enough that a claim is renewed well within its lease
CLAIM_SECONDS = 30
RETRY_SECONDS = 5
RETRY_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 10  # 5 s, 10 s, 20 s … : about 43 minutes of retries before an event is dead


def handles(topic: str):
    def register(fn: Callable[[int, dict], None]):
        _handlers[topic].append(fn)
        return fn

    return register


def handles_many(*topics: str):
    """Register `fn(events)` for these topics: a drain hands it all of a claimed batch's events of them at
    once, as `(id, topic, payload)` oldest first, after their one-at-a-time handlers succeeded. Idempotent,
    as every handler."""

    def register(fn: Callable[[list[Event]], None]):
        for topic in topics:
            _batch_handlers[topic].append(fn)
        return fn

    return register


def after_commit(*topics: str):
    """Also run `fn(payloads)` in the writing process right after the commit that emitted these topics.

    `fn` gets every such payload of the transaction at once (one call per transaction, not per event), must
    be quick and idempotent, and may fail: the outbox handler for the same topics stays the backstop.
    """

    def register(fn: Callable[[list[dict]], None]):
        for topic in topics:
            _after_commit[topic].append(fn)
        return fn

    return register


def emit(topic: str, **payload) -> None:
    emit_many([(topic, payload)])


_INSERT_SQL = (
    "INSERT INTO core_outboxevent (topic, payload, created_at, available_at, processed_at, attempts, last_error,"
    " claimed_by, replayed_by) VALUES "
)


def emit_many(events: list[tuple[str, dict]], *, known: list[dict] | None = None) -> None:
    """Record several events with one INSERT (hot paths such as checkout).

    `known`, one dict an event, is what the writer already read about it and an after-commit handler would
    otherwise read again (an offer's product and market: the pages it shows on). The after-commit handlers get
    it merged into the event's payload; it is never stored, so the drain's handlers and the sellers' webhooks
    see the payload as emitted, and read for themselves."""
    if not events:
        return
    if known is not None and len(known) != len(events):
        raise ValueError(f"{len(known)} known for {len(events)} events")
    # Hand-written: the ORM's bulk_create cost about 1 ms of CPU per call on checkout's hot path; bound
    # server-side, so PostgreSQL plans it once per connection rather than once per call.
    conn = transaction.get_connection()
    ops = conn.ops
    created_at = ops.adapt_datetimefield_value(timezone.now())
    with hot_sql.cursor() as cur:
        cur.execute(
            _INSERT_SQL + ", ".join(["(%s, %s, %s, %s, NULL, 0, '', '', '')"] * len(events)),
            [
                x
                for topic, payload in events
                for x in (topic, ops.adapt_json_value(payload, None), created_at, created_at)
            ],
        )
    _run_after_commit(conn, events, known)
    # One drain per transaction is enough, however many events it emits.
    if not conn.in_atomic_block or not any(entry[1] is _schedule_drain for entry in conn.run_on_commit):
        transaction.on_commit(_schedule_drain)


class _AfterCommit:
    """The payloads of one transaction for the after-commit handlers, gathered as it emits them."""

    def __init__(self):
        self.payloads: dict[Callable, list[dict]] = defaultdict(list)

    def __call__(self) -> None:
        held = _held.get()
        if held is not None:  # inside `one_delivery`: run once, with every transaction's payloads, at its end
            for fn, payloads in self.payloads.items():
                held.after_commit.payloads[fn].extend(payloads)
            return
        for fn, payloads in self.payloads.items():
            try:
                fn(payloads)
            except Exception:  # the write is committed; the outbox handler makes up for it
                log.warning("after-commit handler %s failed; the outbox drain will retry", fn, exc_info=True)


def _run_after_commit(conn, events: list[tuple[str, dict]], known: list[dict] | None) -> None:
    wanted = [
        (fn, {**known[i], **payload} if known and known[i] else payload)
        for i, (topic, payload) in enumerate(events)
        for fn in _after_commit.get(topic, ())
    ]
    if not wanted:
        return
    pending = next((entry[1] for entry in conn.run_on_commit if isinstance(entry[1], _AfterCommit)), None)
    if pending is None or not conn.in_atomic_block:
        pending = _AfterCommit()
        transaction.on_commit(pending)
    for fn, payload in wanted:
        pending.payloads[fn].append(payload)


class _Held:
    """What the transactions committed inside `one_delivery` asked for after their commits."""

    def __init__(self):
        self.after_commit = _AfterCommit()
        self.drain = False


_held: ContextVar[_Held | None] = ContextVar("outbox_one_delivery", default=None)


@contextmanager
def one_delivery() -> Iterator[None]:
    """Run the after-commit handlers and queue the drain once for all the transactions committed in the block,
    when it ends (raising or not), instead of once per commit.

    For a use case of several short transactions (checkout: reserve, pay, confirm): each commit's handlers
    would read and bump the same pages, and each would look for a queued drain. What a transaction rolled
    back never reaches the block (its on_commit hooks are dropped); a crash before the end leaves the events
    to the drain that the scheduler runs, as for any lost after-commit call.
    """
    if _held.get() is not None:  # the outer block delivers
        yield
        return
    held = _Held()
    token = _held.set(held)
    try:
        yield
    finally:
        _held.reset(token)
        held.after_commit()
        if held.drain:
            _schedule_drain()


def _schedule_drain() -> None:
    held = _held.get()
    if held is not None:
        held.drain = True
        return
    from comeback.core.tasks import drain_outbox

    try:
        if not _drain_already_queued(drain_outbox):
            drain_outbox.enqueue()
    except Exception:  # the event is safe in the table; the scheduler's next drain delivers it
        log.warning("could not enqueue an outbox drain", exc_info=True)


def _drain_already_queued(task) -> bool:
    """Whether the database task queue already holds a drain that no worker has claimed yet.

    Such a drain reads the outbox after this commit (a worker commits its claim before running the task),
    so it delivers this transaction's events too: queueing one drain per transaction (one row and one
    commit more per checkout) only piled up drains that found nothing to do. Other backends: False.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    conn = transaction.get_connection()
    adapt = conn.ops.adapt_datetimefield_value
    with hot_sql.cursor() as cur:
        cur.execute(
            f"SELECT 1 FROM {DBTaskResult._meta.db_table} WHERE status = %s AND task_path = %s AND queue_name = %s"
            " AND backend_name = %s AND (run_after = %s OR run_after <= %s) LIMIT 1",
            [
                TaskResultStatus.READY,
                task.module_path,
                task.queue_name,
                backend.alias,
                adapt(get_date_max()),
                adapt(timezone.now()),
            ],
        )
        return cur.fetchone() is not None


# Delivery ---------------------------------------------------------------------------------------------
def _setting(name: str, default):
    return getattr(settings, name, default)


def retry_delay(attempts: int) -> timedelta:
    """How long an event waits after its `attempts`-th failure: doubling from OUTBOX_RETRY_SECONDS."""
    base = _setting("OUTBOX_RETRY_SECONDS", RETRY_SECONDS)
    return min(timedelta(seconds=base * 2 ** max(attempts - 1, 0)), RETRY_MAX)


_CLAIM_SQL = (
    "UPDATE core_outboxevent SET claimed_by = %s, claimed_until = %s WHERE id IN ("
    "SELECT id FROM core_outboxevent WHERE processed_at IS NULL AND dead_at IS NULL AND available_at <= %s"
    " AND (claimed_until IS NULL OR claimed_until < %s) ORDER BY id LIMIT %s{lock})"
    " AND (claimed_until IS NULL OR claimed_until < %s)"
    " RETURNING id, topic, payload, attempts"
)


def claim(*, token: str, limit: int, now: datetime) -> list[tuple[int, str, dict, int]]:
    """Take up to `limit` deliverable events for this drain alone, oldest first, in one statement."""
    conn = transaction.get_connection()
    adapt = conn.ops.adapt_datetimefield_value
    lock = " FOR UPDATE SKIP LOCKED" if conn.vendor == "postgresql" else ""
    until = now + timedelta(seconds=_setting("OUTBOX_CLAIM_SECONDS", CLAIM_SECONDS))
    with transaction.atomic(), conn.cursor() as cur:
        cur.execute(
            _CLAIM_SQL.format(lock=lock),
            [token, adapt(until), adapt(now), adapt(now), limit, adapt(now)],
        )
        rows = cur.fetchall()
    # Raw rows: both databases hand JSON back as text here (the ORM would decode it).
    return [
        (pk, topic, json.loads(payload) if isinstance(payload, str | bytes) else payload, attempts)
        for pk, topic, payload, attempts in sorted(rows)
    ]


def drain(limit: int = BATCH, *, at: datetime | None = None) -> int:
    """Deliver every deliverable event, a claimed batch at a time. Returns how many were processed."""
    token = uuid.uuid4().hex
    done = 0
    while True:
        now = at or clock.now()
        batch = claim(token=token, limit=limit, now=now)
        renew_at = now + timedelta(seconds=_setting("OUTBOX_CLAIM_SECONDS", CLAIM_SECONDS) / 2)
        handled: list[Event] = []
        attempts_of = {pk: attempts for pk, _topic, _payload, attempts in batch}
        for pk, topic, payload, attempts in batch:
            if (at or clock.now()) >= renew_at:  # slow handlers: keep the rest of the batch ours
                renew_at = _renew(token, at or clock.now())
            try:
                for handler in _handlers.get(topic, []):
                    handler(pk, payload)
            except Exception as exc:
                _failed(token, pk, topic, attempts, exc, at)
                continue
            handled.append((pk, topic, payload))
        if handled and (at or clock.now()) >= renew_at:
            _renew(token, at or clock.now())
        failed = {pk: (topic, exc) for pk, topic, exc in _run_batch_handlers(handled)}
        for pk, (topic, exc) in failed.items():
            _failed(token, pk, topic, attempts_of[pk], exc, at)
        done += _processed(token, [pk for pk, _topic, _payload in handled if pk not in failed], at)
        if len(batch) < limit:
            return done


def _run_batch_handlers(events: list[Event]) -> list[tuple[int, str, Exception]]:
    """Each batch handler once with its events of the batch; one that raises is called again per event, so
    that only the events it fails on are retried. Returns those, with what went wrong."""
    by_handler: dict[Callable, list[Event]] = {}
    for event in events:
        for fn in _batch_handlers.get(event[1], ()):
            by_handler.setdefault(fn, []).append(event)
    failed: dict[int, tuple[int, str, Exception]] = {}
    for fn, mine in by_handler.items():
        try:
            fn(mine)
        except Exception:
            for event in mine:
                try:
                    fn([event])
                except Exception as exc:
                    failed.setdefault(event[0], (event[0], event[1], exc))
    return list(failed.values())


def _failed(token: str, pk: int, topic: str, attempts: int, exc: Exception, at: datetime | None) -> None:
    from comeback.core.models import OutboxEvent

    log.warning("outbox handler failed for %s#%s (attempt %s)", topic, pk, attempts + 1, exc_info=exc)
    failed_at = at or clock.now()
    dead = attempts + 1 >= _setting("OUTBOX_MAX_ATTEMPTS", MAX_ATTEMPTS)
    OutboxEvent.objects.filter(pk=pk, claimed_by=token, processed_at__isnull=True).update(
        attempts=attempts + 1,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        available_at=failed_at + retry_delay(attempts + 1),
        dead_at=failed_at if dead else None,
        claimed_by="",
        claimed_until=None,
    )


def _processed(token: str, pks: list[int], at: datetime | None) -> int:
    """Mark a batch's handled events processed in one statement. Guarded: if this drain's claim lapsed and
    another drain took an event, only one of them marks it."""
    from comeback.core.models import OutboxEvent

    if not pks:
        return 0
    return OutboxEvent.objects.filter(pk__in=pks, claimed_by=token, processed_at__isnull=True).update(
        processed_at=at or clock.now(), claimed_by="", claimed_until=None
    )


def _renew(token: str, now: datetime) -> datetime:
    from comeback.core.models import OutboxEvent

    lease = _setting("OUTBOX_CLAIM_SECONDS", CLAIM_SECONDS)
    OutboxEvent.objects.filter(claimed_by=token, processed_at__isnull=True).update(
        claimed_until=now + timedelta(seconds=lease)
    )
    return now + timedelta(seconds=lease / 2)


def dead_letters():
    """Events that used up their attempts, newest first: what staff see and replay."""
    from comeback.core.models import OutboxEvent

    return OutboxEvent.objects.filter(dead_at__isnull=False, processed_at__isnull=True).order_by(
        "-dead_at", "-id"
    )


def replay(*, event_id: int, by: str = "", at: datetime | None = None) -> bool:
    """Give a dead event a new set of attempts (staff, from the dead letters), recording who. Guarded: once."""
    from comeback.core.models import OutboxEvent

    at = at or clock.now()
    replayed = OutboxEvent.objects.filter(
        pk=event_id, dead_at__isnull=False, processed_at__isnull=True
    ).update(
        dead_at=None,
        attempts=0,
        available_at=at,
        claimed_by="",
        claimed_until=None,
        replayed_at=at,
        replayed_by=by[:254],
    )
    if replayed:
        transaction.on_commit(_schedule_drain)
    return bool(replayed)
