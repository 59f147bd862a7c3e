"""The search snapshot every node shares (docs/decisions/0003-search-snapshot.md, amended).

A large market's snapshot (snapshot.py) is built by one process for the whole fleet and stored in the shared
cache (Redis, or files under var/ on a single machine), beside a stamp that carries its build time: the
stamp is a page-cache generation (storefront/pagecache.py `search_gen_key`), so listing pages cached from an older
snapshot become stale when a newer one is published, and a page is stored only under the snapshot it was
rendered from. Each process keeps the snapshot it loaded while the stamp stays the same.

Staleness bound (tested with two nodes in tests/storefront/test_snapshot_share.py):
- The scheduler's `search-snapshots` job (every REFRESH_SECONDS) patches a market whose listings changed after
  its snapshot was read (snapshot_patch.py: the products the outbox names, read again; a process holding the
  previous snapshot applies the patch when it next searches), or rebuilds it in full when a patch cannot say
  the change or its snapshot predates a probation deadline that has passed. Each market is judged when the job
  reaches it, so changes made while it patched the markets before never make it wait for the next run. A full
  build is shared as a patch too (the entries it finds different), so holders never load a whole market again.
  The backstop's full builds (snapshot_patch.full_due) run in a job of their own, `search-snapshots-backstop`,
  one market at a time, so the patches of the other markets go on meanwhile. A listing change therefore reaches
  search within REFRESH_SECONDS plus the patches of one run (milliseconds each), or one build (about 0.5 s of
  CPU at benchmark scale) when a patch cannot say it or the backstop is rebuilding that market.
- Whatever the scheduler does, a process that searches a market whose snapshot lags a listing change by more
  than twice REBUILD_SECONDS rebuilds it itself, in the background (one process in the fleet: a claim in the
  shared cache), and serves the previous snapshot meanwhile.
- Product pages, carts and checkout never read a snapshot: they are exact at once.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.cache import caches
from django.db import connections

from comeback.core import markets, scheduler

from . import pagecache, snapshot_patch, survival
from . import snapshot as snap_module
from .snapshot import MarketSnapshot

log = logging.getLogger(__name__)

REBUILD_SECONDS = 5
BACKSTOP_SECONDS = 5  # the backstop's job: is a market's full build due (snapshot_patch.full_due)?
REFRESH_SECONDS = 2  # the scheduler's job: a patch costs milliseconds, a full build is rarer
PATCH_SECONDS = 3600  # a stored patch outlives its place in the chain (KEPT_PATCHES links) by far
BUILD_CLAIM_SECONDS = 120  # a builder that died frees its claim after this
_SMALL = "small"  # the stamp of a market searched in SQL

_local: dict[str, MarketSnapshot] = {}  # this process's copy of each market's shared snapshot
_small: dict[str, tuple[str | None, float]] = {}  # markets searched in SQL: (stamp then, when it was found)
_loading: dict[str, threading.Lock] = defaultdict(threading.Lock)
_first_loads: dict[str, threading.Lock] = defaultdict(threading.Lock)  # _first_copy: one load per market


def _store():
    return caches[settings.PAGE_CACHE_GENERATIONS]


def rebuild_seconds() -> float:
    return getattr(settings, "COMEBACK_SEARCH_SNAPSHOT_SECONDS", REBUILD_SECONDS)


def _blob_key(market: str) -> str:
    return f"search:snapshot:{snap_module._database()}:{market}"


def _chain_key(market: str) -> str:
    """The chain of the market's patches (snapshot_patch.py): (the stamp of the shared full build, [Link])."""
    return f"search:patches:{snap_module._database()}:{market}"


def _patch_key(market: str, stamp: str) -> str:
    """One patch, stored on its own: a process fetches only the patches it lacks, never the whole chain."""
    return f"search:patch:{snap_module._database()}:{market}:{stamp}"


class Link(NamedTuple):
    """A patch as the chain names it: the stamp it applies to, the stamp of the result, whether it is a full build."""

    base: str
    stamp: str
    full: bool


def _claim_key(market: str) -> str:
    return f"search:building:{snap_module._database()}:{market}"


def clear() -> None:
    """Forget every snapshot, this process's and the shared ones (tests, and a catalogue import)."""
    _local.clear()
    _small.clear()
    for market in markets.codes():
        _store().delete_many(
            [_blob_key(market), _chain_key(market), _claim_key(market), pagecache.search_gen_key(market)]
        )


# Publishing -------------------------------------------------------------------------------------------------
def publish(market: str) -> MarketSnapshot | None:
    """Build the market's snapshot and share it: the blob first, then the chain (the build as a patch of the
    snapshot the fleet holds, snapshot_patch.diff), then the stamp that points to it."""
    built = snap_module.build(market)
    token = pagecache.token_at(built.as_of)
    if built.offer_count < snap_module._min_offers() // 2:  # most offers sold out or hidden since: SQL again
        _store().set(_blob_key(market), _SMALL, timeout=None)
        pagecache.set_generation(pagecache.search_gen_key(market), token)
        _local.pop(market, None)
        return None
    built.stamp = built.full_stamp = token
    chain, held = _chain(market), _local.get(market)
    if chain is not None and held is not None and held.database == built.database:
        held = _patched(held, _end(chain), chain)
    else:
        held = None
    tail = []
    if held is not None:  # holders apply the difference instead of loading it all
        diff = snapshot_patch.diff(held, built)
        survival.keep(market, held, diff, {_patch_key(market, token): _pack(diff)}, timeout=PATCH_SECONDS)
        tail = [*chain[1], Link(held.stamp, token, True)][-snapshot_patch.KEPT_PATCHES :]
    _store().set(_blob_key(market), _pack(built), timeout=None)
    _store().set(_chain_key(market), _pack((token, tail)), timeout=None)
    pagecache.set_generation(pagecache.search_gen_key(market), token)
    _local[market] = built
    return built


def publish_patch(
    market: str, current: MarketSnapshot, products: set[int], events: tuple[int, frozenset[int]], as_of: float
):
    """Publish the entries of these products as a patch of `current` (the market's shared snapshot): the chain
    first, then the stamp that points to its end. None when `current` is not the chain's end (rebuild it)."""
    chain = _chain(market)
    if chain is not None and _end(chain) != current.stamp:  # the backstop built it meanwhile: patch that
        current = _patched(_local.get(market, current), _end(chain), chain)
    if chain is None or current is None:
        return None
    patch = snapshot_patch.build_patch(
        current, products, as_of=as_of, events_upto=events[0], events_missing=events[1]
    )
    patched = snapshot_patch.apply(current, patch)
    packed = {_patch_key(market, patch.stamp): _pack(patch)}
    survival.keep(market, current, patch, packed, timeout=PATCH_SECONDS)
    links = [*chain[1], Link(patch.base, patch.stamp, False)][-snapshot_patch.KEPT_PATCHES :]
    _store().set(_chain_key(market), _pack((chain[0], links)), timeout=None)
    pagecache.set_generation(pagecache.search_gen_key(market), patch.stamp)
    _local[market] = patched
    return patched


def _pack(value) -> bytes:
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def _end(chain: tuple[str, list]) -> str:
    """The stamp the chain leads to: its last patch's, or the full build's when none followed it."""
    return chain[1][-1].stamp if chain[1] else chain[0]


def _chain(market: str) -> tuple[str, list[Link]] | None:
    """(the stamp of the shared full build, the links of the patches that lead to the current stamp): the last
    KEPT_PATCHES, some older than the full build, so a process holding an earlier stamp catches up by patches."""
    return _unpack(_store().get(_chain_key(market)))  # None: a full rebuild starts one


def _patched(snap: MarketSnapshot, stamp: str, chain: tuple[str, list] | None) -> MarketSnapshot | None:
    """`snap` brought to `stamp` by the chain's patches after it; None when the chain does not lead there."""
    if snap.stamp == stamp:
        return snap
    if chain is None:  # a stamp names one state of the market: any patch based on it applies
        return None
    links = chain[1]
    start = next((i for i, p in enumerate(links) if p.base == snap.stamp), None)
    end = next((i for i, p in enumerate(links) if p.stamp == stamp), None)
    if start is None or end is None or end < start:
        return None
    keys = [_patch_key(snap.market, link.stamp) for link in links[start : end + 1]]
    got = _store().get_many(keys)
    for key in keys:
        patch = _unpack(got.get(key))
        if patch is None:  # expired, or written by another release
            return None
        snap = snapshot_patch.apply(snap, patch)
    return snap


def _patch(market: str, stamp: str) -> snapshot_patch.Patch | None:
    return _unpack(_store().get(_patch_key(market, stamp)))


def _unpack(packed):
    if packed is None:
        return None
    try:
        return pickle.loads(zlib.decompress(packed))
    except Exception:  # written by another release
        return None


def _load(market: str, stamp: str) -> MarketSnapshot | None | str:
    blob = _store().get(_blob_key(market))
    if blob is None:
        return None
    if blob == _SMALL:
        return _SMALL
    try:
        loaded: MarketSnapshot = pickle.loads(zlib.decompress(blob))
    except Exception:  # written by another release (a class moved or changed shape): build a new one
        log.warning("the shared %s search snapshot cannot be read by this release; rebuilding it", market)
        return None
    if not isinstance(loaded, MarketSnapshot):
        return None
    _share_attributes(loaded)
    return _patched(loaded, stamp, _chain(market) if loaded.stamp != stamp else None)


def _share_attributes(loaded: MarketSnapshot) -> None:
    """The variants' attributes are the catalogue's, the same in every market: a loaded copy uses another
    market's dict when they are equal (one instead of one per market: hundreds of MB at ten times the catalogue).
    Safe: a patch never changes a snapshot's dict, it makes a new one (snapshot_patch.apply)."""
    for held in list(_local.values()):
        if held.database == loaded.database and held.variant_attrs == loaded.variant_attrs:
            loaded.variant_attrs = held.variant_attrs
            return


def _behind(snap: MarketSnapshot, listing_token: str | None, *, now: float, after: float) -> bool:
    """Whether a change it cannot show is older than `after` seconds: a listing event, or a deadline."""
    changed = pagecache.token_time(listing_token)
    # An event's time is rounded up to the millisecond: one just made may read as up to that far ahead of now.
    if changed is not None and changed > snap.as_of and now + pagecache.TOKEN_RESOLUTION - changed >= after:
        return True
    return snap.valid_until is not None and now >= snap.valid_until + after


def _rebuild_claimed(market: str, *, wait: bool, patch: tuple | None = None) -> None:
    """Rebuild and publish if no other process of the fleet is doing it (a claim in the shared cache); with
    `patch` (the current snapshot, the changed products, the newest event read), publish a patch if it can."""
    if not _store().add(_claim_key(market), 1, timeout=BUILD_CLAIM_SECONDS):
        return

    in_thread = not wait and snap_module.BACKGROUND_REFRESH

    def run():
        try:
            if patch is None or publish_patch(market, *patch) is None:
                publish(market)
        except Exception:
            log.exception("could not rebuild the %s search snapshot", market)
        finally:
            _store().delete(_claim_key(market))
            if in_thread:
                connections.close_all()  # this thread's own connections, never the caller's

    if in_thread:
        threading.Thread(target=run, name=f"snapshot-{market}", daemon=True).start()
    else:
        run()


# Reading ----------------------------------------------------------------------------------------------------
def for_market(market: str) -> MarketSnapshot | None:
    """The market's shared snapshot (None: search it in SQL). Loads a newer one when it is published."""
    stamp_key, listing_key = pagecache.search_gen_key(market), pagecache.listing_gen_key(market)
    try:
        got = _store().get_many([stamp_key, listing_key])
    except Exception:  # the shared cache is away: keep what this process has, or search in SQL
        log.warning("shared cache unreachable; search uses this process's snapshot or SQL", exc_info=True)
        return _local.get(market)
    stamp, listing = got.get(stamp_key), got.get(listing_key)
    local = _local.get(market)
    if local is not None and local.database == snap_module._database() and local.stamp != stamp and stamp:
        # A few products changed: their entries, applied here in milliseconds rather than a reload.
        patched = _patched(local, stamp, _chain(market))
        if patched is not None:
            _local[market] = local = patched
    if local is not None and (local.database != snap_module._database() or local.stamp != stamp):
        if snap_module.BACKGROUND_REFRESH and local.database == snap_module._database() and stamp is not None:
            _load_in_background(market, stamp)
            return _used(local)  # the page is not stored: it is not rendered from the current snapshot
        local = None
    if local is None:
        local = _first_copy(market, stamp)
        if local is None:
            return _used(None)
    if _behind(local, listing, now=time.time(), after=2 * rebuild_seconds()):
        _rebuild_claimed(market, wait=False)  # the scheduler is late: this process takes the job
    return _used(local)


def _first_copy(market: str, stamp: str | None) -> MarketSnapshot | None:
    """This process's first copy of the market's snapshot, loaded (or built, if the fleet has none), or None: a
    small market, searched in SQL. One load at a time per market: a search that comes while the warm-up
    (snapshot_warm.py) or another thread loads the market waits for that copy instead of loading a second."""
    with _first_loads[market]:
        held = _local.get(market)
        if held is not None and held.database == snap_module._database():
            return held  # loaded meanwhile: a later stamp is caught up by the next search, as for any copy
        small = _small.get(market)
        if small is not None and small[0] == stamp and time.monotonic() - small[1] < rebuild_seconds():
            return None
        loaded = _load(market, stamp) if stamp is not None else None
        if loaded == _SMALL or (loaded is None and _is_small(market)):
            if loaded is None:
                _store().set(_blob_key(market), _SMALL, timeout=None)
            _small[market] = (stamp, time.monotonic())
            return None
        if loaded is None:  # never built for this fleet, evicted, or stamp and blob out of step: build it
            _rebuild_claimed(market, wait=True)
            return _local.get(market) or _waited(market)
        _local[market] = loaded
        return loaded


def _used(snap: MarketSnapshot | None) -> MarketSnapshot | None:
    pagecache.rendered_from(snap.stamp if snap is not None else None)
    return snap


def _is_small(market: str) -> bool:
    from comeback.offers.models import Offer, OfferStatus

    return (
        Offer.objects.filter(market_id=market, status=OfferStatus.ACTIVE).count() < snap_module._min_offers()
    )


def _waited(market: str) -> MarketSnapshot | None:
    """Another process is building the first snapshot: wait for it rather than build a second one."""
    deadline = time.monotonic() + BUILD_CLAIM_SECONDS
    while time.monotonic() < deadline:
        stamp = _store().get(pagecache.search_gen_key(market))
        if stamp is not None:
            loaded = _load(market, stamp)
            if loaded == _SMALL:
                return None
            if loaded is not None:
                _local[market] = loaded
                return loaded
        if _store().add(_claim_key(market), 1, timeout=BUILD_CLAIM_SECONDS):  # the builder died
            _store().delete(_claim_key(market))
            return publish(market)
        time.sleep(0.05)
    return None


def _load_in_background(market: str, stamp: str) -> None:
    lock = _loading[market]
    if not lock.acquire(blocking=False):
        return

    def run():
        try:
            loaded = _load(market, stamp)
            if isinstance(loaded, MarketSnapshot):
                _local[market] = loaded
            elif loaded == _SMALL:
                _local.pop(market, None)
        except Exception:
            log.exception("could not load the %s search snapshot", market)
        finally:
            lock.release()

    threading.Thread(target=run, name=f"snapshot-load-{market}", daemon=True).start()


# The scheduler's job ----------------------------------------------------------------------------------------
@scheduler.every(timedelta(seconds=REFRESH_SECONDS), "search-snapshots")
def refresh_behind(*, clock: Callable[[], float] = time.time) -> list[str]:
    """Patch or rebuild every shared snapshot that misses a listing change or a passed deadline (a patch when
    snapshot_patch.py can express the changes), then the backstop's full build of at most one market, the one
    built longest ago. Returns the markets patched or rebuilt. `clock`: the wall clock, read once per market."""
    rebuilt = []
    for market in markets.codes():
        stamp_key, listing_key = pagecache.search_gen_key(market), pagecache.listing_gen_key(market)
        got = _store().get_many([stamp_key, listing_key])
        stamp = got.get(stamp_key)
        if stamp is None:
            continue  # nobody searched it yet: the first search builds it
        chain = _chain(market)
        current = _local.get(market)
        if current is not None and current.stamp != stamp:
            current = _local[market] = _patched(current, stamp, chain) or current
        if current is None or current.stamp != stamp:
            loaded = _load(market, stamp)
            if loaded == _SMALL:
                changed = pagecache.token_time(got.get(listing_key))
                if (
                    changed is not None
                    and changed > (pagecache.token_time(stamp) or 0)
                    and not _is_small(market)
                ):
                    _rebuild_claimed(market, wait=True)  # it grew: search it from a snapshot from now on
                    rebuilt.append(market)
                continue
            if loaded is None:
                continue
            current = _local[market] = loaded
        # This market's own now: churn elsewhere during this run must not put it off to the next.
        now = clock()
        if _behind(current, got.get(listing_key), now=now, after=0):
            _rebuild_claimed(market, wait=True, patch=_patch_of(market, current, chain, now=now, clock=clock))
            rebuilt.append(market)
    return rebuilt


@scheduler.every(timedelta(seconds=BACKSTOP_SECONDS), "search-snapshots-backstop")
def rebuild_due(*, clock: Callable[[], float] = time.time) -> list[str]:
    """The full build the backstop wants (snapshot_patch.full_due) of at most one market, the one built longest
    ago, among those this process keeps up by `refresh_behind`. Its own job: a build costs 0.3-1 s of CPU (seconds
    on a busy machine), and the other markets' patches go on meanwhile. Returns the market rebuilt."""
    now, due = clock(), []
    for market in markets.codes():
        current, chain = _local.get(market), _chain(market)
        if current is None or chain is None or _end(chain) != current.stamp:
            continue  # not kept up here, or a patch to catch up first
        built_at = pagecache.token_time(current.full_stamp) or 0.0
        changed = pagecache.token_time(_store().get(pagecache.listing_gen_key(market)))
        if changed is not None and changed > built_at and snapshot_patch.full_due(current, chain[1], now=now):
            due.append((built_at, market))
    if not due:
        return []
    market = min(due)[1]
    _rebuild_claimed(market, wait=True)
    return [market]


def _patch_of(
    market: str, current: MarketSnapshot, chain: tuple | None, *, now: float, clock: Callable[[], float]
) -> tuple | None:
    """(snapshot, products, newest event, as of) for a patch, or None when only a full rebuild shows the
    changes: a deadline passed, no chain leading to `current`, or changes no offer or seller event names."""
    if chain is None or _end(chain) != current.stamp:
        return None
    if current.valid_until is not None and now >= current.valid_until:
        return None
    as_of = clock()  # before the outbox is read: a change whose event is not read reads as newer
    changed, newest, missing = snapshot_patch.changed_products(current.events_upto, current.events_missing)
    products = (changed or {}).get(market)
    if not products:  # the listings moved for a reason no offer event gives: read everything again
        return None
    return current, products, (newest, missing), as_of
