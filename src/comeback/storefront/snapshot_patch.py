"""Offer changes applied to a market's search snapshot instead of rebuilding it (docs/decisions/0003-search-snapshot.md,
amendment "patches").

Why: under a marketplace's writes every market's listings change every few seconds. Rebuilding a market's snapshot
cost 0.3–1 s of CPU and loading the new one again 0.6–1.2 s in every web process, every 5 s, and the rebuilds of
five markets in a row put search 13–20 s behind a price change. A price, stock or status change touches a few
products: the scheduler reads again only those products' visible offers and publishes a patch (their entries),
which every process applies to the copy it holds in a few milliseconds.

What changed is read from the outbox (core.OutboxEvent), written in the same transaction as the change: the offer
events after the snapshot's `events_upto`, and SLACK_EVENTS before it again, since on PostgreSQL a transaction may
commit its event after one with a larger id was read (reading a product again is harmless). What a patch cannot
say makes a full rebuild instead: an event that touches every offer of a seller (a decision, a quality score, a
review that moves its rating), an offer event without an offer, a probation deadline passed, a chain of
MAX_PATCHES patches, or a full build older than FULL_SECONDS (the backstop for a change that left no event).
"""

from __future__ import annotations

import dataclasses
from bisect import insort
from collections import defaultdict

from . import pagecache
from . import snapshot as snap_module
from .snapshot import Entry, MarketSnapshot

SLACK_EVENTS = 500  # about 15 s of events at the mixed load's 35 writes a second
MAX_PATCHES = 30
FULL_SECONDS = 60
# Offer events whose change a patch carries: the offer's product is read again.
PATCHED_TOPICS = ("offer.published", "offer.updated", "order.line.paid", "order.line.cancelled")
# Events that change what many products show at once.
FULL_TOPICS = ("review.posted", "seller.decision", "seller.quality.changed")


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


def changed_products(since: int) -> tuple[dict[str, set[int]] | None, int]:
    """{market: product ids} whose offers the events after `since` (and SLACK_EVENTS before) changed, and the
    newest event read; None instead of the products when only a full rebuild can show those events."""
    from comeback.core.models import OutboxEvent
    from comeback.offers.models import Offer

    offer_ids: set[int] = set()
    newest = since
    for pk, topic, payload in OutboxEvent.objects.filter(
        pk__gt=max(0, since - SLACK_EVENTS), topic__in=(*PATCHED_TOPICS, *FULL_TOPICS)
    ).values_list("pk", "topic", "payload"):
        newest = max(newest, pk)
        offer = payload.get("offer_id") if isinstance(payload, dict) else None
        if pk > since and (topic in FULL_TOPICS or offer is None):
            return None, newest
        if offer is not None:
            offer_ids.add(offer)
    changed: dict[str, set[int]] = defaultdict(set)
    found = Offer.objects.filter(pk__in=offer_ids).values_list("pk", "variant__product_id", "market_id")
    for _pk, product_id, market in found:
        changed[market].add(product_id)
    if len(found) < len(offer_ids):  # an offer deleted since: its product is not known any more
        return None, newest
    return changed, newest


def build_patch(snap: MarketSnapshot, products: set[int], *, as_of: float, events_upto: int) -> Patch:
    """The entries of these products as the database has them now. `as_of`: when the outbox was read for them
    (a change whose event came later is not known to be in the patch: its listing event reads as newer)."""
    groups, _count, _sellers, min_warranty = snap_module.read_groups(snap.market, products)
    cat = snap_module._catalogue_facts(set(groups))
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
        offer_count=snap.offer_count - before + after,
        # A warranty that rose shows at the next full build; a claim of "at least" stays true meanwhile.
        min_warranty_months=min(lowest) if lowest else None,
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
    )
    # The summaries searches keep per product (snapshot_search.py) stay true for every product the patch left as it
    # was; whole views are worked out again.
    for key, summaries in list(snap.memo.items()):
        if isinstance(key, tuple) and key[0] == "summaries":
            patched.memo[key] = {pid: s for pid, s in list(summaries.items()) if pid not in patch.entries}
    return patched


def needs_full(snap: MarketSnapshot, chain: list[Patch], *, now: float) -> bool:
    """Whether the next change of this snapshot must be a full rebuild rather than a patch."""
    full_at = pagecache.token_time(snap.full_stamp) or 0.0
    return (
        len(chain) >= MAX_PATCHES
        or now - full_at >= FULL_SECONDS
        or (snap.valid_until is not None and now >= snap.valid_until)
    )
