"""Reads of buying: carts with totals and add-ons, a buyer's orders, a seller's lines, reviews, timelines.

Reads that show time-derived states first let the clock catch up (services.fulfilment.catch_up), so
what a user sees never depends on a cron having run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.offers.models import Offer
from comeback.offers.selectors import rank_offers, visible_offers

from . import fees
from .models import Cart, CartItem, LineStatus, Order, OrderLine, Return, Review

ADDON_LIMIT = 6


# Cart -------------------------------------------------------------------------------------------
@dataclass
class CartView:
    market: object
    cart: Cart | None
    items: list[CartItem] = field(default_factory=list)
    unavailable: list[CartItem] = field(default_factory=list)  # offers no longer for sale (or not enough stock)

    @property
    def currency(self) -> str:
        return self.market.currency

    @property
    def items_amount(self) -> int:
        return sum(i.offer.price_amount * i.quantity for i in self.items)

    @property
    def fee_amount(self) -> int:
        return fees.buyer_fee(self.items_amount, self.market.buyer_fee_bps)

    @property
    def total_amount(self) -> int:
        return self.items_amount + self.fee_amount

    @property
    def count(self) -> int:
        return sum(i.quantity for i in self.items)

    @property
    def sellers(self) -> int:
        return len({i.offer.seller_id for i in self.items})


def cart_view(*, user, market_code: str) -> CartView:
    market = markets.get(market_code)
    cart = Cart.objects.filter(user=user, market=market).first()
    view = CartView(market=market, cart=cart)
    if cart is None:
        return view
    items = list(
        CartItem.objects.filter(cart=cart)
        .select_related("offer__seller", "offer__variant__product__brand", "offer__variant__product__category")
    )
    visible = set(visible_offers(market.code).filter(pk__in=[i.offer_id for i in items]).values_list("pk", flat=True))
    for item in items:
        ok = item.offer_id in visible and item.quantity <= item.offer.quantity
        (view.items if ok else view.unavailable).append(item)
    return view


def cart_count(*, user, market_code: str) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return sum(CartItem.objects.filter(cart__user=user, cart__market_id=market_code).values_list("quantity", flat=True))


def addon_offers(*, product_ids: list[int], market_code: str, limit: int = ADDON_LIMIT) -> list[Offer]:
    """The best visible offer of each accessory compatible with these products (straps, cases, chargers).

    Accessories are product models linked through `ProductModel.compatible_with` (related name
    `accessories`); until the catalogue has that link there are no add-ons.
    """
    from comeback.catalog.models import ProductModel

    if not product_ids or not hasattr(ProductModel, "accessories"):
        return []
    accessory_ids = list(
        ProductModel.objects.filter(compatible_with__in=product_ids).exclude(pk__in=product_ids)
        .values_list("pk", flat=True).distinct()[:50]
    )
    if not accessory_ids:
        return []
    offers = list(
        visible_offers(market_code).filter(variant__product_id__in=accessory_ids)
        .select_related("seller", "variant__product__brand", "variant__product__category")
    )
    best: dict[int, Offer] = {}
    for slot in rank_offers(offers).values():
        winner = slot.winner
        product_id = winner.variant.product_id
        if product_id not in best or winner.price_amount < best[product_id].price_amount:
            best[product_id] = winner
    return sorted(best.values(), key=lambda o: (o.price_amount, o.pk))[:limit]


# Orders -----------------------------------------------------------------------------------------
def _order_qs() -> QuerySet[Order]:
    return Order.objects.select_related("payment", "market").prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.select_related("seller", "product", "review", "return_request", "refund")
            .order_by("fulfilment_id", "id"),
        ),
    )


def buyer_order(*, buyer, order_id: int | None = None, ref: str | None = None) -> Order | None:
    from .services.fulfilment import catch_up_lines

    qs = _order_qs().filter(buyer=buyer)
    order = qs.filter(pk=order_id).first() if order_id is not None else qs.filter(ref=ref).first()
    if order is None:
        return None
    from .services.checkout import expire_if_due

    changed = expire_if_due(order, at=clock.now())
    lines = list(order.lines.all())
    for ln in lines:
        ln.order = order
    changed = catch_up_lines(lines) or changed
    if changed:  # something moved with time: read it again
        return _order_qs().get(pk=order.pk)
    return order


def buyer_orders_detailed(*, buyer, limit: int = 20) -> list[Order]:
    """The buyer's latest orders with lines, payment, reviews and returns, after the clock caught up."""
    from .services.fulfilment import catch_up

    catch_up(buyer=buyer)
    return list(_order_qs().filter(buyer=buyer)[:limit])


def buyer_orders(*, buyer, limit: int = 50) -> list[Order]:
    return list(
        Order.objects.filter(buyer=buyer).select_related("market")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.only(
            "id", "order_id", "title", "status", "price_amount", "currency")))[:limit]
    )


def fulfilments_of(order: Order) -> list[dict]:
    """Lines grouped per seller, in the order's display order."""
    groups: dict[int, dict] = {}
    for line in order.lines.all():
        g = groups.setdefault(line.fulfilment_id, {"id": line.fulfilment_id, "seller": line.seller, "lines": []})
        g["lines"].append(line)
    return list(groups.values())


def related(line: OrderLine, name: str):
    """A reverse one-to-one (review, return_request, refund) or None, without a query when prefetched."""
    try:
        return getattr(line, name)
    except ObjectDoesNotExist:
        return None


TIMELINE_FIELDS = [
    ("created_at", "ordered"), ("paid_at", "paid"), ("accepted_at", "accepted"), ("shipped_at", "shipped"),
    ("delivered_at", "delivered"), ("completed_at", "completed"), ("cancelled_at", "cancelled"),
    ("refunded_at", "refunded"), ("released_at", "released"),
]


def timeline(order: Order) -> list[dict]:
    """What happened to an order, oldest first: one entry per distinct (event, time) across its lines."""
    events: list[dict] = [{"at": order.created_at, "event": "ordered", "lines": []}]
    if order.paid_at:
        events.append({"at": order.paid_at, "event": "paid", "lines": []})
    if order.released_at:
        events.append({"at": order.released_at, "event": order.status, "lines": []})
    seen: dict[tuple, dict] = {}
    for line in order.lines.all():
        for attr, name in TIMELINE_FIELDS[2:]:
            at = getattr(line, attr, None)
            if at is None or name == "released":
                continue
            entry = seen.get((name, at))
            if entry is None:
                entry = seen[(name, at)] = {"at": at, "event": name, "lines": []}
                events.append(entry)
            entry["lines"].append(line)
        ret = related(line, "return_request")
        if ret is not None:
            for attr, name in (("requested_at", "return_requested"), ("received_at", "return_received")):
                at = getattr(ret, attr)
                if at is not None:
                    events.append({"at": at, "event": name, "lines": [line], "reason": ret.get_reason_display()})
    return sorted(events, key=lambda e: (e["at"], e["event"]))


# Sellers ----------------------------------------------------------------------------------------
SELLER_STATUS_FILTERS = {
    "to_accept": [LineStatus.PAID],
    "to_ship": [LineStatus.ACCEPTED],
    "shipped": [LineStatus.SHIPPED],
    "delivered": [LineStatus.DELIVERED, LineStatus.COMPLETED],
    "cancelled": [LineStatus.CANCELLED, LineStatus.REFUNDED],
}


def seller_lines(*, seller, status: str | None = None, page: int = 1, per_page: int = 50) -> tuple[list[OrderLine], int]:
    """A seller's paid lines (never another seller's), newest first, optionally by status or filter name."""
    from .services.fulfilment import catch_up

    catch_up(seller=seller)
    qs = OrderLine.objects.filter(seller=seller).exclude(status__in=[LineStatus.RESERVED, LineStatus.RELEASED])
    if status:
        qs = qs.filter(status__in=SELLER_STATUS_FILTERS.get(status, [status]))
    total = qs.count()
    start = (max(page, 1) - 1) * per_page
    lines = list(qs.select_related("order", "order__buyer", "return_request").order_by("-paid_at", "-id")[
        start:start + per_page])
    return lines, total


def seller_returns(*, seller, open_only: bool = True, limit: int = 100) -> list[Return]:
    qs = Return.objects.filter(seller=seller).select_related("line", "order")
    if open_only:
        qs = qs.filter(status__in=["requested", "received"])
    return list(qs[:limit])


def is_late(line: OrderLine, at: datetime) -> bool:
    """Not shipped within the handling time (DESIGN.md §2 Quality: late-shipment rate)."""
    if line.ship_by is None:
        return False
    if line.shipped_at is not None:
        return line.shipped_at >= line.ship_by
    return line.status in (LineStatus.PAID, LineStatus.ACCEPTED) and at >= line.ship_by


# Reviews ----------------------------------------------------------------------------------------
def _with_author(reviews: list[Review]) -> list[Review]:
    for r in reviews:  # a first name only: reviews are public, buyers are not
        r.author = (r.buyer.name or "").split(" ")[0] or _("A buyer")
    return reviews


def reviews_for_product(product_id: int, limit: int = 10) -> list[Review]:
    """Recent reviews of a product model, for its page: stars, comment, date, seller, `author` (first name)."""
    return _with_author(list(Review.objects.filter(product_id=product_id).select_related("seller", "buyer")[:limit]))


def reviews_for_seller(seller_id: int, limit: int = 10) -> list[Review]:
    """Recent reviews of a seller, for its public page (same fields, with `product`)."""
    return _with_author(list(Review.objects.filter(seller_id=seller_id).select_related("product", "buyer")[:limit]))
