"""Running a search: each sort's order in SQL and in memory, the page's rows and their product cards."""

from __future__ import annotations

import dataclasses
import math
from operator import attrgetter

from django.db.models import Count, F, JSONField, OuterRef, Subquery, Window
from django.utils.translation import gettext as _

from comeback.catalog import forgiving, kept, search
from comeback.catalog.models import Category, ProductImage, ProductModel
from comeback.core import locales
from comeback.core.money import Money
from comeback.core.problems import Invalid

from .. import snapshot, survival
from ..snapshot import Row
from .facets import _brands, _facet_lists, _sql_facets
from .filters import GRADES, Filters, _filtered_offers, _grouped
from .results import CardPage, ProductCard, SearchResult, card_image, descendants

# How each sort orders aggregated rows, in SQL and in memory (same keys, same tie-breaks).
ORDERINGS = {
    "relevance": ("-offer_count", "pid"),
    "price_asc": ("from_price", "pid"),
    "price_desc": ("-from_price", "pid"),
    "newest": (F("released").desc(nulls_last=True), "-pid"),
    "rating": ("-rating", "-offer_count", "pid"),
}
# In memory the same orders come from stable sorts, least significant key first (C-speed attrgetter keys).
_BY_PID, _BY_COUNT, _BY_PRICE = (attrgetter(a) for a in ("pid", "offer_count", "from_price"))


def run_search(
    *,
    market,
    filters: Filters,
    sort: str,
    page: int,
    per_page: int,
    categories: list[Category],
    with_facets: bool,
    snap: snapshot.MarketSnapshot | None,
    exact: bool = False,
    attr_facets: bool = True,
) -> SearchResult:
    f = filters
    empty = SearchResult(
        items=[],
        total=0,
        page=page,
        pages=0,
        per_page=per_page,
        q=f.q,
        sort=sort,
        market=market.code,
        currency=market.currency,
        facets={"brand": [], "grade": [], "category": [], "attrs": {}},
    )
    category_ids = brand_id = None
    if f.category:
        root = next((c for c in categories if c.slug == f.category), None)
        if root is None:
            raise Invalid.field("category", "unknown_category", _("No category %r.") % f.category[:60])
        category_ids = descendants(categories, root.pk)
    brands = _brands() if f.brand or with_facets else {}
    if f.brand:
        brand_id = next((pk for pk, (slug, _name) in brands.items() if slug == f.brand), None)
        if brand_id is None:
            raise Invalid.field("brand", "unknown_brand", _("No brand %r.") % f.brand[:60])

    ranks: dict[int, float] = {}
    product_ids = None
    corrected = None
    demoted: frozenset[int] = frozenset()
    if f.words and (sort == "relevance" or snap is not None):
        ranks = dict(search.match(f.q))
        if not ranks and not exact:
            corrected = forgiving.correction(f.q)
            ranks = dict(search.match(corrected)) if corrected else {}
        if snap is not None:  # the page reads the matches' entries of the snapshot (survival.py)
            survival.searched(ids=ranks)
        if not ranks:
            return empty
        product_ids = list(ranks)
        demoted = forgiving.accessories_to_demote(corrected or f.q)
    elif f.words and not exact and not search.match(f.q):
        corrected = forgiving.correction(f.q)
        if corrected:
            f = dataclasses.replace(f, q=corrected, words=tuple(search.terms(corrected)))
    offset = (page - 1) * per_page

    if snap is not None:
        criteria = {
            "brand_id": brand_id,
            "category_ids": category_ids,
            "grade": f.grade,
            "min_price": f.min_price,
            "max_price": f.max_price,
            "attrs": f.attrs,
            "want_rating": sort == "rating",
            "attr_facets": attr_facets,
        }
        if product_ids is None:
            survival.searched(category_ids=category_ids, brand_id=brand_id)
            # No words: the same answer for every visitor until the snapshot changes (snapshot_search.py).
            key = (
                *(v for k, v in criteria.items() if k != "category_ids"),
                None if category_ids is None else frozenset(category_ids),
                sort,
            )
            ordered, raw = snap.remembered(key, lambda: _searched(snap, criteria, sort))
        else:
            rows, raw = snap.search(product_ids=product_ids, **criteria)
            ordered = _ordered(rows, sort, ranks, demoted)
        total = len(ordered)
        rows = ordered[offset : offset + per_page]
        facets = _facet_lists(raw, categories, brands) if with_facets and total else empty.facets
    else:
        offers = _filtered_offers(
            market.code,
            f,
            category_ids=category_ids,
            brand_id=brand_id,
            product_ids=product_ids if product_ids is None or len(product_ids) <= 5_000 else None,
        )
        grouped = _grouped(offers, sort)
        if ranks:
            # Relevance needs the text rank, which lives in the search index: order the matches here.
            rows = _ordered([_row(r) for r in grouped], sort, ranks, demoted)
            total = len(rows)
            rows = rows[offset : offset + per_page]
        else:
            ordered = grouped.annotate(total=Window(Count("*"))).order_by(*ORDERINGS[sort])
            page_rows = list(ordered[offset : offset + per_page])
            total = page_rows[0]["total"] if page_rows else (grouped.count() if page > 1 else 0)
            rows = [_row(r) for r in page_rows]
        facets = (
            _facet_lists(_sql_facets(offers), categories, brands) if with_facets and total else empty.facets
        )

    return SearchResult(
        items=_cards(rows, market, ranks),
        total=total,
        page=page,
        pages=math.ceil(total / per_page) if total else 0,
        per_page=per_page,
        facets=facets,
        q=filters.q,
        sort=sort,
        market=market.code,
        currency=market.currency,
        corrected_q=corrected,
    )


def _searched(snap: snapshot.MarketSnapshot, criteria: dict, sort: str) -> tuple[list[Row], dict]:
    rows, raw = snap.search(product_ids=None, **criteria)
    return _ordered(rows, sort, {}), raw


def _ordered(
    rows: list[Row], sort: str, ranks: dict[int, float], demoted: frozenset[int] = frozenset()
) -> list[Row]:
    """Rows in the order ORDERINGS gives in SQL (and, for words, by text rank first, devices before the
    accessories a model query also matches)."""
    rows = sorted(rows, key=_BY_PID, reverse=sort == "newest")
    if ranks and sort == "relevance":
        rows.sort(key=_BY_COUNT, reverse=True)
        rows.sort(key=lambda r: ranks.get(r.pid, 0.0), reverse=True)
        if demoted:
            rows.sort(key=lambda r: r.pid in demoted)
    elif sort == "relevance":
        rows.sort(key=_BY_COUNT, reverse=True)
    elif sort in ("price_asc", "price_desc"):
        rows.sort(key=_BY_PRICE, reverse=sort == "price_desc")
    elif sort == "newest":
        rows.sort(key=lambda r: r.released or 0, reverse=True)  # undated last
    elif sort == "rating":
        rows.sort(key=_BY_COUNT, reverse=True)
        rows.sort(key=lambda r: r.rating or 0.0, reverse=True)
    return rows


def _row(r: dict) -> Row:
    released = r.get("released")
    return Row(
        pid=r["pid"],
        from_price=r["from_price"],
        offer_count=r["offer_count"],
        grades=sum(1 << i for i, g in enumerate(GRADES) if r[f"g_{g}"]),
        rating=r.get("rating"),
        released=released.toordinal() if released else None,
    )


def _card_rows(ids: list[int]) -> dict[int, dict]:
    """What a card shows of these models, one query: plain rows, not model instances (a card needs nine columns,
    not the JSON of the model and its category). The model's first picture (a photo or a drawing of it) rides in
    the same query, so a card shows the model itself, not its category's drawing; a model without one keeps the
    drawing."""
    first_image = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "id")
    return {
        p["pk"]: p
        for p in ProductModel.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            image_id=Subquery(first_image.values("pk")[:1]),
            image_files=Subquery(first_image.values("files")[:1], output_field=JSONField()),
        )
        .values(
            "pk",
            "slug",
            "name",
            "release_date",
            "brand__name",
            "brand__slug",
            "category__slug",
            "category__name",
            "category__illustration",
            "edition__size",
            "image_id",
            "image_files",
        )
    }


def _cards(rows: list[Row], market, ranks: dict[int, float]) -> list[ProductCard]:
    if not rows:
        return []
    # A card's model, brand, category and picture change only with the catalogue: kept per process under its
    # version (catalog/kept.py; an edition's run is set when its model is created). Prices and stock come from
    # the rows (the snapshot or SQL), never from what is kept.
    products = kept.rows("product-card", [r.pid for r in rows], _card_rows)
    page = CardPage(locales.format_locale(market))
    cards = []
    for r in rows:
        p = products.get(r.pid)
        if p is None:  # deleted meanwhile
            continue
        cards.append(
            ProductCard(
                product_id=p["pk"],
                slug=p["slug"],
                name=p["name"],
                brand_name=p["brand__name"],
                brand_slug=p["brand__slug"],
                category_slug=p["category__slug"],
                category_name=p["category__name"],
                illustration=p["category__illustration"],
                from_price=Money(int(r.from_price), market.currency),
                offer_count=r.offer_count,
                grades=[g for i, g in enumerate(GRADES) if r.grades >> i & 1],
                release_year=p["release_date"].year if p["release_date"] else None,
                rank=ranks.get(p["pk"]),
                edition_size=p["edition__size"],
                image=card_image(p["image_id"], p["image_files"]),
                page=page,
            )
        )
    return cards
