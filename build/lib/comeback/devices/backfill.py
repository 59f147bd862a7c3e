"""Backfill of the unit register (docs/trust.md §1 "Backfill"): `comeback backfill-unit-register`.

The register (`UnitRecord`) is written as identifiers are recorded; units shipped, returned or traded in
before it existed have no row, so a second live unit with their IMEI would not be refused. This replays the
recorded facts in time order, per identifier, and writes the holder they imply — only where the register has
no row yet, so it is idempotent and never overrides what the live system recorded since.

Apps above devices (orders, trade-in) tell it their facts through `register_source`: devices sits below them
and never imports them. A history that breaks the one-live-unit rule (an IMEI shipped by a second seller
without a hand-over) still gets the latest holder, and staff get a `duplicate` alert to look at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from comeback.core import clock

from .blocklist import normalise
from .models import AlertKind, Holder, UnitRecord

SALE, TAKE_IN, RETURN = "sale", "take_in", "return"
BACKFILL = "backfill"  # the alert context


@dataclass(frozen=True)
class Fact:
    at: datetime
    identifier: str
    kind: str  # sale | take_in | return
    seller_id: int
    via: str  # order_line:12, tradein:TI-…, return:4
    undoes: str = ""  # for a return: the sale it takes back (order_line:12)


Source = Callable[[], Iterable[Fact]]
_sources: list[Source] = []


def register_source(fn: Source) -> Source:
    if fn not in _sources:
        _sources.append(fn)
    return fn


@dataclass
class Held:
    holder: str
    seller_id: int
    via: str
    since: datetime


def replay(facts: list[Fact]) -> tuple[Held | None, list[str]]:
    """The holder one identifier's facts imply, and the steps that broke the one-live-unit rule."""
    held: Held | None = None
    broken: list[str] = []
    for f in sorted(facts, key=lambda f: (f.at, f.via)):
        if f.kind == SALE:
            if held is not None and not (held.holder == Holder.SELLER and held.seller_id == f.seller_id):
                who = f"seller {held.seller_id}" if held.holder == Holder.SELLER else "a buyer"
                broken.append(f"{f.via} by seller {f.seller_id} while {who} held it via {held.via}")
            held = Held(Holder.BUYER, f.seller_id, f.via, f.at)
        elif f.kind == TAKE_IN:
            if held is not None and held.holder == Holder.SELLER and held.seller_id != f.seller_id:
                broken.append(f"{f.via} by seller {f.seller_id} while seller {held.seller_id} held it")
            held = Held(Holder.SELLER, f.seller_id, f.via, f.at)
        elif f.kind == RETURN and held is not None and held.holder == Holder.BUYER and held.via == f.undoes:
            held = Held(Holder.SELLER, held.seller_id, f.via, f.at)
    return held, broken


def backfill(*, at: datetime | None = None, progress=None, dry_run: bool = False) -> dict[str, int]:
    """Write the register rows the recorded facts imply for identifiers it lacks. Returns the counts:
    `identifiers` seen, `created`, `existing` (left alone), `alerts` (histories staff should look at)."""
    from . import services

    at = at or clock.now()
    by_identifier: dict[str, list[Fact]] = defaultdict(list)
    for source in _sources:
        for fact in source():
            key = normalise(fact.identifier)
            if key:
                by_identifier[key].append(fact)
    known = set(
        UnitRecord.objects.filter(identifier__in=list(by_identifier)).values_list("identifier", flat=True)
    )
    counts = {"identifiers": len(by_identifier), "created": 0, "existing": 0, "alerts": 0}
    items = sorted(by_identifier.items())
    for identifier, facts in progress(items) if progress else items:
        if identifier in known:
            counts["existing"] += 1
            continue
        held, broken = replay(facts)
        if held is None or dry_run:
            counts["created"] += held is not None
            counts["alerts"] += bool(broken)
            continue
        with transaction.atomic():
            _row, created = UnitRecord.objects.get_or_create(
                identifier=identifier,
                defaults={
                    "holder": held.holder,
                    "seller_id": held.seller_id,
                    "via": held.via[:80],
                    "since": held.since,
                },
            )
        if not created:  # the live system recorded it meanwhile: its row stands
            counts["existing"] += 1
            continue
        counts["created"] += 1
        if broken:
            services.alert(
                identifier=identifier,
                kind=AlertKind.DUPLICATE,
                context=BACKFILL,
                ref=held.via,
                seller=None,
                reason="; ".join(broken),
                at=at,
            )
            counts["alerts"] += 1
    return counts
