"""Writes of the catalogue: categories, brands, product models, variants and the search index (docs/design.md §2).

What a model or variant carries is checked against its category's JSON Schemas (draft 2020-12), so the
engine never assumes a phone. Every create runs in one transaction and re-indexes the product for search
after commit (docs/design.md §5: reindexing is a side effect); indexing is idempotent.

The parts:

- validation.py  problem details and the categories' attribute schemas
- categories.py  categories and brands
- products.py    product models: materials, textile facts, compatibility
- variants.py    variants, their labels and GTINs
- indexing.py    the search index: a product's text, re-indexing, rebuilding
"""

from __future__ import annotations

from .categories import create_brand, create_category
from .indexing import INDEX_BATCH, build_search_text, rebuild_search_index, reindex_products
from .products import TEXTILE_TOPIC, check_materials, create_product, set_compatibility, set_textile
from .validation import COUNTRIES, MAX_WEIGHT_GRAMS, SLUG, check_schema, validate_attributes
from .variants import assign_variant_gtin, attributes_key, create_variant, variant_label

__all__ = [
    "COUNTRIES",
    "INDEX_BATCH",
    "MAX_WEIGHT_GRAMS",
    "SLUG",
    "TEXTILE_TOPIC",
    "assign_variant_gtin",
    "attributes_key",
    "build_search_text",
    "check_materials",
    "check_schema",
    "create_brand",
    "create_category",
    "create_product",
    "create_variant",
    "rebuild_search_index",
    "reindex_products",
    "set_compatibility",
    "set_textile",
    "validate_attributes",
    "variant_label",
]
