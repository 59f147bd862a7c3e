"""An in-memory summary of what a large market sells, so search stays fast at marketplace scale.

Searching a big market in SQL aggregates tens of thousands of offers per request (hundreds of ms on
SQLite). Instead a snapshot of each large market's visible offers, pre-aggregated per product (and per
product and grade), is built once for the whole fleet and shared (snapshot_share.py); each process filters,
ranks and counts facets in memory. Search results may lag a write by the bound snapshot_share.py states;
product pages, carts and checkout always read the database.

Markets with fewer than MIN_OFFERS active offers are searched in SQL, exactly (browse/). Both paths
give the same answers: tests/storefront/test_snapshot.py compares them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

from django.conf import settings
from django.db import connection

from comeback.catalog import colours
from comeback.catalog.models import ProductModel, Variant
from comeback.offers.models import GRADE_ORDER
from comeback.offers.ranking import RATING_PRIOR_MEAN, RATING_PRIOR_WEIGHT
from comeback.offers.selectors import visible_offers

from .snapshot_search import Row, Searching  # noqa: F401 (Row: the search paths import it from here)

log = logging.getLogger(__name__)

# Both can be set in Django settings as COMEBACK_SEARCH_SNAPSHOT_SECONDS and COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS.
SNAPSHOT_SECONDS = 5  # products and attributes re-read at most this often; a build costs ~0.5 s (bench scale)
SLACK_EVENTS = 500  # outbox ids before the newest that may still commit (snapshot_patch.py)
MIN_OFFERS = 5_000  # active offers in a market before its search uses a snapshot
BACKGROUND_REFRESH = True  # rebuild stale snapshots in a thread while requests use the previous one
GRADES = [g.value for g in GRADE_ORDER]
_PRIOR = float(RATING_PRIOR_MEAN * RATING_PRIOR_WEIGHT)


def seller_rating(rating_sum: int, rating_count: int) -> float:
    """Mean stars shrunk towards the published prior (offers.ranking), as the "rating" sort uses it."""
    return (_PRIOR + rating_sum) / (RATING_PRIOR_WEIGHT + rating_count)


def attr_text(value) -> str | None:
    """A variant attribute as search filters and facets spell it: 128 -> "128", True -> "true"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


class Agg(NamedTuple):
    n: int
    low: int
    grades: int
    rating: float
    variants: tuple[int, ...]  # variants with matching offers
    pairs: frozenset | None  # their (attribute, value) pairs, precomputed for the unfiltered aggregate


@dataclass
class Entry:
    brand_id: int
    category_id: int
    released: int | None
    everything: Agg
    by_grade: dict[int, Agg]
    # (variant id, grade index, prices ascending, seller ratings in the same order)
    groups: list[tuple[int, int, tuple[int, ...], tuple[float, ...]]]


@dataclass
class MarketSnapshot(Searching):
    market: str
    database: str
    built_at: float
    entries: dict[int, Entry]
    by_category: dict[int, list[int]]
    variant_attrs: dict[int, dict[str, str]]
    offer_count: int
    seller_count: int
    min_warranty_months: int | None
    as_of: float = 0.0  # wall-clock time its read of the database started: what it can know of
    valid_until: float | None = None  # the next probation deadline after as_of: it hides a seller's offers
    stamp: str = ""  # its shared stamp (snapshot_share.py), once published
    events_upto: int = 0  # the newest outbox event when its offers were read (snapshot_patch.py)
    # Events up to there not committed then (on PostgreSQL an id is taken before its transaction commits): a patch
    # reads them again when they appear, within SLACK_EVENTS of the newest.
    events_missing: frozenset[int] = frozenset()
    full_stamp: str = ""  # the stamp of the full build its patches apply to ("" for a full build itself)

    @property
    def age(self) -> float:
        return time.monotonic() - self.built_at

    # What searches derive from the entries (summaries per product, whole views), worked out on first use in this
    # copy: never pickled, and a patched copy starts with what the patch left true (snapshot_patch.apply).
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)


# Building -------------------------------------------------------------------------------------------------


@dataclass
class _Catalogue:
    database: str
    built_at: float
    products: dict[int, tuple[int, int, int | None]]  # id -> (brand id, category id, release ordinal)
    variant_attrs: dict[int, dict[str, str]]


_catalogue: _Catalogue | None = None
_catalogue_lock = threading.Lock()


def _ttl() -> float:
    return getattr(settings, "COMEBACK_SEARCH_SNAPSHOT_SECONDS", SNAPSHOT_SECONDS)


def _min_offers() -> int:
    return getattr(settings, "COMEBACK_SEARCH_SNAPSHOT_MIN_OFFERS", MIN_OFFERS)


def _database() -> str:
    return str(connection.settings_dict.get("NAME"))


def _catalogue_facts(need: set[int]) -> _Catalogue:
    """Products and variant attributes of the whole catalogue, shared by every market's snapshot."""
    global _catalogue
    with _catalogue_lock:
        cat = _catalogue
        if (
            cat is None
            or cat.database != _database()
            or time.monotonic() - cat.built_at > _ttl()
            or not need <= cat.products.keys()
        ):
            started = time.monotonic()
            products = {
                pid: (brand_id, category_id, release.toordinal() if release else None)
                for pid, brand_id, category_id, release in ProductModel.objects.order_by()
                .values_list("pk", "brand_id", "category_id", "release_date")
                .iterator(chunk_size=10_000)
            }
            attrs = _attrs_of(
                Variant.objects.order_by().values_list("pk", "attributes").iterator(chunk_size=10_000)
            )
            cat = _catalogue = _Catalogue(_database(), started, products, attrs)
        return cat


def catalogue_facts_of(need: set[int]) -> _Catalogue:
    """The facts of these products and their variants alone (a patch's few): the shared copy while it is fresh,
    else read for them only, not the whole catalogue again (0.1 s at benchmark scale, every SNAPSHOT_SECONDS)."""
    with _catalogue_lock:
        cat = _catalogue
    if (
        cat is not None
        and cat.database == _database()
        and time.monotonic() - cat.built_at <= _ttl()
        and need <= cat.products.keys()
    ):
        return cat
    started, wanted = time.monotonic(), sorted(need)
    products = {
        pid: (brand_id, category_id, release.toordinal() if release else None)
        for pid, brand_id, category_id, release in ProductModel.objects.filter(pk__in=wanted)
        .order_by()
        .values_list("pk", "brand_id", "category_id", "release_date")
    }
    attrs = _attrs_of(
        Variant.objects.filter(product_id__in=wanted).order_by().values_list("pk", "attributes")
    )
    return _Catalogue(_database(), started, products, attrs)


def _attrs_of(rows) -> dict[int, dict[str, str]]:
    """(variant id, attributes) rows as searches match them: values as text, and the colour's group."""
    attrs = {}
    for vid, values in rows:
        if isinstance(values, dict) and values:
            attrs[vid] = {k: t for k, v in values.items() if (t := attr_text(v)) is not None}
            if group := colours.group_of(values.get("colour")):  # as browse/ derives it in SQL
                attrs[vid][colours.GROUP] = group
    return attrs


def _aggregates(groups, variant_attrs) -> tuple[Agg, dict[int, Agg]]:
    """A product's offers summed up overall and per grade, in one pass over its (variant, grade) groups."""
    per: dict[int, list] = {}
    for vid, g, prices, ratings in groups:
        a = per.get(g)
        if a is None:
            per[g] = [len(prices), prices[0], max(ratings), [vid]]
        else:
            a[0] += len(prices)
            a[1] = min(a[1], prices[0])
            a[2] = max(a[2], max(ratings))
            a[3].append(vid)
    by_grade = {
        g: Agg(n, low, 1 << g, rating, tuple(vids), None) for g, (n, low, rating, vids) in per.items()
    }
    variants = tuple(sorted({vid for vid, *_ in groups}))
    pairs = frozenset(chain.from_iterable(variant_attrs.get(vid, {}).items() for vid in variants))
    everything = Agg(
        sum(a.n for a in by_grade.values()),
        min(a.low for a in by_grade.values()),
        sum(a.grades for a in by_grade.values()),
        max(a.rating for a in by_grade.values()),
        variants,
        pairs,
    )
    return everything, by_grade


def read_groups(market: str, product_ids=None) -> tuple[dict[int, list], int, int, int | None]:
    """The market's visible offers (of these products, or all) grouped per product, (variant, grade), price
    ascending; with the offer count, the seller count and the lowest warranty. One query."""
    grade_index = {g: i for i, g in enumerate(GRADES)}
    by_group: dict[tuple[int, int, int], list[tuple[int, float]]] = defaultdict(list)
    ratings: dict[int, float] = {}
    count, min_warranty = 0, None
    offers = visible_offers(market).order_by()
    if product_ids is not None:
        offers = offers.filter(variant__product_id__in=sorted(product_ids))
    # The ORM writes the query (visible_offers is THE definition); rows come straight from the cursor.
    sql, params = offers.values_list(
        "variant__product_id",
        "variant_id",
        "grade",
        "price_amount",
        "seller_id",
        "warranty_months",
        "seller__rating_sum",
        "seller__rating_count",
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for pid, vid, grade, price, seller_id, warranty, rating_sum, rating_count in rows:
        rating = ratings.get(seller_id)
        if rating is None:
            rating = ratings[seller_id] = seller_rating(rating_sum, rating_count)
        by_group[(pid, vid, grade_index[grade])].append((price, rating))
        count += 1
        if min_warranty is None or warranty < min_warranty:
            min_warranty = warranty
    groups: dict[int, list] = defaultdict(list)
    for (pid, vid, g), offers_ in by_group.items():
        offers_.sort()
        groups[pid].append((vid, g, tuple(p for p, _ in offers_), tuple(r for _, r in offers_)))
    return groups, count, len(ratings), min_warranty


def entry(pid: int, groups: list, cat: _Catalogue) -> Entry | None:
    """A product's entry from its (variant, grade) groups; None when the product is gone from the catalogue."""
    facts = cat.products.get(pid)
    if facts is None:  # deleted since
        return None
    product_groups = sorted(groups)
    everything, by_grade = _aggregates(product_groups, cat.variant_attrs)
    return Entry(
        brand_id=facts[0],
        category_id=facts[1],
        released=facts[2],
        everything=everything,
        by_grade=by_grade,
        groups=product_groups,
    )


def last_event_id() -> int:
    """The newest outbox event: what a snapshot read after it knows of (snapshot_patch.py reads from there)."""
    from comeback.core.models import OutboxEvent

    return OutboxEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def outbox_position() -> tuple[int, frozenset[int]]:
    """The newest outbox event, and the ids of the SLACK_EVENTS before it that no committed event holds yet."""
    from comeback.core.models import OutboxEvent

    newest = last_event_id()
    since = max(0, newest - SLACK_EVENTS)
    there = set(OutboxEvent.objects.filter(pk__gt=since, pk__lte=newest).values_list("pk", flat=True))
    return newest, frozenset(range(since + 1, newest + 1)) - there


def build(market: str) -> MarketSnapshot:
    """Read the market's visible offers (one query) and pre-aggregate them per product and grade."""
    started = time.monotonic()
    as_of = time.time()
    # Before the offers: a change committed in between is read again, never lost.
    events_upto, events_missing = outbox_position()
    groups, count, sellers, min_warranty = read_groups(market)
    cat = _catalogue_facts(set(groups))
    entries: dict[int, Entry] = {}
    by_category: dict[int, list[int]] = defaultdict(list)
    for pid in sorted(groups):
        e = entry(pid, groups[pid], cat)
        if e is None:
            continue
        entries[pid] = e
        by_category[e.category_id].append(pid)
    return MarketSnapshot(
        market=market,
        database=_database(),
        built_at=started,
        entries=entries,
        by_category=dict(by_category),
        variant_attrs=cat.variant_attrs,
        offer_count=count,
        seller_count=sellers,
        min_warranty_months=min_warranty,
        as_of=as_of,
        valid_until=_next_deadline(as_of),
        events_upto=events_upto,
        events_missing=events_missing,
    )


def _next_deadline(as_of: float) -> float | None:
    from datetime import UTC, datetime

    from comeback.sellers.selectors import probation_deadlines_around

    _last, upcoming = probation_deadlines_around(datetime.fromtimestamp(as_of, UTC))
    return upcoming.timestamp() if upcoming is not None else None


# Sharing --------------------------------------------------------------------------------------------------


def for_market(market: str) -> MarketSnapshot | None:
    """The market's snapshot when the market is large, else None (search in SQL, always exact).

    Shared by every node (snapshot_share.py): built once, stored in the shared cache with its build time.
    """
    from . import snapshot_share

    return snapshot_share.for_market(market)


def clear() -> None:
    from . import snapshot_share

    global _catalogue
    _catalogue = None
    snapshot_share.clear()
