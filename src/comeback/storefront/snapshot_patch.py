"""Offer changes applied to a market's search snapshot instead of rebuilding it (docs/decisions/0003-search-snapshot.md,
amendment "patches").

Why: under a marketplace's writes every market's listings change every few seconds. Rebuilding a market's snapshot
cost 0.3–1 s of CPU and loading the new one again 0.6–1.2 s in every web process, every 5 s, and the rebuilds of
five markets in a row put search 13–20 s behind a price change. A price, stock or status change touches a few
products: the scheduler reads again only those products' visible offers and publishes a patch (their entries),
which every process applies to the copy it holds in a few milliseconds.

What changed is read from the outbox (core.OutboxEvent), written in the same transaction as the change: the events
after the snapshot's `events_upto`, and those of its `events_missing`, the ids up to there that no committed event
held when it was read, since on PostgreSQL a transaction may commit its event after one with a larger id was read.
An id missing for more than SLACK_EVENTS events is given up (a rolled-back transaction; the backstop's full build
shows anything else). An event that touches
every offer of a seller (a decision hides or shows them, a review moves the rating they carry) reads again the
products that seller lists; a quality score is not in the snapshot and changes nothing here. What a patch cannot
say makes a full rebuild instead: such an event without its seller, sellers listing more than SELLER_PRODUCTS
products, an offer event without an offer, or a probation deadline passed.

A full build is published as a patch too (`diff`: the entries it finds different), so a process holding the
snapshot applies it like any other instead of loading the whole market again; it also replaces the shared blob
that a process without a copy loads. The scheduler makes one after MAX_PATCHES patches or when the last full build
is older than FULL_SECONDS (the backstop for a change that left no event), one market per run.
"""

from __future__ import annotations

import dataclasses
from bisect import insort
from collections import defaultdict
from itertools import chain

from django.db.models import Q

from . import pagecache
from . import snapshot as snap_module
from .snapshot import Entry, MarketSnapshot

SLACK_EVENTS = snap_module.SLACK_EVENTS  # about 15 s of events at the mixed load's 35 writes a second
# Patches since the last full build before the next is due (a process loading the build applies at most these),
# and the chain's tail kept shared, so a process a little behind catches up by patches.
MAX_PATCHES = 30
KEPT_PATCHES = 2 * MAX_PATCHES
FULL_SECONDS = 60
# Offer events whose change a patch carries: the offer's product is read again.
PATCHED_TOPICS = ("offer.published", "offer.updated", "order.line.paid", "order.line.cancelled")
# Events that change every offer of a seller (whether they show, the rating they carry): its products are read again.
SELLER_TOPICS = ("review.posted", "seller.decision")
SELLER_PRODUCTS = 2_000  # more than this to read again: a full build reads them cheaper


@dataclasses.dataclass
class Patch:
    base: str  # the stamp it applies to
    stamp: str  # the stamp of the result
    entries: dict[int, Entry | None]  # None: the product has nothing visible in the market any more
    variant_attrs: dict[int, dict[str, str]]  # attributes of the variants of these entries
    as_of: float
    valid_until: float | None
    events_upto: int
    offer_count: int
    min_warranty_months: int | None
    events_missing: frozenset[int] = frozenset()
    seller_count: int | None = None  # a full build's (`diff`); a patch leaves the count as it was
    full: bool = False  # the result is a full build: its age starts again


def changed_products(
    since: int, missing: frozenset[int] = frozenset()
) -> tuple[dict[str, set[int]] | None, int, frozenset[int]]:
    """{market: product ids} whose offers the events after `since`, or of the `missing` ids, changed; the newest
    event read; and the ids up to it still missing. None instead of the products when only a full rebuild can
    show those events."""
    from comeback.core.models import OutboxEvent
    from comeback.offers.models import Offer

    offer_ids: set[int] = set()
    seller_ids: set[int] = set()
    newest, seen = since, set()
    for pk, topic, payload in OutboxEvent.objects.filter(
        Q(pk__gt=since) | Q(pk__in=sorted(missing))
    ).values_list("pk", "topic", "payload"):
        newest = max(newest, pk)
        seen.add(pk)
        if topic not in PATCHED_TOPICS and topic not in SELLER_TOPICS:
            continue
        payload = payload if isinstance(payload, dict) else {}
        named = payload.get("seller_id") if topic in SELLER_TOPICS else payload.get("offer_id")
        if named is None:
            return None, newest, frozenset()
        (seller_ids if topic in SELLER_TOPICS else offer_ids).add(named)
    floor = newest - SLACK_EVENTS
    still = frozenset(
        i for i in chain(missing, range(max(since, floor) + 1, newest + 1)) if i > floor and i not in seen
    )
    changed: dict[str, set[int]] = defaultdict(set)
    found = Offer.objects.filter(pk__in=offer_ids).values_list("pk", "variant__product_id", "market_id")
    for _pk, product_id, market in found:
        changed[market].add(product_id)
    if len(found) < len(offer_ids):  # an offer deleted since: its product is not known any more
        return None, newest, still
    if seller_ids:  # every product they list, shown or not: a decision may have hidden or shown any of them
        listed = (
            Offer.objects.filter(seller_id__in=seller_ids)
            .order_by()
            .values_list("variant__product_id", "market_id")
            .distinct()
        )
        rows = list(listed[: SELLER_PRODUCTS + 1])
        if len(rows) > SELLER_PRODUCTS:
            return None, newest, still
        for product_id, market in rows:
            changed[market].add(product_id)
    return changed, newest, still


def build_patch(
    snap: MarketSnapshot,
    products: set[int],
    *,
    as_of: float,
    events_upto: int,
    events_missing: frozenset[int] = frozenset(),
) -> Patch:
    """The entries of these products as the database has them now. `as_of`: when the outbox was read for them
    (a change whose event came later is not known to be in the patch: its listing event reads as newer)."""
    groups, _count, _sellers, min_warranty = snap_module.read_groups(snap.market, products)
    cat = snap_module.catalogue_facts_of(set(groups))  # not the whole catalogue for a few products
    entries: dict[int, Entry | None] = {pid: None for pid in products}
    attrs: dict[int, dict[str, str]] = {}
    for pid, product_groups in groups.items():
        entries[pid] = e = snap_module.entry(pid, product_groups, cat)
        if e is not None:
            attrs.update(
                (vid, cat.variant_attrs[vid]) for vid in e.everything.variants if vid in cat.variant_attrs
            )
    before = sum(snap.entries[pid].everything.n for pid in products if pid in snap.entries)
    after = sum(e.everything.n for e in entries.values() if e is not None)
    lowest = [w for w in (snap.min_warranty_months, min_warranty) if w is not None]
    return Patch(
        base=snap.stamp,
        stamp=pagecache.token_at(as_of),
        entries=entries,
        variant_attrs=attrs,
        as_of=as_of,
        valid_until=snap_module._next_deadline(as_of),
        events_upto=events_upto,
        events_missing=events_missing,
        offer_count=snap.offer_count - before + after,
        # A warranty that rose shows at the next full build; a claim of "at least" stays true meanwhile.
        min_warranty_months=min(lowest) if lowest else None,
    )


def diff(current: MarketSnapshot, fresh: MarketSnapshot) -> Patch:
    """A full build as a patch of `current`: the entries that differ, so applying it to `current` gives `fresh`."""
    entries: dict[int, Entry | None] = {
        pid: new for pid, new in fresh.entries.items() if current.entries.get(pid) != new
    }
    entries.update((pid, None) for pid in current.entries.keys() - fresh.entries.keys())
    held = current.variant_attrs
    return Patch(
        base=current.stamp,
        stamp=fresh.stamp,
        entries=entries,
        variant_attrs={vid: v for vid, v in fresh.variant_attrs.items() if held.get(vid) != v},
        as_of=fresh.as_of,
        valid_until=fresh.valid_until,
        events_upto=fresh.events_upto,
        events_missing=fresh.events_missing,
        offer_count=fresh.offer_count,
        min_warranty_months=fresh.min_warranty_months,
        seller_count=fresh.seller_count,
        full=True,
    )


def apply(snap: MarketSnapshot, patch: Patch) -> MarketSnapshot:
    """A new snapshot: `snap` with the patch's entries. `snap` is left as it is (other threads search it)."""
    entries = dict(snap.entries)
    by_category = dict(snap.by_category)
    copied: set[int] = set()

    def category(cid: int) -> list[int]:
        if cid not in copied:
            by_category[cid] = list(by_category.get(cid, ()))
            copied.add(cid)
        return by_category[cid]

    added = False
    for pid, new in patch.entries.items():
        old = entries.get(pid)
        if old is not None and (new is None or new.category_id != old.category_id):
            listed = category(old.category_id)
            if pid in listed:
                listed.remove(pid)
            if not listed:
                del by_category[old.category_id]
                copied.discard(old.category_id)
        if new is None:
            entries.pop(pid, None)
            continue
        if old is None or new.category_id != old.category_id:
            insort(category(new.category_id), pid)
        added = added or old is None
        entries[pid] = new
    if added:  # a full build holds products in id order: ties in a search come out the same
        entries = dict(sorted(entries.items()))
    attrs = snap.variant_attrs
    if any(attrs.get(vid) != values for vid, values in patch.variant_attrs.items()):
        attrs = {**attrs, **patch.variant_attrs}
    patched = dataclasses.replace(
        snap,
        entries=entries,
        by_category=by_category,
        variant_attrs=attrs,
        offer_count=patch.offer_count,
        min_warranty_months=patch.min_warranty_months,
        as_of=patch.as_of,
        valid_until=patch.valid_until,
        stamp=patch.stamp,
        events_upto=patch.events_upto,
        events_missing=patch.events_missing,
        seller_count=snap.seller_count if patch.seller_count is None else patch.seller_count,
        full_stamp=patch.stamp if patch.full else snap.full_stamp,
    )
    # The summaries searches keep per product (snapshot_search.py) stay true for every product the patch left as it
    # was; whole views are worked out again.
    for key, summaries in list(snap.memo.items()):
        if isinstance(key, tuple) and key[0] == "summaries":
            patched.memo[key] = {pid: s for pid, s in list(summaries.items()) if pid not in patch.entries}
    return patched


def full_due(snap: MarketSnapshot, chain: list[Patch], *, now: float, adding: int = 0) -> bool:
    """Whether the backstop's full build of this snapshot is due (with `adding` more patches on the chain):
    MAX_PATCHES patches, or FULL_SECONDS, since the last one."""
    full_at = pagecache.token_time(snap.full_stamp) or 0.0
    since = next((len(chain) - 1 - i for i, p in enumerate(chain) if p.stamp == snap.full_stamp), len(chain))
    return since + adding >= MAX_PATCHES or now - full_at >= FULL_SECONDS
