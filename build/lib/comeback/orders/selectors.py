"""Reads of buying: carts with totals and add-ons, a buyer's orders, a seller's lines, reviews, timelines.

Reads that show time-derived states first let the clock catch up (services.fulfilment.catch_up), so
what a user sees never depends on a cron having run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from comeback.catalog import compatibility, kept
from comeback.core import clock, markets
from comeback.offers.models import Offer
from comeback.offers.selectors import rank_offers, visible_offers

from . import fees, review_sql
from .models import Cart, CartItem, LineStatus, Order, OrderLine, OrderStatus, Return, Review

ADDON_LIMIT = 6


# Cart -------------------------------------------------------------------------------------------
@dataclass
class CartView:
    market: object
    cart: Cart | None
    items: list[CartItem] = field(default_factory=list)
    unavailable: list[CartItem] = field(
        default_factory=list
    )  # offers no longer for sale (or not enough stock)
    addons: list[Offer] = field(default_factory=list)  # compatible accessories, when the reader asks for them

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
    def handling_days(self) -> list[int]:
        return [i.offer.handling_days for i in self.items]

    @property
    def sellers(self) -> int:
        return len({i.offer.seller_id for i in self.items})

    @property
    def grouped(self) -> list[CartItem]:
        """The items, each add-on right after the item it customises (its `addon_of`, else None)."""
        present = {i.pk for i in self.items}
        out: list[CartItem] = []
        for item in self.items:
            if item.attached_to_id in present:
                continue
            item.addon_of = None
            out.append(item)
            for addon in self.items:
                if addon.attached_to_id == item.pk:
                    addon.addon_of = item
                    out.append(addon)
        return out


def cart_view(*, user, market_code: str) -> CartView:
    market = markets.get(market_code)
    cart = Cart.objects.filter(user=user, market=market).first()
    view = CartView(market=market, cart=cart)
    if cart is None:
        return view
    items = list(
        CartItem.objects.filter(cart=cart).select_related(
            "offer__seller", "offer__variant__product__brand", "offer__variant__product__category"
        )
    )
    visible = set(
        visible_offers(market.code).filter(pk__in=[i.offer_id for i in items]).values_list("pk", flat=True)
    )
    for item in items:
        item.available = item.offer_id in visible and item.quantity <= item.offer.quantity
        (view.items if item.available else view.unavailable).append(item)
    return view


def guest_cart_view(
    *, lines: dict[int, int], market_code: str, attached: dict[int, int] | None = None
) -> CartView:
    """A visitor's session cart (offer id → quantity) shown like an account's: each item's id is its offer's,
    an add-on's `attached_to_id` its item's offer (`attached`: add-on offer id → item offer id), and offers
    no longer for sale, or short of stock, are listed apart."""
    attached = attached or {}
    market = markets.get(market_code)
    view = CartView(market=market, cart=None)
    if not lines:
        return view
    offers = {
        o.pk: o
        for o in Offer.objects.filter(pk__in=list(lines), market=market).select_related(
            "seller", "variant__product__brand", "variant__product__category"
        )
    }
    visible = set(visible_offers(market.code).filter(pk__in=list(offers)).values_list("pk", flat=True))
    for offer_id, quantity in lines.items():
        offer = offers.get(offer_id)
        if offer is None:
            continue
        item = CartItem(pk=offer.pk, offer=offer, quantity=quantity, attached_to_id=attached.get(offer.pk))
        item.available = offer.pk in visible and quantity <= offer.quantity
        (view.items if item.available else view.unavailable).append(item)
    return view


def cart_count(*, user, market_code: str) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return sum(
        CartItem.objects.filter(cart__user=user, cart__market_id=market_code).values_list(
            "quantity", flat=True
        )
    )


def addon_offers(*, product_ids: list[int], market_code: str, limit: int = ADDON_LIMIT) -> list[Offer]:
    """The best visible offer of each accessory compatible with these products (straps, cases, chargers).

    Accessories declare the models or categories they fit (`catalog.compatibility`).
    """
    return _best_addons(_accessory_offers(product_ids, market_code), limit)


def _accessory_offers(product_ids: list[int], market_code: str) -> list[Offer]:
    # One model's accessories are kept with the catalogue (catalog/kept.py): a product page reads them per visit.
    accessory_ids = (
        kept.accessories(product_ids[0])
        if len(product_ids) == 1
        else compatibility.accessories_for(product_ids)
    )
    if not accessory_ids:
        return []
    return list(
        visible_offers(market_code)
        .filter(variant__product_id__in=accessory_ids)
        .select_related("seller", "variant__product__brand", "variant__product__category")
    )


def _best_addons(offers: list[Offer], limit: int) -> list[Offer]:
    best: dict[int, Offer] = {}
    for slot in rank_offers(offers).values():
        winner = slot.winner
        product_id = winner.variant.product_id
        if product_id not in best or winner.price_amount < best[product_id].price_amount:
            best[product_id] = winner
    return sorted(best.values(), key=lambda o: (o.price_amount, o.pk))[:limit]


@dataclass
class ProductAddons:
    """A product page's add-ons, from one read: the best offer of each accessory that fits (`best`) and, for
    each of the page's offers, the ones a buyer may attach to it (`by_offer`, docs/fashion.md
    "Customisation"): from that offer's seller, cheapest first."""

    product_id: int
    best: list[Offer]
    by_offer: dict[int, list[Offer]]


def product_addons(*, product_id: int, market_code: str, offers: list[Offer]) -> ProductAddons:
    found = _accessory_offers([product_id], market_code)
    sellers = {o.seller_id for o in offers}
    by_seller: dict[int, list[Offer]] = {}
    for addon in sorted(found, key=lambda o: (o.price_amount, o.pk)):
        if addon.seller_id in sellers:
            by_seller.setdefault(addon.seller_id, []).append(addon)
    return ProductAddons(
        product_id=product_id,
        best=_best_addons(found, ADDON_LIMIT),
        by_offer={o.pk: by_seller[o.seller_id][:ADDON_LIMIT] for o in offers if o.seller_id in by_seller},
    )


# Orders -----------------------------------------------------------------------------------------
def _order_qs() -> QuerySet[Order]:
    return Order.objects.select_related("payment", "market").prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.select_related(
                "seller", "product", "review", "return_request", "refund"
            ).order_by("fulfilment_id", "id"),
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


# An attempt whose payment failed or whose reservation lapsed unpaid was never an order to the buyer.
NOT_AN_ORDER = (OrderStatus.PAYMENT_FAILED, OrderStatus.EXPIRED)


def buyer_orders_all(*, buyer):
    """The buyer's orders, newest first, with their lines, payment, reviews and returns (a queryset to page):
    like "My orders", never an attempt whose payment failed (its own URL still answers)."""
    from .services.fulfilment import catch_up

    catch_up(buyer=buyer)
    return _order_qs().filter(buyer=buyer).exclude(status__in=NOT_AN_ORDER, paid_at__isnull=True)


def buyer_orders(*, buyer, limit: int = 50) -> list[Order]:
    """The buyer's orders, newest first: paid ones and those waiting for payment, never failed attempts."""
    return list(
        Order.objects.filter(buyer=buyer)
        .exclude(status__in=NOT_AN_ORDER, paid_at__isnull=True)
        .select_related("market")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OrderLine.objects.only(
                    "id", "order_id", "title", "status", "price_amount", "currency"
                ),
            )
        )[:limit]
    )


@dataclass(frozen=True)
class Badge:
    code: str
    label: str
    tone: str  # success, info, warning, danger, muted


_SHIPPED_OR_LATER = {LineStatus.SHIPPED, LineStatus.DELIVERED, LineStatus.COMPLETED}
_ARRIVED = {LineStatus.DELIVERED, LineStatus.COMPLETED}
_ENDED = {LineStatus.CANCELLED, LineStatus.REFUNDED}


def order_badges(order: Order) -> list[Badge]:
    """What an order really is, from its payment and its lines: "Delivered", "Shipped · Partly refunded"…

    The first badge is where the goods are; a second one says when part of the order was cancelled or
    refunded. Reads the prefetched lines' statuses only."""
    if order.status == OrderStatus.AWAITING_PAYMENT:
        return [Badge("awaiting_payment", _("Awaiting payment"), "warning")]
    if order.status != OrderStatus.PAID:
        return [Badge(order.status, order.get_status_display(), "danger")]
    statuses = [ln.status for ln in order.lines.all()]
    active = [st for st in statuses if st not in _ENDED]
    refunded = LineStatus.REFUNDED in statuses
    if not active:
        if refunded:
            return [Badge("refunded", _("Refunded"), "muted")]
        return [Badge("cancelled", _("Cancelled"), "muted")]
    if all(st in _ARRIVED for st in active):
        badges = [Badge("delivered", _("Delivered"), "success")]
    elif all(st in _SHIPPED_OR_LATER for st in active):
        badges = [Badge("shipped", _("Shipped"), "info")]
    elif any(st in _SHIPPED_OR_LATER for st in active):
        badges = [Badge("partly_shipped", _("Partly shipped"), "info")]
    else:
        badges = [Badge("preparing", _("Being prepared"), "info")]
    if refunded:
        badges.append(Badge("partly_refunded", _("Partly refunded"), "warning"))
    elif LineStatus.CANCELLED in statuses:
        badges.append(Badge("partly_cancelled", _("Partly cancelled"), "warning"))
    return badges


def fulfilments_of(order: Order) -> list[dict]:
    """Lines grouped per seller, in the order's display order."""
    groups: dict[int, dict] = {}
    for line in order.lines.all():
        g = groups.setdefault(
            line.fulfilment_id, {"id": line.fulfilment_id, "seller": line.seller, "lines": []}
        )
        g["lines"].append(line)
    return list(groups.values())


def related(line: OrderLine, name: str):
    """A reverse one-to-one (review, return_request, refund) or None, without a query when prefetched."""
    try:
        return getattr(line, name)
    except ObjectDoesNotExist:
        return None


TIMELINE_FIELDS = [
    ("created_at", "ordered"),
    ("paid_at", "paid"),
    ("accepted_at", "accepted"),
    ("shipped_at", "shipped"),
    ("delivered_at", "delivered"),
    ("completed_at", "completed"),
    ("cancelled_at", "cancelled"),
    ("refunded_at", "refunded"),
    ("released_at", "released"),
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
                    events.append(
                        {"at": at, "event": name, "lines": [line], "reason": ret.get_reason_display()}
                    )
    return sorted(events, key=lambda e: (e["at"], e["event"]))


# Sellers ----------------------------------------------------------------------------------------
SELLER_STATUS_FILTERS = {
    "to_accept": [LineStatus.PAID],
    "to_ship": [LineStatus.ACCEPTED],
    "shipped": [LineStatus.SHIPPED],
    "delivered": [LineStatus.DELIVERED, LineStatus.COMPLETED],
    "cancelled": [LineStatus.CANCELLED, LineStatus.REFUNDED],
}


def seller_lines(
    *, seller, status: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[OrderLine], int]:
    """A seller's paid lines (never another seller's), newest first, optionally by status or filter name."""
    from .services.fulfilment import catch_up

    catch_up(seller=seller)
    qs = OrderLine.objects.filter(seller=seller).exclude(
        status__in=[LineStatus.RESERVED, LineStatus.RELEASED]
    )
    if status:
        qs = qs.filter(status__in=SELLER_STATUS_FILTERS.get(status, [status]))
    total = qs.count()
    start = (max(page, 1) - 1) * per_page
    lines = list(
        qs.select_related("order", "order__buyer", "return_request").order_by("-paid_at", "-id")[
            start : start + per_page
        ]
    )
    return lines, total


def seller_returns(*, seller, open_only: bool = True, limit: int = 100) -> list[Return]:
    return list(seller_returns_all(seller=seller, open_only=open_only)[:limit])


def seller_returns_all(*, seller, open_only: bool = True):
    qs = Return.objects.filter(seller=seller).select_related("line", "order")
    if open_only:
        qs = qs.filter(status__in=["requested", "received"])
    return qs.order_by("-id")


def return_for_label(*, user, return_id: int) -> Return | None:
    """A return whose label `user` may read: its buyer, its seller or staff."""
    qs = Return.objects.select_related("order", "line", "seller").filter(pk=return_id)
    if not getattr(user, "is_staff", False):
        qs = qs.filter(Q(order__buyer=user) | Q(seller__user=user))
    return qs.first()


def is_late(line: OrderLine, at: datetime) -> bool:
    """Not shipped within the handling time (docs/design.md §2 Quality: late-shipment rate)."""
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


# What a product page shows of a review: the seller's ~30 columns (two of them JSON) and the buyer's cost more to
# load than the query itself.
REVIEW_FIELDS = ("stars", "comment", "created_at", "product_id", "seller__display_name", "buyer__name")


def reviews_for_product(product_id: int, limit: int = 10) -> list[Review]:
    """Recent reviews of a product model, for its page: stars, comment, date, seller, `author` (first name).

    Read by hand (review_sql.py): the REVIEW_FIELDS of the review, its seller and buyer, as the ORM would."""
    return _with_author(review_sql.recent_reviews(product_id=product_id, limit=limit))


reviews_for_product_read = review_sql.reviews_read  # its statement, to send with others (core/rows.py)


def reviews_for_product_from(read: review_sql.Read, rows: list[tuple]) -> list[Review]:
    """`reviews_for_product` of the rows its statement answered."""
    return _with_author(review_sql.reviews_from(read, rows))
