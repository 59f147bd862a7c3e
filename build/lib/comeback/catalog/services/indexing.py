"""The search index: a product's searchable text, re-indexing after commit, rebuilding it all."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction

from .. import kept, search
from ..models import Category, ProductModel, Variant

log = logging.getLogger(__name__)


INDEX_BATCH = 2_000  # products per batch when rebuilding the search index


Progress = Callable[..., Iterable]


def _category_names() -> dict[int, list[str]]:
    """Each category's name and its ancestors' names, for the search text (one query)."""
    rows = {c["id"]: c for c in Category.objects.values("id", "name", "slug", "parent_id")}
    out: dict[int, list[str]] = {}
    for cid in rows:
        names, seen, node = [], set(), rows.get(cid)
        while node is not None and node["id"] not in seen:
            seen.add(node["id"])
            names.append(node["name"])
            node = rows.get(node["parent_id"])
        out[cid] = names
    return out


def _scalars(attributes) -> list[str]:
    if not isinstance(attributes, dict):
        return []
    return [
        str(v) for v in attributes.values() if isinstance(v, str | int | float) and not isinstance(v, bool)
    ]


def _text(
    *,
    brand: str,
    name: str,
    categories: list[str],
    gtin: str | None,
    attributes,
    variants: Iterable[tuple[str, dict, str, str | None]],
    fits: Iterable[str] = (),
) -> str:
    # An accessory is found by the models it fits ("coque iphone 13"), ranked below the models themselves.
    body: list[str] = list(categories) + _scalars(attributes) + list(fits)
    if gtin:
        body.append(gtin)
    for label, v_attrs, sku, v_gtin in variants:
        body += [label, *_scalars(v_attrs), sku]
        if v_gtin:
            body.append(v_gtin)
    # Keep each word once: the body is for recall; the title decides the rank.
    seen, words = set(), []
    for w in " ".join(body).split():
        if w.casefold() not in seen:
            seen.add(w.casefold())
            words.append(w)
    return f"{brand} {name}\n{' '.join(words)}"


def build_search_text(product: ProductModel, *, categories: dict[int, list[str]] | None = None) -> str:
    """'<brand> <name>' on the first line (the title), then category, attributes, variants and codes."""
    categories = categories if categories is not None else _category_names()
    return _text(
        brand=product.brand.name,
        name=product.name,
        categories=categories.get(product.category_id, []),
        gtin=product.gtin,
        attributes=product.attributes,
        variants=[(v.label, v.attributes, v.sku, v.gtin) for v in product.variants.all()],
        fits=[f"{p.brand.name} {p.name}" for p in product.compatible_with.select_related("brand")],
    )


def _split(text: str) -> tuple[str, str]:
    title, _sep, body = (text or "").partition("\n")
    return title, body


def _store(texts: dict[int, str], *, fresh: bool = False) -> None:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(
                "UPDATE catalog_productmodel AS p SET search_text = v.t "
                "FROM unnest(%s::bigint[], %s::text[]) AS v(id, t) WHERE p.id = v.id",
                [list(texts), list(texts.values())],
            )
        else:
            cur.executemany(
                "UPDATE catalog_productmodel SET search_text = %s WHERE id = %s",
                [(t, pid) for pid, t in texts.items()],
            )
    rows = [(pid, *_split(t)) for pid, t in texts.items()]
    if fresh:
        search.insert(rows)
    else:
        search.replace(rows)
    kept.changed()  # the vocabulary search forgives typos against is kept under the catalogue version


def _texts_for(product_ids: list[int], categories: dict[int, list[str]]) -> dict[int, str]:
    variants: dict[int, list] = {pid: [] for pid in product_ids}
    for pid, label, attrs, sku, gtin in (
        Variant.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "id")
        .values_list("product_id", "label", "attributes", "sku", "gtin")
    ):
        variants[pid].append((label, attrs, sku, gtin))
    fits: dict[int, list[str]] = defaultdict(list)
    for pid, brand, name in ProductModel.compatible_with.through.objects.filter(
        from_productmodel_id__in=product_ids
    ).values_list("from_productmodel_id", "to_productmodel__brand__name", "to_productmodel__name"):
        fits[pid].append(f"{brand} {name}")
    texts = {}
    for pid, brand, name, category_id, gtin, attrs in ProductModel.objects.filter(
        pk__in=product_ids
    ).values_list("pk", "brand__name", "name", "category_id", "gtin", "attributes"):
        texts[pid] = _text(
            brand=brand,
            name=name,
            categories=categories.get(category_id, []),
            gtin=gtin,
            attributes=attrs,
            variants=variants.get(pid, []),
            fits=fits.get(pid, ()),
        )
    return texts


def reindex_products(product_ids: Iterable[int]) -> int:
    """(Re)index these products for search; ids that no longer exist leave the index. Idempotent."""
    wanted = sorted({int(i) for i in product_ids})
    if not wanted:
        return 0
    with transaction.atomic():
        texts = _texts_for(wanted, _category_names())
        _store(texts)
        search.remove(set(wanted) - set(texts))
    return len(texts)


def _reindex_on_commit(product_id: int) -> None:
    # robust: a failed reindex must not turn a committed create into an error; rebuild_search_index repairs.
    transaction.on_commit(lambda: reindex_products([product_id]), robust=True)


def rebuild_search_index(progress: Progress | None = None) -> int:
    """Rebuild the whole index from the catalogue, in batches: for bulk loads (seeders, benchmark).

    `progress(iterable, desc=...)` wraps the batches (e.g. tqdm). Returns the number of products indexed.
    """
    all_ids = list(ProductModel.objects.order_by("pk").values_list("pk", flat=True))
    batches: Iterable[list[int]] = [all_ids[i : i + INDEX_BATCH] for i in range(0, len(all_ids), INDEX_BATCH)]
    if progress is not None:
        batches = progress(batches, desc="search index")
    categories = _category_names()
    done = 0
    with transaction.atomic():
        search.clear()
        for batch in batches:
            texts = _texts_for(batch, categories)
            _store(texts, fresh=True)
            done += len(texts)
    search.optimise()
    return done
