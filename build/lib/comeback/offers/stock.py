"""An offer's stock (`Offer.quantity`): the one module that moves it (docs/design.md §3 "One writer per fact").

Every move is one conditional UPDATE (never below zero, backed by the CHECK `quantity >= 0`) and emits the
stock event, `offer.updated` with `fields: ["quantity"]`, in the same transaction: the anonymous page cache
and the sellers' webhooks learn of every unit taken or given back, whoever moved it (checkout, a cancellation,
a warranty replacement, a refurbished unit listed). A seller editing its listing's terms sets the number in
`services.update_listing`, one guarded UPDATE with the other terms, which emits the same event.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F, Q

from comeback.core import outbox

from .models import Offer, OfferStatus

# Checkout's hot path runs this hand-written statement on its own cursor: the ORM cost more CPU than the
# database did (docs/buying.md "Performance"); tests/orders/test_checkout_sql.py keeps it equal to `take`.
TAKE_SQL = "UPDATE offers_offer SET quantity = quantity - %s WHERE id = %s AND quantity >= %s AND status = %s"


def _event(offer_id: int, seller_id: int) -> tuple[str, dict]:
    return ("offer.updated", {"offer_id": offer_id, "seller_id": seller_id, "fields": ["quantity"]})


def take_for_checkout(
    cur, wanted: list[tuple[int, int, int]], *, known: dict[int, dict] | None = None
) -> int | None:
    """Take `n` units of each `(offer_id, n, seller_id)` from active offers, in the order given (callers sort
    by id, so two baskets lock shared offers in the same order). Answers the first offer that had too few
    units, nothing else taken by the caller's rollback; None when all were taken. Inside the caller's
    transaction. `known`, by offer, is where each shows (offers/events.py), when the caller read it."""
    for offer_id, n, _seller_id in wanted:
        cur.execute(TAKE_SQL, [n, offer_id, n, OfferStatus.ACTIVE])
        if cur.rowcount != 1:
            return offer_id
    outbox.emit_many(
        [_event(offer_id, seller_id) for offer_id, _n, seller_id in wanted],
        known=[(known or {}).get(offer_id, {}) for offer_id, _n, _seller_id in wanted],
    )
    return None


def take(*, offer_id: int, n: int = 1, at: datetime | None = None) -> bool:
    """Take `n` units of an offer whatever its status (a warranty replacement comes out of a listing a seller
    may have paused). False, nothing written, when fewer than `n` are left."""
    fields = {"quantity": F("quantity") - n}
    if at is not None:
        fields["updated_at"] = at
    with transaction.atomic():
        seller_id = _move(offer_id, Offer.objects.filter(pk=offer_id, quantity__gte=n), fields)
        if seller_id is None:
            return False
        outbox.emit_many([_event(offer_id, seller_id)])
    return True


def give_back(units: dict[int, int]) -> None:
    """Put units back on sale, `{offer_id: n}` (a released reservation, a cancelled line)."""
    if not units:
        return
    with transaction.atomic():
        for offer_id in sorted(units):  # by id, as checkout takes them: no deadlock
            Offer.objects.filter(pk=offer_id).update(quantity=F("quantity") + units[offer_id])
        sellers = dict(Offer.objects.filter(pk__in=list(units)).values_list("pk", "seller_id"))
        outbox.emit_many([_event(offer_id, sellers[offer_id]) for offer_id in sorted(sellers)])


def add_unit(*, offer_id: int, seller_id: int, battery_health: int | None, at: datetime) -> bool:
    """One more unit on a seller's offer that is not withdrawn, refused (False) when the offer promises
    more battery than this unit has, so the promise holds for every unit it sells."""
    kept = Q(battery_health_min__isnull=True) | Q(
        battery_health_min__lte=battery_health if battery_health is not None else 100
    )
    rows = Offer.objects.filter(pk=offer_id, seller_id=seller_id).exclude(status=OfferStatus.WITHDRAWN)
    with transaction.atomic():
        if _move(offer_id, rows.filter(kept), {"quantity": F("quantity") + 1, "updated_at": at}) is None:
            return False
        outbox.emit_many([_event(offer_id, seller_id)])
    return True


def _move(offer_id: int, rows, fields: dict) -> int | None:
    """The guarded UPDATE; the moved offer's seller, or None when no row qualified."""
    if not rows.update(**fields):
        return None
    return Offer.objects.filter(pk=offer_id).values_list("seller_id", flat=True)[0]
