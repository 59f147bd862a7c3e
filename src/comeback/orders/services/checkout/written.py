"""A new order's answer, built from what its checkout wrote instead of read back.

The buyer's API answers a checkout with the order as `selectors.buyer_order` reads it (its payment, fulfilments
and lines). Reading back what the checkout had just written cost about half of the request's CPU, and the
checkout already holds all of it: the order and payment it inserted and updated, each line's columns and
moves, each seller's name read with the cart. A new order has no review, return or refund yet.

tests/orders/test_checkout_answer.py holds the two answers equal, field by field and byte for byte.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from comeback.sellers.models import Seller

from ...models import LineStatus, Order, OrderLine, OrderStatus, PaymentStatus
from .requests import CheckoutResult
from .reserve import ReservedLine

# The reverse one-to-ones a line may have later; `selectors.related` answers None for them without a query.
_NOT_YET = (OrderLine.review.related, OrderLine.return_request.related, OrderLine.refund.related)
_LINE_NAMES = tuple(f.attname for f in OrderLine._meta.concrete_fields)
# The columns of a new line that checkout leaves as its INSERT made them (reserve.py's _LINE_SQL).
_UNTOUCHED = {
    "legal_guarantee_extension_months": 0,
    "accepted_at": None,
    "shipped_at": None,
    "delivered_at": None,
    "completed_at": None,
    "cancelled_at": None,
    "refunded_at": None,
    "released_at": None,
    "cancelled_by": "",
    "cancel_reason": "",
    "delivered_by": "",
    "tracking_number": "",
    "carrier": "",
    "imei": "",
    "serial": "",
    "unit_identified": True,
    "payout_id": None,
}
_WRITTEN = (
    "id",
    "order_id",
    "fulfilment_id",
    "seller_id",
    "offer_id",
    "product_id",
    "title",
    "variant_label",
    "grade",
    "price_amount",
    "fee_amount",
    "commission_amount",
    "currency",
    "warranty_months",
    "handling_days",
    "status",
    "paid_at",
    "accept_by",
    "ship_by",
    "attached_to_id",
)
_UNPLACED = set(_LINE_NAMES) ^ (set(_WRITTEN) | set(_UNTOUCHED))
if _UNPLACED:  # at import, not in a buyer's request: a column added to OrderLine is placed here first
    raise ImproperlyConfigured(f"say what checkout writes into orders.OrderLine's {sorted(_UNPLACED)}")


def as_written(result: CheckoutResult) -> Order | None:
    """The order of a checkout that just created it, as `selectors.buyer_order` would read it; None when only a
    read knows it (a replay, or the order moved under another request: the reservation lapsed while paying)."""
    order, lines = result.order, result.lines
    if not result.created or not lines:
        return None
    if order.status == OrderStatus.PAID:
        whole = all(ln.status == LineStatus.PAID for ln in lines)
    elif order.status == OrderStatus.AWAITING_PAYMENT:
        whole = order.payment.status == PaymentStatus.REQUIRES_ACTION and all(
            ln.status == LineStatus.RESERVED for ln in lines
        )
    else:
        whole = False
    if not whole:
        return None
    alias = order._state.db
    order.shipping_address = _as_stored(order.shipping_address, alias)
    sellers: dict[int, Seller] = {}
    built = []
    for ln in sorted(lines, key=lambda ln: (ln.fulfilment_id, ln.pk)):  # the read's order
        seller = sellers.get(ln.seller_id)
        if seller is None:  # as `.only("id", "display_name")` loads it: the answer shows no more of it
            seller = sellers[ln.seller_id] = Seller.from_db(
                alias, ("id", "display_name"), (ln.seller_id, ln.seller_name)
            )
        built.append(_line(alias, ln, order, seller))
    # What prefetch_related("lines") leaves: `order.lines.all()` answers these without a query.
    prefetched = order.lines.get_queryset()
    prefetched._result_cache, prefetched._prefetch_done = built, True
    order._prefetched_objects_cache = {"lines": prefetched}
    return order


def _line(alias: str, ln: ReservedLine, order: Order, seller: Seller) -> OrderLine:
    """The line as the database holds it now: the columns checkout inserted, then those confirming set."""
    # ReservedLine's fields are named as the columns; its id is `pk`, its status may be the enum.
    columns = {**_UNTOUCHED, **{name: getattr(ln, name) for name in _WRITTEN if name != "id"}}
    columns["id"], columns["status"] = ln.pk, str(ln.status)
    line = OrderLine.from_db(alias, _LINE_NAMES, [columns[name] for name in _LINE_NAMES])
    OrderLine.order.field.set_cached_value(line, order)
    OrderLine.seller.field.set_cached_value(line, seller)
    for rel in _NOT_YET:
        rel.set_cached_value(line, None)
    return line


def _as_stored(value: dict, alias: str) -> dict:
    """A JSON object as the database gives it back: PostgreSQL's jsonb keeps its keys shortest first, then in
    byte order; SQLite keeps the text as written."""
    if connections[alias].vendor != "postgresql":
        return value
    return dict(sorted(value.items(), key=lambda kv: (len(kv[0].encode()), kv[0].encode())))
