"""The catalogue's slow-moving reads, kept per process under the catalogue version (docs/performance.md
"Render path: catalogue reads kept").

A product page reads its model (brand, category and parent), the model's variants and official photos on
every request, and they change only when staff, a brand or a bulk import edit the catalogue. Each process
keeps what it has read, tagged with the shared version `catalogue` (core/versioned.py, a row in the database
like the markets' version): every catalogue write bumps it in its own transaction, and every process reads
again within `CONFIG_CHECK_SECONDS` (this process at once).

Who bumps: a save or delete of a category, brand, model, variant or model photo, and a change of what an
accessory fits (its models or categories), through the signals connected in `connect()` (services, the admin,
factories, the demo); a write that sends no signal
(`QuerySet.update`, `bulk_create`, raw SQL) calls `changed()` itself in its transaction.

What is kept is shared by every request of the process: read it, never change it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save

from comeback.core import versioned

VERSION = "catalogue"
# A bound on the models kept per process (a crawl of a large catalogue must not grow it without end): past it
# the kept models are forgotten and read again as asked.
MAX_PRODUCTS = 5_000
MAX_ROWS = 50_000  # the same bound on each table of rows by id (`rows()`: search's product cards)
MAX_MATCHED = 200_000  # the same bound on the (id, rank) pairs of the text searches kept (`matched()`)
ACCESSORIES_READ = 50  # the accessories a model is offered with at most, as `accessories_for` limits them


@dataclass(frozen=True)
class KeptProduct:
    """A model with its brand, category (and parent), official photos (`product.images.all()` reads no more)
    and its variants in their order (each variant's `.product` is the model)."""

    product: object
    variants: tuple


class _Kept:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_slug: dict[str, KeptProduct] = {}
        self.by_id: dict[int, KeptProduct] = {}
        self.tables: dict[str, object] = {}
        self.rows: dict[str, dict] = {}
        self.matches: dict[tuple, tuple] = {}
        self.matched = 0  # (id, rank) pairs held in `matches`


_copy: versioned.Copy[_Kept] = versioned.Copy(VERSION, load=_Kept)


def changed() -> None:
    """The catalogue was edited (in the current transaction): every process reads it again."""
    versioned.bump(VERSION)


def version() -> int | None:
    """The catalogue version this process's kept reads carry, checked as any read checks it."""
    _copy.get()
    return _copy.version


def product(*, slug: str | None = None, product_id: int | None = None) -> KeptProduct | None:
    """The model with this slug (or id), or None when there is none."""
    kept = _copy.get()
    table, key = (kept.by_slug, slug) if slug is not None else (kept.by_id, product_id)
    with kept.lock:
        if key in table:
            return table[key]
    found = _read_product(slug=slug, product_id=product_id)
    if found is None:
        return None  # not kept: a model created later must show without waiting for a bump elsewhere
    with kept.lock:
        if len(kept.by_id) >= MAX_PRODUCTS:
            kept.by_slug.clear()
            kept.by_id.clear()
        kept.by_slug[found.product.slug] = found
        kept.by_id[found.product.pk] = found
    return found


def _read_product(*, slug: str | None, product_id: int | None) -> KeptProduct | None:
    from .product_sql import read_model

    # By hand, in one round trip (catalog/product_sql.py).
    found = read_model(slug=slug, product_id=product_id)
    return KeptProduct(product=found[0], variants=found[1]) if found is not None else None


def accessories(product_id: int) -> tuple[int, ...]:
    """Ids of the accessory models that fit this model, by model or by its category or an ancestor, in id order
    (catalog/compatibility.py `accessories_for`, read from what is kept: no query once the process has read the
    two link tables under this catalogue version)."""
    found = product(product_id=product_id)
    if found is None:
        return ()
    by_model, by_category = _table("fits", _read_fits)
    category = found.product.category
    lineage = (category.pk, category.parent_id, category.parent.parent_id if category.parent else None)
    fitting = set(by_model.get(product_id, ()))
    for category_id in lineage:
        fitting.update(by_category.get(category_id, ()))
    fitting.discard(product_id)
    return tuple(sorted(fitting)[:ACCESSORIES_READ])


def _read_fits() -> tuple[dict[int, tuple[int, ...]], dict[int, tuple[int, ...]]]:
    """What every accessory declares it fits, both link tables whole: {model id: accessory ids} and {category
    id: accessory ids}. Read once per catalogue version instead of once per model: a model never seen cost
    3.6 ms of compiling the two-table union, and a link is two integers (docs/performance.md "Render path: a
    product page never seen")."""
    from .models import ProductModel

    by_model: dict[int, list[int]] = {}
    by_category: dict[int, list[int]] = {}
    links = ProductModel.compatible_with.through.objects.values_list(
        "to_productmodel_id", "from_productmodel_id"
    )
    for model_id, accessory_id in links.iterator():
        by_model.setdefault(model_id, []).append(accessory_id)
    declared = ProductModel.compatible_categories.through.objects.values_list(
        "category_id", "productmodel_id"
    )
    for category_id, accessory_id in declared.iterator():
        by_category.setdefault(category_id, []).append(accessory_id)
    return (
        {k: tuple(v) for k, v in by_model.items()},
        {k: tuple(v) for k, v in by_category.items()},
    )


def categories() -> list:
    """Every category, in the table's order (a new list; the categories themselves are shared)."""
    from .models import Category

    return list(_table("categories", lambda: tuple(Category.objects.all())))


def brands() -> list:
    """Every brand, in the table's order (a new list; the brands themselves are shared)."""
    from .models import Brand

    return list(_table("brands", lambda: tuple(Brand.objects.all())))


def table(name: str, read):
    """What `read()` derives from the catalogue alone, kept under its version (a brand's slug and name by id)."""
    return _table(name, read)


def rows(name: str, ids, read) -> dict:
    """{id: row} for these ids, kept under the catalogue version; `read(missing ids)` answers {id: row} for those
    it finds (search's product cards: a model's name, brand, category and first picture). An id it does not find
    is not kept, so a model created later shows without waiting for a bump elsewhere."""
    kept = _copy.get()
    with kept.lock:
        table = kept.rows.setdefault(name, {})
        found = {i: table[i] for i in ids if i in table}
    missing = [i for i in ids if i not in found]
    if missing:
        fresh = read(missing)
        with kept.lock:
            if len(table) + len(fresh) > MAX_ROWS:
                table.clear()
            table.update(fresh)
        found.update(fresh)
    return found


def matched(words: tuple[str, ...], read) -> list:
    """The text search's answer for these words (catalog/search.py `match`), kept under the catalogue version:
    only catalog/services/indexing.py writes the index, and it bumps the version in the same transaction. A
    search asked again then costs no statement (on PostgreSQL a round trip, with its rows converted)."""
    kept = _copy.get()
    with kept.lock:
        found = kept.matches.get(words)
    if found is None:
        found = tuple(read())
        with kept.lock:
            if kept.matched + len(found) > MAX_MATCHED:
                kept.matches.clear()
                kept.matched = 0
            if len(found) <= MAX_MATCHED and words not in kept.matches:
                kept.matches[words] = found
                kept.matched += len(found)
    return list(found)


def _table(name: str, read):
    kept = _copy.get()
    with kept.lock:
        if name in kept.tables:
            return kept.tables[name]
    rows = read()
    with kept.lock:
        kept.tables[name] = rows
    return rows


def _on_write(sender, **kwargs) -> None:
    changed()


def connect() -> None:
    """Bump the catalogue version on every save and delete of what is kept, and on every change of what an
    accessory fits (CatalogConfig.ready)."""
    from .models import Brand, Category, ProductImage, ProductModel, Variant

    for model in (Category, Brand, ProductModel, Variant, ProductImage):
        post_save.connect(_on_write, sender=model, dispatch_uid=f"catalogue-version-save-{model.__name__}")
        post_delete.connect(
            _on_write, sender=model, dispatch_uid=f"catalogue-version-delete-{model.__name__}"
        )
    for links in (ProductModel.compatible_with.through, ProductModel.compatible_categories.through):
        m2m_changed.connect(_on_links, sender=links, dispatch_uid=f"catalogue-version-links-{links.__name__}")


def _on_links(sender, action: str, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        changed()
