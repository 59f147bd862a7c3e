"""Deleting the previous demo rows: demo users, the demo catalogue's product models and everything hanging
off them, whatever their on_delete.
"""

from __future__ import annotations

from django.db import connection, models
from django.db.models import Q

from .. import catalog
from .catalogue import product_slug
from .context import DEMO_DOMAIN


def _is_set_rule(on_delete) -> bool:
    return on_delete in (models.SET_NULL, models.SET_DEFAULT) or hasattr(on_delete, "deconstruct")


def _delete_with_dependents(qs: models.QuerySet, tables: set[str], depth: int = 0) -> None:
    """Delete `qs` and, first, every row referencing it, whatever its on_delete (PROTECT included).

    Walks reverse relations depth first, so apps added later (orders, webhooks…) are cleaned without
    this module knowing them. Rows that merely point here with SET_NULL are left to Django; models
    whose table does not exist yet (an app not migrated) hold no rows. Each level works on ids read
    first, in chunks: nested subqueries six levels deep gave PostgreSQL plans that ran for minutes.
    """
    if depth > 12 or qs.model._meta.db_table not in tables:
        return
    pks = list(qs.values_list("pk", flat=True))
    for start in range(0, len(pks), 2000):
        _delete_rows(qs.model, pks[start : start + 2000], tables, depth)


def _delete_rows(model, pks: list, tables: set[str], depth: int) -> None:
    rows = model._base_manager.filter(pk__in=pks)
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        if _is_set_rule(rel.on_delete):
            continue
        target = rel.field.target_field.attname
        values = pks if target == model._meta.pk.attname else list(rows.values_list(target, flat=True))
        dependents = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": values})
        _delete_with_dependents(dependents, tables, depth + 1)
    rows.delete()


def demo_product_slugs() -> list[str]:
    return [product_slug(p) for p in catalog.PRODUCTS]


def purge_demo_data() -> None:
    """Delete demo users, the demo catalogue's product models and everything hanging off them."""
    from comeback.accounts.models import User
    from comeback.catalog.models import ProductModel
    from comeback.core.models import OutboxEvent
    from comeback.sellers.models import Seller

    users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
    seller_ids = list(Seller.objects.filter(user__in=users).values_list("pk", flat=True))
    if seller_ids:
        # Undelivered side effects about demo sellers would point at rows that no longer exist.
        OutboxEvent.objects.filter(payload__seller_id__in=seller_ids).delete()
    # The models of the editions demo shops made (one per edition) are not in the demo catalogue's list.
    from comeback.editions.models import Edition

    made = list(Edition.objects.filter(seller_id__in=seller_ids).values_list("product_id", flat=True))
    # A mystery order's shopper is a throwaway account outside the demo domain: it goes with the demo
    # sellers it bought from, or every re-seeding would leave one more behind.
    from comeback.orders.models import Order
    from comeback.trust.mystery import MYSTERY_EMAIL_DOMAIN

    shoppers = Order.objects.filter(
        lines__seller_id__in=seller_ids, buyer__email__iendswith=f"@{MYSTERY_EMAIL_DOMAIN}"
    ).values_list("buyer_id", flat=True)
    users = User.objects.filter(Q(pk__in=users.values("pk")) | Q(pk__in=list(shoppers)))
    tables = set(connection.introspection.table_names())
    _delete_with_dependents(users, tables)
    _delete_with_dependents(
        ProductModel.objects.filter(Q(slug__in=demo_product_slugs()) | Q(pk__in=made)), tables
    )
