"""A product page's model read by hand for the process's kept catalogue (catalog/kept.py): the same objects as

    ProductModel.objects.select_related("brand", "category", "category__parent").prefetch_related("images")
    .filter(slug=…).first(), then its `.variants.all()`

in one round trip on PostgreSQL (core/rows.py `read_together`) and without compiling three queries. A page no
process had seen paid 5.3 ms for them, nearly all of it the ORM building SQL and instances (docs/performance.md
"Render path: a product page never seen"). Each instance is what the ORM builds (`Model.from_db` through the
ORM's converters, every column loaded), with the same relations cached: the brand, the category and its parent,
the photos as a prefetched `images.all()`, and each variant's and photo's `.product`.
tests/catalog/test_product_sql.py holds the two equal on both databases.
"""

from __future__ import annotations

from django.db import router

from comeback.core.rows import Columns, Read, read_together, split

from .models import Brand, Category, ProductImage, ProductModel, Variant

# Aliases are the tables' own names, so a statement reads as the ORM's would in a captured query.
PRODUCT = Columns.every(ProductModel, '"catalog_productmodel"')
BRAND = Columns.every(Brand, '"catalog_brand"')
CATEGORY = Columns.every(Category, '"catalog_category"')
PARENT = Columns.every(Category, "parent")
VARIANT = Columns.every(Variant, '"catalog_variant"')
IMAGE = Columns.every(ProductImage, '"catalog_productimage"')

_MODEL = (
    f"SELECT {PRODUCT.select()}, {BRAND.select()}, {CATEGORY.select()}, {PARENT.select()}"
    ' FROM "catalog_productmodel"'
    ' INNER JOIN "catalog_brand" ON "catalog_productmodel"."brand_id" = "catalog_brand"."id"'
    ' INNER JOIN "catalog_category" ON "catalog_productmodel"."category_id" = "catalog_category"."id"'
    ' LEFT OUTER JOIN "catalog_category" parent ON "catalog_category"."parent_id" = parent."id"'
    ' WHERE "catalog_productmodel"."{key}" = %s'
)
# The variants and photos of the model named the same way, in their models' order (Meta.ordering).
_VARIANTS = (
    f'SELECT {VARIANT.select()} FROM "catalog_variant"'
    ' INNER JOIN "catalog_productmodel" ON "catalog_variant"."product_id" = "catalog_productmodel"."id"'
    ' WHERE "catalog_productmodel"."{key}" = %s ORDER BY "catalog_variant"."product_id", "catalog_variant"."id"'
)
_IMAGES = (
    f'SELECT {IMAGE.select()} FROM "catalog_productimage"'
    ' INNER JOIN "catalog_productmodel" ON "catalog_productimage"."product_id" = "catalog_productmodel"."id"'
    ' WHERE "catalog_productmodel"."{key}" = %s'
    ' ORDER BY "catalog_productimage"."position", "catalog_productimage"."id"'
)
_SQL = {key: tuple(s.replace("{key}", key) for s in (_MODEL, _VARIANTS, _IMAGES)) for key in ("slug", "id")}


def read_model(
    *, slug: str | None = None, product_id: int | None = None
) -> tuple[ProductModel, tuple] | None:
    """The model with this slug (or id), its brand, category (and parent) and photos loaded, and its variants
    in their order; None when there is none."""
    key, value = ("slug", slug) if slug is not None else ("id", product_id)
    alias = router.db_for_read(ProductModel)
    model_rows, variant_rows, image_rows = read_together([Read(alias, sql, [value]) for sql in _SQL[key]])
    if not model_rows:
        return None
    product = _model(alias, model_rows[0])
    variants = tuple(_of_product(VARIANT, alias, row, product) for row in variant_rows)
    images = [_of_product(IMAGE, alias, row, product) for row in image_rows]
    # What prefetch_related("images") leaves: `product.images.all()` answers these without a query.
    prefetched = product.images.get_queryset()
    prefetched._result_cache, prefetched._prefetch_done = images, True
    product._prefetched_objects_cache = {"images": prefetched}
    return product, variants


def _model(alias: str, row: tuple) -> ProductModel:
    product_values, brand_values, category_values, parent_values = split(
        row, PRODUCT, BRAND, CATEGORY, PARENT
    )
    product = PRODUCT.build(alias, product_values)
    category = CATEGORY.build(alias, category_values)
    # A category without a parent: select_related caches None, so `.parent` reads nothing either.
    parent = PARENT.build(alias, parent_values) if parent_values[0] is not None else None
    Category.parent.field.set_cached_value(category, parent)
    ProductModel.brand.field.set_cached_value(product, BRAND.build(alias, brand_values))
    ProductModel.category.field.set_cached_value(product, category)
    return product


def _of_product(columns: Columns, alias: str, row: tuple, product: ProductModel):
    """A variant or photo of `product`, its `.product` cached as a related manager's rows have it."""
    found = columns.build(alias, row)
    type(found).product.field.set_cached_value(found, product)
    return found
