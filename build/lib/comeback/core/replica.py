"""An optional read replica (`DATABASE_REPLICA_URL`) for catalogue and insights reads (docs/deploy.md
"PostgreSQL at scale").

Which reads go there: those of the REPLICA_APPS' models, made while serving a GET or HEAD of a path in
REPLICA_ROUTES (catalogue pages, the products API, the insights dashboard), outside any transaction on the
primary. Everything else — writes, reads in a transaction, sessions and accounts, every task and scheduled
job — stays on the primary.

Reads that must see a write see it, on whichever node they arrive: every request that may have written
(any method but GET, HEAD, OPTIONS) records the primary's WAL position after it, in the shared cache, as a
maximum. A request that would read the replica first asks it how far it has replayed (one query, once per
request): behind that position, or unreachable, the whole request reads the primary. So a price written
through node A is never read back stale from the replica by node B — nor cached stale in the page cache.
Writes made by tasks are not recorded: what they change (quality scores, rollups) may reach the replica's
readers after its replay lag, typically well under a second.
"""

from __future__ import annotations

import contextvars
import logging
import re
from functools import cached_property

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections

log = logging.getLogger(__name__)

REPLICA = "replica"
POSITION_KEY = "replica:primary-lsn"
POSITION_TTL = 24 * 3600  # a replica a day behind is broken; /readyz and monitoring say so long before
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_APPS = frozenset({"catalog", "offers", "sellers", "insights"})

# The request being served may read the replica: None outside such a request (tasks, writes, other pages).
_eligible: contextvars.ContextVar[ReplicaRead | None] = contextvars.ContextVar("replica_read", default=None)

_RAISE_TO = """
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
return 0
"""


def configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRead:
    """One request's decision, taken at its first routed read and kept for the rest of it."""

    @cached_property
    def usable(self) -> bool:
        from django.core.cache import cache

        try:
            needed = cache.get(POSITION_KEY) or 0
            with connections[REPLICA].cursor() as cur:
                cur.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")
                (replayed,) = cur.fetchone()
        except Exception as error:  # replica or cache away: the primary answers, the request does not fail
            log.warning("replica not used: %s", type(error).__name__)
            return False
        # NULL: not a standby (a primary given as replica, e.g. in tests) — it has everything it has.
        return replayed is None or replayed >= int(needed)


class ReplicaRouter:
    """Send eligible reads to the replica; every write, migration and relation check stays on the primary."""

    def db_for_read(self, model, **hints):
        state = _eligible.get()
        if state is None or model._meta.app_label not in _apps():
            return None
        if connections["default"].in_atomic_block:
            return None  # a transaction reads what it writes
        return REPLICA if state.usable else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: one database for relations

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


def _apps() -> frozenset[str]:
    return frozenset(getattr(settings, "REPLICA_APPS", DEFAULT_APPS))


def _routes() -> list[re.Pattern]:
    return [re.compile(r) for r in getattr(settings, "REPLICA_ROUTES", ())]


def note_write() -> None:
    """Raise the shared record of the primary's WAL position to where it is now (after this request's commits)."""
    from django.core.cache import cache

    try:
        with connections["default"].cursor() as cur:
            cur.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")
            (position,) = cur.fetchone()
        raise_to(cache, POSITION_KEY, int(position))
    except Exception as error:  # the write is done; a lost record only costs replica reads their freshness
        log.warning("primary position not recorded: %s", type(error).__name__)


def raise_to(cache, key: str, value: int) -> None:
    """`cache[key] = max(cache[key], value)`, atomically on Redis (several nodes write it)."""
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client_of is not None:
        client_of(key, write=True).eval(_RAISE_TO, 1, cache.make_and_validate_key(key), value, POSITION_TTL)
        return
    current = cache.get(key) or 0  # one process (local memory): no other writer races it
    if value > current:
        cache.set(key, value, POSITION_TTL)


class ReplicaMiddleware:
    """Marks the requests whose reads may go to the replica, and records the primary's position after writes."""

    def __init__(self, get_response):
        if not configured():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.routes = _routes()

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        eligible = safe and any(r.match(request.path_info) for r in self.routes)
        token = _eligible.set(ReplicaRead() if eligible else None)
        try:
            response = self.get_response(request)
        finally:
            _eligible.reset(token)
        if not safe:
            note_write()
        return response
