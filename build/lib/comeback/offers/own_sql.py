"""A seller's own offer, read by hand: the same row and objects as the ORM's

    Offer.objects.select_related("variant__product__category__parent", "variant__product__brand", "market")
        .filter(pk=…, seller=…).first()

without compiling its six-table join on every reprice (about a fifth of a reprice's CPU, docs/performance.md
"Writes traced, 2026-12-06 (night)"). Every column of the seven rows is loaded and each related object cached
on the one that points to it, as select_related does (core/rows.py), so what reads the offer cannot tell the
difference. tests/offers/test_own_sql.py holds the two equal on both databases.
"""

from __future__ import annotations

from django.db import transaction

from comeback.catalog.models import Brand, Category, ProductModel, Variant
from comeback.core import hot_sql
from comeback.core.models import Market
from comeback.core.rows import Columns, split

from .models import Offer

OFFER, VARIANT, PRODUCT = (
    Columns.every(Offer, "o"),
    Columns.every(Variant, "v"),
    Columns.every(ProductModel, "p"),
)
CATEGORY, PARENT, BRAND, MARKET = (
    Columns.every(Category, "c"),
    Columns.every(Category, "cp"),
    Columns.every(Brand, "b"),
    Columns.every(Market, "m"),
)
_READ = (OFFER, VARIANT, PRODUCT, CATEGORY, PARENT, BRAND, MARKET)


def _table(model) -> str:
    return f'"{model._meta.db_table}"'


_SQL = (
    "SELECT " + ", ".join(columns.select() for columns in _READ) + f" FROM {_table(Offer)} o"
    f' INNER JOIN {_table(Variant)} v ON o."variant_id" = v."id"'
    f' INNER JOIN {_table(ProductModel)} p ON v."product_id" = p."id"'
    f' INNER JOIN {_table(Category)} c ON p."category_id" = c."id"'
    f' LEFT OUTER JOIN {_table(Category)} cp ON c."parent_id" = cp."id"'
    f' INNER JOIN {_table(Brand)} b ON p."brand_id" = b."id"'
    f' INNER JOIN {_table(Market)} m ON o."market_id" = m."{Market._meta.pk.column}"'
    ' WHERE o."id" = %s AND o."seller_id" = %s'
)


def own_offer(*, seller_id: int, offer_id: int) -> Offer | None:
    """The offer `offer_id` if `seller_id` sells it, with its variant, product, category (and its parent), brand
    and market loaded; None otherwise."""
    conn = transaction.get_connection()
    low, high = conn.ops.integer_field_range(Offer._meta.pk.get_internal_type())
    if (low is not None and offer_id < low) or (high is not None and offer_id > high):
        return None  # no row can have it: the ORM answers nothing, without asking the database
    with hot_sql.cursor() as cur:
        cur.execute(_SQL, [offer_id, seller_id])
        row = cur.fetchone()
    if row is None:
        return None
    alias = conn.alias
    parts = split(row, *_READ)
    offer, variant, product, category = (
        columns.build(alias, values) for columns, values in zip(_READ[:4], parts[:4], strict=True)
    )
    parent = PARENT.build(alias, parts[4]) if parts[4][0] is not None else None
    brand, market = BRAND.build(alias, parts[5]), MARKET.build(alias, parts[6])
    Offer.variant.field.set_cached_value(offer, variant)
    Offer.market.field.set_cached_value(offer, market)
    Variant.product.field.set_cached_value(variant, product)
    ProductModel.category.field.set_cached_value(product, category)
    ProductModel.brand.field.set_cached_value(product, brand)
    Category.parent.field.set_cached_value(category, parent)
    return offer
