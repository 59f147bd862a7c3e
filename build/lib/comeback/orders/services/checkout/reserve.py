"""Step 1 of checkout: reserve the cart's stock and create the order, in one short transaction."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core import hot_sql
from comeback.core.problems import Conflict
from comeback.offers import events as offer_events
from comeback.offers import stock
from comeback.offers.models import OfferStatus
from comeback.sellers.models import PROBATION_DAYS, SellerStatus

from ... import conf, fees, payments
from ...models import (
    LineStatus,
    Order,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from .requests import order_ref

# 1. Reserve -------------------------------------------------------------------------------------
# The hot path is hand-written SQL that runs unchanged on SQLite and PostgreSQL: building each statement
# with the ORM cost 1–4 ms of CPU, more than the database spent running it (docs/buying.md "Performance").
# Visibility mirrors offers.selectors.visible_offers (tests/orders/test_checkout_sql.py keeps them equal).
_CART_SQL = """
SELECT ci.cart_id, ci.offer_id, ci.quantity, o.seller_id, o.price_amount, o.currency, o.grade,
       o.warranty_months, o.handling_days, v.label, v.product_id, p.name, b.name, o.status, o.quantity,
       CASE WHEN o.status = %s AND o.quantity > 0 AND o.market_id = %s AND (s.status = %s OR (s.status = %s
            AND (s.probation_ends_at > %s OR (s.probation_ends_at IS NULL AND s.probation_started_at > %s))))
            THEN 1 ELSE 0 END,
       m.offer_id, p.slug, s.display_name
FROM orders_cartitem ci
JOIN orders_cart c ON c.id = ci.cart_id
LEFT JOIN orders_cartitem m ON m.id = ci.attached_to_id
JOIN offers_offer o ON o.id = ci.offer_id
JOIN sellers_seller s ON s.id = o.seller_id
JOIN catalog_variant v ON v.id = o.variant_id
JOIN catalog_productmodel p ON p.id = v.product_id
JOIN catalog_brand b ON b.id = p.brand_id
WHERE c.user_id = %s AND c.market_id = %s
"""
_ORDER_SQL = (
    "INSERT INTO orders_order (ref, buyer_id, market_id, currency, status, items_amount, fee_amount, total_amount,"
    " fee_bps, commission_bps, shipping_address, idempotency_key, request_hash, created_at, reserved_until)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id"
)
_FULFILMENT_SQL = (
    "INSERT INTO orders_fulfilment (order_id, seller_id, items_amount, commission_amount) VALUES "
)
_LINE_SQL = (
    "INSERT INTO orders_orderline (order_id, fulfilment_id, seller_id, offer_id, product_id, title, variant_label,"
    " grade, price_amount, fee_amount, commission_amount, currency, warranty_months, handling_days, status,"
    " cancelled_by, cancel_reason, delivered_by, tracking_number, carrier, imei, serial) VALUES "
)
_LINE_VALUES = "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', '', '')"
_PAYMENT_SQL = (
    "INSERT INTO orders_payment (order_id, provider, provider_ref, status, amount, currency, refunded_amount,"
    " card_last4, decline_code, action_url, created_at, updated_at)"
    " VALUES (%s, %s, '', %s, %s, %s, 0, '', '', '', %s, %s) RETURNING id"
)


@dataclass(slots=True)
class _CartRow:
    offer_id: int
    quantity: int
    seller_id: int
    price_amount: int
    currency: str
    grade: str
    warranty_months: int
    handling_days: int
    variant_label: str
    product_id: int
    product_title: str
    status: str
    stock: int
    visible: bool
    addon_to: int | None = (
        None  # the offer of the item this add-on is attached to (orders/services/customise.py)
    )
    product_slug: str = ""
    seller_name: str = ""

    @property
    def variant_title(self) -> str:  # str(Variant): the product, then the variant's label
        return f"{self.product_title} {self.variant_label}"


@dataclass(slots=True)
class ReservedLine:
    """What confirming needs of a line just inserted (an OrderLine without the ORM's cost), and what the
    checkout's answer shows of it (services/checkout/written.py): every column it was given, and its moves."""

    pk: int
    order_id: int
    fulfilment_id: int
    seller_id: int
    offer_id: int
    price_amount: int
    fee_amount: int
    commission_amount: int
    currency: str
    handling_days: int
    status: str = LineStatus.RESERVED
    product_id: int = 0
    title: str = ""
    variant_label: str = ""
    grade: str = ""
    warranty_months: int = 0
    attached_to_id: int | None = None
    seller_name: str = ""  # its seller's display name, read with the cart
    paid_at: datetime | None = None
    accept_by: datetime | None = None
    ship_by: datetime | None = None


def _cart(cur, *, buyer_id: int, market_code: str, at: datetime) -> dict[int, _CartRow]:
    conn = transaction.get_connection()
    adapt = conn.ops.adapt_datetimefield_value
    cur.execute(
        _CART_SQL,
        [
            OfferStatus.ACTIVE,
            market_code,
            SellerStatus.FULL,
            SellerStatus.PROBATION,
            adapt(at),
            adapt(at - timedelta(days=PROBATION_DAYS)),
            buyer_id,
            market_code,
        ],
    )
    return {
        r[1]: _CartRow(
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10],
            f"{r[12]} {r[11]}",
            r[13],
            r[14],
            bool(r[15]),
            r[16],
            r[17],
            r[18],
        )
        for r in cur.fetchall()
    }


def _refuse_unavailable(rows: dict[int, _CartRow]) -> None:
    missing = sorted(pk for pk, row in rows.items() if not row.visible)
    # Sold out is the common case (visible offers are in stock): say so, naming the offer.
    sold_out = [pk for pk in missing if rows[pk].status == OfferStatus.ACTIVE and rows[pk].stock == 0]
    if sold_out:
        raise Conflict(
            _("This offer is sold out."),
            code="out_of_stock",
            offer_id=sold_out[0],
            requested=rows[sold_out[0]].quantity,
        )
    raise Conflict(
        _("An offer in your cart is no longer for sale; remove it to continue."),
        code="offer_unavailable",
        offer_id=missing[0],
    )


_ATTACH_SQL = "UPDATE orders_orderline SET attached_to_id = %s WHERE id = %s"


def _attach_addons(cur, rows: dict[int, _CartRow], placed: list, line_ids: list[int]) -> dict[int, int]:
    """Each add-on unit's line is attached to one line of its item, in order (one add-on per unit).
    Returns each add-on line's item line."""
    attached: dict[int, int] = {}
    if not any(row.addon_to for row in rows.values()):
        return attached
    lines_of: dict[int, list[int]] = defaultdict(list)
    for (_fid, unit, _fee, _commission), line_id in zip(placed, line_ids, strict=True):
        lines_of[unit.offer_id].append(line_id)
    for offer_id, row in rows.items():
        if row.addon_to in lines_of and not rows[row.addon_to].addon_to:
            for addon_line, main_line in zip(lines_of[offer_id], lines_of[row.addon_to], strict=False):
                cur.execute(_ATTACH_SQL, [main_line, addon_line])
                attached[addon_line] = main_line
    return attached


def reserve(
    *, buyer, market, key: str, fingerprint: str, address: dict, at: datetime
) -> tuple[Order, list[ReservedLine]]:
    conn = transaction.get_connection()
    with hot_sql.cursor() as cur:
        rows = _cart(cur, buyer_id=buyer.pk, market_code=market.code, at=at)
        if not rows:
            raise Conflict(_("Your cart is empty."), code="cart_empty")
        if not all(row.visible for row in rows.values()):
            _refuse_unavailable(rows)
        wanted = sorted(
            rows
        )  # by id, so two baskets sharing offers lock them in the same order (no deadlock)
        units = [rows[offer_id] for offer_id in wanted for _n in range(rows[offer_id].quantity)]
        prices = [u.price_amount for u in units]
        items_amount = sum(prices)
        fee_amount = fees.buyer_fee(items_amount, market.buyer_fee_bps)
        fee_shares = fees.share(fee_amount, prices)
        commission_bps = conf.commission_bps()
        by_seller: dict[int, list[tuple[_CartRow, int, int]]] = defaultdict(list)
        for unit, fee_share in zip(units, fee_shares, strict=True):
            by_seller[unit.seller_id].append(
                (unit, fee_share, fees.commission(unit.price_amount, commission_bps))
            )
        order = Order(
            ref=order_ref(buyer.pk, key),
            buyer=buyer,
            market=market,
            currency=market.currency,
            status=OrderStatus.AWAITING_PAYMENT,
            items_amount=items_amount,
            fee_amount=fee_amount,
            total_amount=items_amount + fee_amount,
            fee_bps=market.buyer_fee_bps,
            commission_bps=commission_bps,
            shipping_address=address,
            idempotency_key=key,
            request_hash=fingerprint,
            created_at=at,
            reserved_until=at + conf.reservation(),
        )
        provider = payments.get_provider().name
        ops = conn.ops
        at_db = ops.adapt_datetimefield_value(at)

        with transaction.atomic():
            short = stock.take_for_checkout(
                cur,
                [(offer_id, rows[offer_id].quantity, rows[offer_id].seller_id) for offer_id in wanted],
                # Where each offer shows, read with the cart: the page bump after the checkout need not read it.
                known={
                    offer_id: offer_events.place(
                        product_id=rows[offer_id].product_id,
                        product_slug=rows[offer_id].product_slug,
                        market=market.code,
                    )
                    for offer_id in wanted
                },
            )
            if short is not None:
                raise Conflict(
                    _("Not enough stock left of %(title)s to sell you %(n)s.")
                    % {"title": rows[short].variant_title, "n": rows[short].quantity},
                    code="out_of_stock",
                    offer_id=short,
                    requested=rows[short].quantity,
                )
            cur.execute(
                _ORDER_SQL,
                [
                    order.ref,
                    buyer.pk,
                    market.code,
                    order.currency,
                    order.status,
                    items_amount,
                    fee_amount,
                    order.total_amount,
                    order.fee_bps,
                    commission_bps,
                    ops.adapt_json_value(address, None),
                    key,
                    fingerprint,
                    at_db,
                    ops.adapt_datetimefield_value(order.reserved_until),
                ],
            )
            order.pk = cur.fetchone()[0]
            sellers = list(by_seller)
            cur.execute(
                _FULFILMENT_SQL + ", ".join(["(%s, %s, %s, %s)"] * len(sellers)) + " RETURNING id, seller_id",
                [
                    x
                    for seller_id in sellers
                    for x in (
                        order.pk,
                        seller_id,
                        sum(u.price_amount for u, _f, _c in by_seller[seller_id]),
                        sum(c for _u, _f, c in by_seller[seller_id]),
                    )
                ],
            )
            fulfilment_of = {seller_id: fid for fid, seller_id in cur.fetchall()}
            placed = [
                (fulfilment_of[seller_id], unit, fee_share, commission)
                for seller_id in sellers
                for unit, fee_share, commission in by_seller[seller_id]
            ]
            params: list = []
            for fulfilment_id, u, fee_share, commission in placed:
                params += [
                    order.pk,
                    fulfilment_id,
                    u.seller_id,
                    u.offer_id,
                    u.product_id,
                    u.product_title[:250],
                    u.variant_label,
                    u.grade,
                    u.price_amount,
                    fee_share,
                    commission,
                    u.currency,
                    u.warranty_months,
                    u.handling_days,
                    LineStatus.RESERVED,
                ]
            cur.execute(_LINE_SQL + ", ".join([_LINE_VALUES] * len(placed)) + " RETURNING id", params)
            # Ids grow in VALUES order on both databases; RETURNING's own row order is not promised.
            line_ids = sorted(r[0] for r in cur.fetchall())
            attached = _attach_addons(cur, rows, placed, line_ids)
            cur.execute(
                _PAYMENT_SQL,
                [order.pk, provider, PaymentStatus.PENDING, order.total_amount, order.currency, at_db, at_db],
            )
            payment_id = cur.fetchone()[0]
    order._state.adding, order._state.db = False, conn.alias
    payment = Payment(
        id=payment_id,
        order=order,
        provider=provider,
        status=PaymentStatus.PENDING,
        amount=order.total_amount,
        currency=order.currency,
        created_at=at,
        updated_at=at,
    )
    payment._state.adding, payment._state.db = False, conn.alias
    order.payment = payment
    lines = [
        ReservedLine(
            pk=line_id,
            order_id=order.pk,
            fulfilment_id=fulfilment_id,
            seller_id=u.seller_id,
            offer_id=u.offer_id,
            price_amount=u.price_amount,
            fee_amount=fee_share,
            commission_amount=commission,
            currency=u.currency,
            handling_days=u.handling_days,
            product_id=u.product_id,
            title=u.product_title[:250],
            variant_label=u.variant_label,
            grade=u.grade,
            warranty_months=u.warranty_months,
            attached_to_id=attached.get(line_id),
            seller_name=u.seller_name,
        )
        for line_id, (fulfilment_id, u, fee_share, commission) in zip(line_ids, placed, strict=True)
    ]
    return order, lines
