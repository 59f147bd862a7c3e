"""Stored listing pages that survive a newer search snapshot which cannot change them (docs/decisions/0004-page-cache.md,
amendment "pages a patch cannot change").

Why: under churn the scheduler publishes a snapshot patch every ~2 s, each with a new stamp, and every stored search,
category and product-list page of the market went stale, though a patch touches a handful of products that most
pages cannot show. Re-running the search to check a page cost two thirds of a render (tried and taken back); this
costs the set of products the patches touched, read once per process per pair of stamps.

What a page of `pagecache.SNAPSHOT_LISTINGS` reads from the snapshot: only in `browse/paging.run_search`, and there
only the entries of its candidates (and their variants' attributes): the products the words matched, or every
product of the category (and brand) asked. Cards, totals, pages, facet counts and every sort (text rank, offers,
price, release, best seller rating) are worked out from those entries alone: no order reads a product outside them.
So the page a render from the newer snapshot gives is the stored page, byte for byte, when
- no product a patch between the two stamps touched is a candidate of any search the page ran: its id is not among
  the words' matches, and neither its old nor its new entry is of the category and brand asked;
- the catalogue version (catalog/kept.py: the search index, the vocabulary that corrects words, the categories,
  brands and cards) is the one the page was rendered under;
- the catalogue generation and the page's time (the next probation deadline) still hold, as for any hit.
A search over the whole market (the popular models shown when words find nothing, an unfiltered list) is never
kept through a patch, nor a page whose words matched more than MAX_IDS products, nor a chain of stamps this
process cannot follow (a patch expired, a full load of the market, a snapshot of another database).

Each published patch stores beside it what it touched (`touched_by`): the product ids and the (brand, category) of
their entries before and after, so a page's check never reads a patch's entries.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import caches

from comeback.catalog import kept

MAX_IDS = 2_000  # a page's matched ids kept beside it at most (a few KB); past that it is rendered again
MEMO = 512  # pairs of stamps remembered per process

# The candidates of each search the page being rendered ran: ("ids", ids) for words, ("where", categories,
# brand) without; None for a search that cannot be kept (the whole market, too many ids).
_parts: ContextVar[list | None] = ContextVar("listing_searches", default=None)
_between: dict[tuple[str, str, str], tuple[frozenset, frozenset] | None] = {}


def begin():
    """Start noting the searches of a page rendered for the page cache; `end(token)` answers them."""
    return _parts.set([])


def end(token) -> tuple | None:
    """The searches the page ran, or None when one of them cannot be kept."""
    parts = _parts.get()
    _parts.reset(token)
    return None if parts is None or None in parts else tuple(parts)


def searched(*, ids=None, category_ids=None, brand_id=None) -> None:
    """A search read the snapshot for these candidates: the words' matches (`ids`), else the category and brand."""
    parts = _parts.get()
    if parts is None:
        return
    if ids is not None:
        parts.append(("ids", frozenset(ids)) if len(ids) <= MAX_IDS else None)
    elif category_ids is None and brand_id is None:
        parts.append(None)  # the whole market: any patch concerns it
    else:
        parts.append(("where", None if category_ids is None else frozenset(category_ids), brand_id))


def touched_by(before, patch) -> tuple[frozenset[int], frozenset[tuple[int, int]]]:
    """What a patch (or a full build's diff) of the snapshot `before` touches: its products, those whose variants'
    attributes it changes, and the (brand, category) of their entries before and after."""
    pids = set(patch.entries)
    covered: set[int] = set()
    for pid in pids:
        for e in (before.entries.get(pid), patch.entries[pid]):
            if e is not None:
                covered.update(e.everything.variants)
    others = patch.variant_attrs.keys() - covered
    if others:  # attributes a full build read again: the products selling those variants
        pids.update(pid for pid, e in before.entries.items() if not others.isdisjoint(e.everything.variants))
    kinds = {
        (e.brand_id, e.category_id)
        for pid in pids
        for e in (before.entries.get(pid), patch.entries.get(pid))
        if e is not None
    }
    return frozenset(pids), frozenset(kinds)


def touched_key(database: str, market: str, stamp: str) -> str:
    return f"search:touched:{database}:{market}:{stamp}"


def keep(market: str, before, patch, packed: dict, *, timeout: int) -> None:
    """A patch's own keys (`packed`) and, beside them, what it touched, in one write."""
    from . import snapshot as snap_module

    touched = touched_key(snap_module._database(), market, patch.stamp)
    _store().set_many({**packed, touched: touched_by(before, patch)}, timeout=timeout)


def _store():
    return caches[settings.PAGE_CACHE_GENERATIONS]


def between(market: str, old: str, new: str) -> tuple[frozenset, frozenset] | None:
    """What the patches from stamp `old` to `new` touched, or None when the chain does not lead there."""
    key = (market, old, new)
    if key in _between:
        return _between[key]
    from . import snapshot as snap_module
    from . import snapshot_share

    found = None
    chain = snapshot_share._chain(market)
    links = chain[1] if chain is not None else []
    start = next((i for i, link in enumerate(links) if link.base == old), None)
    stop = next((i for i, link in enumerate(links) if link.stamp == new), None)
    if (
        start is not None
        and stop is not None
        and start <= stop
        and all(links[i].base == links[i - 1].stamp for i in range(start + 1, stop + 1))
    ):
        database = snap_module._database()
        keys = [touched_key(database, market, link.stamp) for link in links[start : stop + 1]]
        got = _store().get_many(keys)
        if len(got) == len(keys):
            pids, kinds = set(), set()
            for k in keys:
                pids.update(got[k][0])
                kinds.update(got[k][1])
            found = (frozenset(pids), frozenset(kinds))
    if len(_between) >= MEMO:
        _between.clear()
    _between[key] = found
    return found


def concerns(searches: tuple, touched: tuple[frozenset, frozenset]) -> bool:
    """Whether a touched product is a candidate of one of the page's searches."""
    pids, kinds = touched
    for part in searches:
        if part[0] == "ids":
            if not part[1].isdisjoint(pids):
                return True
        else:
            _, cats, brand = part
            if any((cats is None or c in cats) and (brand is None or b == brand) for b, c in kinds):
                return True
    return False


def still_exact(entry: dict, market: str, old: str, new: str, *, catalogue_version) -> bool:
    """A listing page stored under snapshot stamp `old` is what a render under `new` gives."""
    searches = entry.get("searches")
    if searches is None or entry.get("catalogue_version") != catalogue_version or catalogue_version is None:
        return False
    touched = between(market, old, new)
    return touched is not None and not concerns(searches, touched)


def carried(entry: dict, current: list, market: str) -> dict | None:
    """The stored listing page `entry` under the current generations, when it is stale only through a newer
    snapshot that cannot change it, within its time and not lagging (pagecache._lagging); else None."""
    gens = entry["gens"]
    if entry.get("searches") is None or len(gens) != 3 or len(current) != 3 or gens[2] == current[2]:
        return None  # not a listing page kept with its searches, or not stale through a newer snapshot
    from .pagecache import ANY, _lagging  # pagecache imports this module

    if not (
        gens[1] == ANY
        and gens[0] == current[0]
        and None not in current
        and time.time() < entry.get("fresh_until", 0)
        and not _lagging(gens, current)  # a lagging snapshot: its view runs and rebuilds it
        and still_exact(entry, market, gens[2], current[2], catalogue_version=kept.version())
    ):
        return None
    return {**entry, "gens": [current[0], ANY, current[2]]}
