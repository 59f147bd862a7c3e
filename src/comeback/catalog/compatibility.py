"""Which accessories fit which models (docs/fashion.md "Customisation").

An accessory's model declares what it fits: models (`ProductModel.compatible_with`, "this strap fits the
Watch Series 7") or whole categories (`ProductModel.compatible_categories`, "this strap fits every
smartwatch"), a category covering its sub-categories (three levels: the catalogue's depth). The catalogue
lets only accessories declare either (`catalog.services`). Each question is one query.
"""

from __future__ import annotations

from django.db.models import Q

from .models import ProductModel

# A model's category and its ancestors, as subqueries (the category tree is at most three levels deep).
_LINEAGE = ("category_id", "category__parent_id", "category__parent__parent_id")


def _fits_any(product_ids: list[int]) -> Q:
    owners = ProductModel.objects.filter(pk__in=product_ids)
    by_category = Q()
    for path in _LINEAGE:
        by_category |= Q(compatible_categories__in=owners.exclude(**{f"{path}__isnull": True}).values(path))
    return Q(compatible_with__in=product_ids) | by_category


def accessories_for(product_ids: list[int], limit: int = 50) -> list[int]:
    """Ids of accessory models that fit any of these models, by model or by category."""
    if not product_ids:
        return []
    return list(
        ProductModel.objects.filter(_fits_any(product_ids))
        .exclude(pk__in=product_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )


def fits(*, accessory_id: int, product_id: int) -> bool:
    """Whether the accessory model declares it fits that model, or that model's category."""
    if accessory_id == product_id:
        return False
    return ProductModel.objects.filter(_fits_any([product_id]), pk=accessory_id).exists()
