"""Reading upcycled editions: the public list of collections with their pieces, and one piece for its
product page (docs/fashion.md "Upcycled editions"). A fixed number of queries whatever the list's length."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from comeback.recovery.models import Collection

from .models import Edition, EditionDonor, EditionItem


def _items() -> QuerySet[EditionItem]:
    donors = EditionDonor.objects.select_related("passport__product__brand").order_by("id")
    return (
        EditionItem.objects.select_related("offer", "passport", "variant")
        .prefetch_related(Prefetch("donors", queryset=donors))
        .order_by("number")
    )


def collections() -> QuerySet[Collection]:
    """Collections with at least one edition, newest edition first in each, every piece with its donors."""
    editions = (
        Edition.objects.select_related("product")
        .prefetch_related(Prefetch("items", queryset=_items()))
        .order_by("-created_at", "-id")
    )
    return (
        Collection.objects.filter(editions__isnull=False)
        .distinct()
        .prefetch_related(Prefetch("editions", queryset=editions))
        .order_by("name", "id")
    )


def item_of_variant(variant_id: int | None) -> EditionItem | None:
    """The numbered piece a catalogue variant is, with its edition, collection and donors (or None)."""
    if variant_id is None:
        return None
    return (
        _items()
        .select_related("edition__collection", "edition__product")
        .filter(variant_id=variant_id)
        .first()
    )


def edition_of_product(product_id: int) -> Edition | None:
    """The edition a catalogue product is the run of (or None): one query."""
    return Edition.objects.filter(product_id=product_id).first()


def editions_of(*, seller=None) -> QuerySet[Edition]:
    """A shop's editions (all for staff), newest first, for its desk."""
    rows = Edition.objects.select_related("collection", "product").order_by("-created_at", "-id")
    return rows if seller is None else rows.filter(seller=seller)


def capsules(*, market: str, limit: int = 6) -> list[Edition]:
    """The newest editions sold in a market with at least one piece made, each with how many are still
    for sale (`pieces_left`): what the fashion page links to. Two queries."""
    from django.db.models import Count, Q

    return list(
        Edition.objects.filter(market_id=market, made__gt=0)
        .select_related("collection", "product")
        .annotate(
            pieces_left=Count("items", filter=Q(items__offer__status="active", items__offer__quantity__gt=0))
        )
        .order_by("-created_at", "-id")[:limit]
    )


def is_numbered(category) -> bool:
    """Whether a category's variants are numbered pieces of an edition (read from its schema: no query)."""
    schema = getattr(category, "variant_schema", None) or {}
    return isinstance(schema, dict) and "edition_number" in (schema.get("properties") or {})


def unused_units(*, seller, collection_ids) -> dict[int, list]:
    """A shop's upcycled units not yet made into a piece, by collection: what a maker chooses donors from."""
    from comeback.recovery.models import CollectedDevice
    from comeback.recovery.models import Status as DeviceStatus

    out: dict[int, list] = {}
    rows = CollectedDevice.objects.filter(
        seller=seller,
        status=DeviceStatus.UPCYCLED,
        collection_id__in=list(collection_ids),
        edition_donor__isnull=True,
    ).select_related("tradein", "product__brand")
    for d in rows.order_by("done_at", "id")[:500]:
        out.setdefault(d.collection_id, []).append(d)
    return out
