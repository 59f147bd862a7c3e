"""Checkout: reserve → pay → confirm, or release (docs/design.md §2 Orders, §5 Writes).

1. **Reserve**, in one short transaction: decrement each offer's stock with a conditional UPDATE
   (`quantity >= n AND status = 'active'`, backed by the CHECK `quantity >= 0`), create the order
   (`awaiting_payment`, `reserved_until`), one fulfilment per seller and one line per unit.
   Zero rows updated means someone else bought the last units: 409 `out_of_stock`, nothing kept.
2. **Pay**, outside any transaction: authorize then capture through the provider, each call with an
   idempotency key derived from the order.
3. **Confirm** (lines `paid`, ledger, `order.created` and `order.line.paid` events) with a guarded update that also requires the reservation
   to be still valid — or **release** the stock on a decline. A reservation past `reserved_until` is
   expired: whichever request or task touches it first releases it, once (guarded update).

The Idempotency-Key makes the whole thing safe to retry: the same key and body replay the same order;
the same key with another body is 409 `idempotency_key_reused`.

The steps every checkout takes are hand-written SQL that runs on SQLite and PostgreSQL alike (the ORM cost
more CPU per statement than the database did); refusals, replays and releases, all rare, use the ORM.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.core import clock, markets, postcodes, site
from comeback.core.problems import Conflict, Invalid, NotFound, Problem
from comeback.offers import stock
from comeback.offers.models import OfferStatus
from comeback.sellers.models import PROBATION_DAYS, SellerStatus

from .. import conf, fees, ledger, payments
from ..calendar import business_deadline
from ..events import emit_all, line_payload
from ..models import (
    EntryKind,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from ..payments.base import (
    AUTHORIZED,
    CAPTURED,
    DECLINED,
    FAILED,
    REQUIRES_ACTION,
    PaymentError,
    PaymentResult,
)
from ..processes import Actor, move_order_lines

ACCEPT_WITHIN_BUSINESS_DAYS = 1  # docs/design.md §2 Orders: the seller accepts within 1 business day
ADDRESS_FIELDS = {
    "name": 120,
    "line1": 200,
    "line2": 200,
    "postal_code": 20,
    "city": 100,
    "country": 2,
    "phone": 40,
}
ADDRESS_REQUIRED = ("name", "line1", "postal_code", "city")
_REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass
class CheckoutResult:
    order: Order
    created: bool


class PaymentDeclined(Conflict):
    status = 402
    default_code = "payment_declined"


class ProviderUnavailable(Problem):
    status = 503
    default_code = "payment_provider_unavailable"


def request_hash(body: dict) -> str:
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()
    ).hexdigest()


def order_ref(buyer_id: int, key: str) -> str:
    """A short public reference, derived from (buyer, key) so that demo data is deterministic."""
    n = int.from_bytes(hashlib.sha256(f"{buyer_id}:{key}".encode()).digest()[:8], "big")
    chars = []
    for _i in range(10):
        n, r = divmod(n, 32)
        chars.append(_REF_ALPHABET[r])
    return "ORD-" + "".join(chars)


def clean_address(address: dict | None, market) -> dict:
    address = dict(address or {})
    errors = []
    for name in ADDRESS_REQUIRED:
        if not str(address.get(name) or "").strip():
            errors.append(
                {
                    "field": f"shipping_address.{name}",
                    "code": "required",
                    "message": _("This field is required."),
                }
            )
    clean = {}
    for name, limit in ADDRESS_FIELDS.items():
        value = str(address.get(name) or "").strip()
        if len(value) > limit:
            errors.append(
                {
                    "field": f"shipping_address.{name}",
                    "code": "too_long",
                    "message": _("At most %(n)s characters.") % {"n": limit},
                }
            )
        clean[name] = value
    clean["country"] = (clean["country"] or market.code).upper()
    if clean["country"] != market.code:
        errors.append(
            {
                "field": "shipping_address.country",
                "code": "country_not_served",
                "message": _("Orders in %(m)s ship to %(m)s only.") % {"m": market.code},
            }
        )
    if clean["postal_code"] and not any(e["field"] == "shipping_address.postal_code" for e in errors):
        clean["postal_code"], refusal = postcodes.checked(
            clean["country"], clean["postal_code"], field="shipping_address.postal_code"
        )
        errors.extend([refusal] if refusal else [])
    if errors:
        raise Invalid(errors[0]["message"], code="invalid_address", errors=errors)
    return clean


def confirmation_url(order: Order) -> str:
    return site.absolute(reverse("orders:pay_confirm", args=[order.ref]))


# 0. The entry point -----------------------------------------------------------------------------
def checkout(
    *,
    buyer,
    market_code: str,
    idempotency_key: str | None,
    shipping_address: dict | None,
    payment_method: str,
    at: datetime | None = None,
) -> CheckoutResult:
    """Turn the buyer's cart for a market into one paid order (or a clear refusal)."""
    at = at or clock.now()
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise Invalid.field(
            "Idempotency-Key",
            "idempotency_key_required",
            _("Send an Idempotency-Key header (1–255 characters) so a retry never orders twice."),
        )
    market = markets.get(market_code)
    fingerprint = request_hash(
        {
            "market": market.code,
            "shipping_address": shipping_address or {},
            "payment_method": payment_method or "",
        }
    )
    address = clean_address(shipping_address, market)
    if not (payment_method or "").strip():
        raise Invalid.field("payment_method", "payment_method_required", _("Choose how to pay."))
    try:
        order, lines = reserve(
            buyer=buyer, market=market, key=key, fingerprint=fingerprint, address=address, at=at
        )
    except (IntegrityError, Conflict):
        # Replays are rare, so they are looked up only when reserving fails: the key's unique constraint
        # refused a second order (a retry, or a concurrent twin), or the cart was already checked out.
        replayed = _replay(buyer, key, fingerprint, payment_method, at)
        if replayed is None:
            raise
        return replayed
    pay(order=order, payment_method=payment_method, at=at, lines=lines)
    return CheckoutResult(order, created=True)


def _replay(buyer, key: str, fingerprint: str, payment_method: str, at: datetime) -> CheckoutResult | None:
    order = Order.objects.select_related("payment").filter(buyer=buyer, idempotency_key=key).first()
    if order is None:
        return None
    if order.request_hash != fingerprint:
        raise Conflict(
            _("This Idempotency-Key was used for a different checkout; use a new key for a new order."),
            code="idempotency_key_reused",
            order_id=order.pk,
        )
    expire_if_due(order, at=at)  # a reservation that lapsed meanwhile is released, and its money sent back
    if order.status == OrderStatus.AWAITING_PAYMENT:
        if order.payment.status == PaymentStatus.PENDING:
            pay(order=order, payment_method=payment_method, at=at)  # the first attempt never got an answer
        elif order.payment.status == PaymentStatus.AUTHORIZED:
            resume_capture(order, at=at)  # the first attempt died between authorize and capture
    return CheckoutResult(order, created=False)


def resume_capture(order: Order, *, at: datetime) -> None:
    """Finish a checkout that stopped after the authorization (a crash, a lost connection): capture with the
    same idempotency key, so a capture the provider already made is answered, not made again; then confirm,
    or release the stock and the authorization if the capture is refused. Guarded: racing resumes confirm once."""
    payment = order.payment
    _settle(order, PaymentResult(AUTHORIZED, payment.provider_ref, card_last4=payment.card_last4), at=at)


RESUME_AFTER = timedelta(minutes=1)  # a checkout still running is left to finish by itself


def resume_stalled(*, at: datetime | None = None, limit: int = 200) -> int:
    """Resume every checkout left authorized but not captured for RESUME_AFTER (the orders sweep runs this), so
    a checkout whose process died completes without the buyer coming back. Returns how many were resumed."""
    at = at or clock.now()
    stalled = (
        Order.objects.select_related("payment")
        .filter(
            status=OrderStatus.AWAITING_PAYMENT,
            reserved_until__gt=at,
            payment__status=PaymentStatus.AUTHORIZED,
            payment__updated_at__lte=at - RESUME_AFTER,
        )
        .order_by("id")[:limit]
    )
    resumed = 0
    for order in stalled:
        try:
            resume_capture(order, at=at)
        except ProviderUnavailable:
            continue  # the provider is away: the next sweep tries again, with the same keys
        resumed += 1
    return resumed


class _LoggedCursor(CursorDebugWrapper):
    """Django's query log for the hot path: psycopg forgets a prepared statement's text, so log it as sent."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


@contextmanager
def _cursor():
    """A cursor for the hot path's hand-written SQL. On PostgreSQL it binds parameters server-side, so with
    prepared statements on (settings' DB_PREPARE_THRESHOLD, 5 by default) each statement is parsed and
    planned once per connection instead of once per checkout; the ORM's cursors are unchanged (client-side
    binding never prepares)."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        with conn.cursor() as cur:
            yield cur
        return
    from django.db.backends.postgresql.base import ServerBindingCursor

    conn.ensure_connection()
    conn.validate_thread_sharing()
    wrapper = _LoggedCursor if conn.queries_logged else CursorWrapper
    cur = wrapper(ServerBindingCursor(conn.connection), conn)
    try:
        yield cur
    finally:
        cur.close()


@contextmanager
def _pipeline():
    """On PostgreSQL, send the block's statements without waiting for each answer (psycopg's pipeline mode: one
    round trip instead of one per statement); results, and errors, arrive when the block ends. Elsewhere a no-op."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql":
        yield
        return
    conn.ensure_connection()
    with conn.wrap_database_errors, conn.connection.pipeline():
        yield


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
       m.offer_id
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

    @property
    def variant_title(self) -> str:  # str(Variant): the product, then the variant's label
        return f"{self.product_title} {self.variant_label}"


@dataclass(slots=True)
class ReservedLine:
    """What confirming needs of a line just inserted (an OrderLine without the ORM's cost)."""

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


def _attach_addons(cur, rows: dict[int, _CartRow], placed: list, line_ids: list[int]) -> None:
    """Each add-on unit's line is attached to one line of its item, in order (one add-on per unit)."""
    if not any(row.addon_to for row in rows.values()):
        return
    lines_of: dict[int, list[int]] = defaultdict(list)
    for (_fid, unit, _fee, _commission), line_id in zip(placed, line_ids, strict=True):
        lines_of[unit.offer_id].append(line_id)
    for offer_id, row in rows.items():
        if row.addon_to in lines_of and not rows[row.addon_to].addon_to:
            for addon_line, main_line in zip(lines_of[offer_id], lines_of[row.addon_to], strict=False):
                cur.execute(_ATTACH_SQL, [main_line, addon_line])


def reserve(
    *, buyer, market, key: str, fingerprint: str, address: dict, at: datetime
) -> tuple[Order, list[ReservedLine]]:
    conn = transaction.get_connection()
    with _cursor() as cur:
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
                cur, [(offer_id, rows[offer_id].quantity, rows[offer_id].seller_id) for offer_id in wanted]
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
            _attach_addons(cur, rows, placed, line_ids)
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
        )
        for line_id, (fulfilment_id, u, fee_share, commission) in zip(line_ids, placed, strict=True)
    ]
    return order, lines


# 2. Pay -----------------------------------------------------------------------------------------
_PAYMENT_COLUMNS = frozenset(
    {"status", "provider_ref", "card_last4", "decline_code", "action_url", "refunded_amount", "updated_at"}
)


def _save_payment(payment: Payment, at: datetime, **fields) -> None:
    conn = transaction.get_connection()
    fields["updated_at"] = at
    if not fields.keys() <= _PAYMENT_COLUMNS:
        raise ValueError(f"not a payment column: {sorted(fields.keys() - _PAYMENT_COLUMNS)}")
    adapt = conn.ops.adapt_datetimefield_value
    with _cursor() as cur:
        cur.execute(
            "UPDATE orders_payment SET " + ", ".join(f"{name} = %s" for name in fields) + " WHERE id = %s",
            [adapt(v) if isinstance(v, datetime) else v for v in fields.values()] + [payment.pk],
        )
    for name, value in fields.items():
        setattr(payment, name, value)


def pay(*, order: Order, payment_method: str, at: datetime, lines: list[ReservedLine] | None = None) -> None:
    """Authorize and capture outside any transaction; confirm the order or release its stock."""
    payment = order.payment
    provider = payments.get_provider(payment.provider)
    try:
        result = provider.authorize(
            amount=order.total,
            payment_method=payment_method,
            idempotency_key=f"{order.ref}:authorize",
            description=f"Comeback order {order.ref}",
            return_url=confirmation_url(order),
        )
    except PaymentError as exc:
        # Outcome unknown: keep the reservation; replaying the same request asks again with the same key.
        raise ProviderUnavailable(
            _("The payment service did not answer; retry with the same Idempotency-Key."), order_id=order.pk
        ) from exc
    if result.status == REQUIRES_ACTION:
        _save_payment(
            payment,
            at,
            status=PaymentStatus.REQUIRES_ACTION,
            provider_ref=result.payment_id,
            action_url=result.action_url,
            card_last4=result.card_last4,
        )
        return
    _settle(order, result, at=at, lines=lines)


def _settle(order: Order, result, *, at: datetime, lines: list[ReservedLine] | None = None) -> None:
    """Act on an authorization's outcome: capture and confirm, or release."""
    payment = order.payment
    last4 = result.card_last4 or payment.card_last4
    if result.status in (DECLINED, FAILED):
        _save_payment(
            payment,
            at,
            status=PaymentStatus.DECLINED,
            decline_code=result.decline_code or "declined",
            provider_ref=result.payment_id or payment.provider_ref,
            card_last4=last4,
        )
        release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
        return
    provider = payments.get_provider(payment.provider)
    if result.status == AUTHORIZED:
        _save_payment(
            payment, at, status=PaymentStatus.AUTHORIZED, provider_ref=result.payment_id, card_last4=last4
        )
        try:
            result = provider.capture(
                payment_id=result.payment_id, amount=order.total, idempotency_key=f"{order.ref}:capture"
            )
        except PaymentError as exc:
            raise ProviderUnavailable(
                _("The payment service did not answer; retry with the same Idempotency-Key."),
                order_id=order.pk,
            ) from exc
        if result.status != CAPTURED:
            _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="capture_failed")
            release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
            return
    confirm_paid(
        order, provider_ref=result.payment_id or payment.provider_ref, card_last4=last4, at=at, lines=lines
    )


# 3. Confirm or release --------------------------------------------------------------------------
_PAID_SQL = (
    "UPDATE orders_order SET status = %s, paid_at = %s WHERE id = %s AND status = %s AND reserved_until > %s"
)
_LINES_PAID_SQL = (
    "UPDATE orders_orderline SET status = %s, paid_at = %s, accept_by = %s, ship_by = %s"
    " WHERE order_id = %s AND status = %s AND handling_days = %s"
)
_LEDGER_SQL = "INSERT INTO orders_ledgerentry (account, amount, currency, kind, order_id, line_id, payout_id, created_at) VALUES "
_PAYMENT_CAPTURED_SQL = (
    "UPDATE orders_payment SET status = %s, provider_ref = %s, card_last4 = %s, updated_at = %s WHERE id = %s"
)
_CART_DONE_SQL = (
    "DELETE FROM orders_cartitem WHERE cart_id IN (SELECT id FROM orders_cart WHERE user_id = %s AND market_id = %s)"
    " AND offer_id IN "
)


class _ReservationLapsed(Exception):
    """The guarded update found the order no longer awaiting payment: undo what the batch wrote."""


def confirm_paid(
    order: Order,
    *,
    provider_ref: str,
    card_last4: str,
    at: datetime,
    lines: list[OrderLine] | list[ReservedLine] | None = None,
) -> bool:
    """Mark the order and its lines paid, post the ledger, empty the cart. Idempotent."""
    conn = transaction.get_connection()
    market = markets.get(order.market_id)
    adapt = conn.ops.adapt_datetimefield_value
    at_db = adapt(at)
    try:
        with transaction.atomic():
            if lines is None:
                lines = list(OrderLine.objects.filter(order=order, status=LineStatus.RESERVED))
            accept_by = business_deadline(
                at, ACCEPT_WITHIN_BUSINESS_DAYS, tz=market.timezone, country=market.code
            )
            ship_by = {
                days: business_deadline(at, max(days, 1), tz=market.timezone, country=market.code)
                for days in sorted({ln.handling_days for ln in lines})
            }
            entries = [
                (p.account, p.amount, ln.currency, EntryKind.PAYMENT, ln.order_id, ln.pk, None, at_db)
                for ln in lines
                for p in ledger.postings_for_line(ln, EntryKind.PAYMENT)
            ]
            offer_ids = sorted({ln.offer_id for ln in lines})
            by_fulfilment: dict[int, list] = defaultdict(list)
            for ln in lines:
                by_fulfilment[ln.fulfilment_id].append(ln)
            # Sent as one batch: the guard's outcome is read at the end, and a lapsed reservation rolls it all back.
            with _cursor() as guard, _cursor() as cur:
                with _pipeline():
                    guard.execute(
                        _PAID_SQL, [OrderStatus.PAID, at_db, order.pk, OrderStatus.AWAITING_PAYMENT, at_db]
                    )
                    for days, deadline in ship_by.items():
                        cur.execute(
                            _LINES_PAID_SQL,
                            [
                                LineStatus.PAID,
                                at_db,
                                adapt(accept_by),
                                adapt(deadline),
                                order.pk,
                                LineStatus.RESERVED,
                                days,
                            ],
                        )
                    if entries:
                        cur.execute(
                            _LEDGER_SQL + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(entries)),
                            [x for entry in entries for x in entry],
                        )
                    cur.execute(
                        _PAYMENT_CAPTURED_SQL,
                        [PaymentStatus.CAPTURED, provider_ref, card_last4, at_db, order.payment.pk],
                    )
                    if offer_ids:
                        cur.execute(
                            _CART_DONE_SQL + "(" + ", ".join(["%s"] * len(offer_ids)) + ")",
                            [order.buyer_id, order.market_id, *offer_ids],
                        )
                    # Sellers hear of an order once it is paid: a reservation that is never paid concerns nobody.
                    emit_all(
                        [
                            (
                                "order.created",
                                {
                                    "order_id": order.pk,
                                    "seller_id": group[0].seller_id,
                                    "fulfilment_id": fid,
                                    "line_ids": [ln.pk for ln in group],
                                },
                            )
                            for fid, group in by_fulfilment.items()
                        ]
                        + [
                            (
                                "order.line.paid",
                                line_payload(
                                    ln,
                                    status=LineStatus.PAID.value,
                                    amount=ln.price_amount,
                                    currency=ln.currency,
                                ),
                            )
                            for ln in lines
                        ]
                    )
                if guard.rowcount != 1:  # read once the batch is back, before the cursor closes
                    raise _ReservationLapsed
    except _ReservationLapsed:
        order.refresh_from_db()
        if order.status != OrderStatus.PAID:
            # The reservation lapsed while the buyer paid: its stock went back on sale, so the money goes back.
            expire_if_due(order, at=at)
            _unwind_payment(order, at)
        return False
    payment = order.payment
    payment.status, payment.provider_ref, payment.card_last4, payment.updated_at = (
        PaymentStatus.CAPTURED,
        provider_ref,
        card_last4,
        at,
    )
    for ln in lines:
        ln.status = LineStatus.PAID
    order.status, order.paid_at = OrderStatus.PAID, at
    return True


def release(order: Order, *, status: str, actor: Actor, at: datetime) -> bool:
    """Give a reservation's stock back (declined, abandoned or expired payment). Once only: guarded."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, status=OrderStatus.AWAITING_PAYMENT).update(
            status=status, released_at=at
        ):
            return False
        units = Counter(
            OrderLine.objects.filter(order=order, status=LineStatus.RESERVED).values_list(
                "offer_id", flat=True
            )
        )
        move_order_lines(order.pk, LineStatus.RESERVED, LineStatus.RELEASED, actor=actor, at=at)
        stock.give_back(dict(units))
    order.status, order.released_at = status, at
    return True


def expire_if_due(order: Order, *, at: datetime) -> bool:
    """Release a reservation that is past `reserved_until` (the rule is derived from time, not a cron)."""
    if order.status != OrderStatus.AWAITING_PAYMENT or order.reserved_until > at:
        return False
    released = release(order, status=OrderStatus.EXPIRED, actor=Actor.CLOCK, at=at)
    if released:
        _unwind_payment(order, at)
    return released


def expire_due(*, at: datetime | None = None, limit: int = 500) -> int:
    """Release every lapsed reservation (a task runs this; any request touching an order does it too)."""
    at = at or clock.now()
    done = 0
    for order in (
        Order.objects.select_related("payment")
        .filter(status=OrderStatus.AWAITING_PAYMENT, reserved_until__lte=at)
        .order_by("reserved_until")[:limit]
    ):
        done += expire_if_due(order, at=at)
    return done


def _unwind_payment(order: Order, at: datetime) -> None:
    """Money taken for an order that was released: send all of it back (idempotent key per order)."""
    payment = Payment.objects.get(order=order)
    order.payment = payment
    if payment.status not in (PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED) or payment.refunded_amount:
        if payment.status in (PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION):
            _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="reservation_expired")
        return
    provider = payments.get_provider(payment.provider)
    try:
        provider.refund(
            payment_id=payment.provider_ref, amount=order.total, idempotency_key=f"{order.ref}:unwind"
        )
    except PaymentError:
        return  # stays authorized/captured; the next touch or task retries with the same key
    _save_payment(
        payment,
        at,
        status=PaymentStatus.FAILED,
        decline_code="reservation_expired",
        refunded_amount=payment.amount,
    )


# The buyer's confirmation step ------------------------------------------------------------------
def buyer_order(*, buyer, order_id: int | None = None, ref: str | None = None) -> Order:
    qs = Order.objects.select_related("payment").filter(buyer=buyer)
    order = qs.filter(pk=order_id).first() if order_id is not None else qs.filter(ref=ref).first()
    if order is None:
        raise NotFound(_("You have no such order."), code="order_not_found")
    return order


def confirm_payment(
    *, buyer, order_id: int | None = None, ref: str | None = None, at: datetime | None = None
) -> Order:
    """After the buyer's confirmation step (3-D Secure): ask the provider again and settle."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if expire_if_due(order, at=at) or order.status != OrderStatus.AWAITING_PAYMENT:
        return order
    payment = order.payment
    if payment.status != PaymentStatus.REQUIRES_ACTION:
        raise Conflict(_("This payment needs no confirmation."), code="payment_not_awaiting_confirmation")
    try:
        result = payments.get_provider(payment.provider).confirm(
            payment_id=payment.provider_ref, idempotency_key=f"{order.ref}:confirm"
        )
    except PaymentError as exc:
        raise ProviderUnavailable(
            _("The payment service did not answer; try again."), order_id=order.pk
        ) from exc
    if result.status == REQUIRES_ACTION:
        raise Conflict(_("The payment still waits for your confirmation."), code="payment_requires_action")
    _settle(order, result, at=at)
    return order


def abandon_payment(
    *,
    buyer,
    order_id: int | None = None,
    ref: str | None = None,
    at: datetime | None = None,
    reason: str = "authentication_failed",
) -> Order:
    """The buyer (or their bank) refused the confirmation step, or gave up: release the stock now."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if order.status == OrderStatus.AWAITING_PAYMENT and release(
        order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at
    ):
        _save_payment(order.payment, at, status=PaymentStatus.DECLINED, decline_code=reason)
    return order
