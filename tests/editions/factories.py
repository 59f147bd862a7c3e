"""Editions test data: units upcycled into a collection through recovery's services, an upcycled-editions
category whose variants carry an edition number, and editions made through the editions services."""

from __future__ import annotations

from comeback.catalog.models import Category
from comeback.core import outbox
from comeback.editions import services
from comeback.recovery import services as recovery
from tests.recovery.factories import collected, collection, op
from tests.tradein.factories import phone

EDITIONS_SCHEMA = {
    "type": "object",
    "properties": {"edition_number": {"type": "integer", "minimum": 1}},
    "additionalProperties": False,
}


def upcycled_category() -> Category:
    return Category.objects.get_or_create(
        slug="upcycled-editions",
        defaults={
            "name": "Upcycled editions",
            "kind": "apparel",
            "condition_scheme": "apparel",
            "variant_schema": EDITIONS_SCHEMA,
        },
    )[0]


def upcycled(seller, coll, n: int = 1, *, product=None) -> list[str]:
    """`n` units of one phone model bought by `seller`, routed to upcycling and allocated to `coll`: their
    trade-in refs. Give `product` when a test upcycles several batches (one model, no GTIN drawn twice)."""
    product = product or phone()
    refs = []
    for _ in range(n):
        t = collected(seller, "upcycle", product=product)
        recovery.upcycle(op=op(seller), ref=t.ref, collection_id=coll.pk)
        refs.append(t.ref)
    outbox.drain()
    return refs


def draft(coll, **overrides) -> services.EditionDraft:
    values = {
        "collection_id": coll.pk,
        "name": "Flip Buckle Belt",
        "category": upcycled_category().slug,
        "size": 50,
        "price": 8900,
        "market": "FR",
        "story": "Each buckle is an old flip phone's shell.",
        **overrides,
    }
    return services.EditionDraft(**values)


def edition(seller, coll=None, **overrides):
    coll = coll or collection()
    return services.create_edition(op=op(seller), draft=draft(coll, **overrides))


__all__ = ["collection", "draft", "edition", "op", "phone", "upcycled", "upcycled_category"]
