"""Checkout: reserve → pay → confirm, or release (DESIGN.md §2 Orders, §5 Writes).

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
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from comeback.core import clock, markets
from comeback.core.problems import Conflict, Invalid, NotFound, Problem
from comeback.offers.models import Offer, OfferStatus
from comeback.offers.selectors import visible_offers

from .. import conf, fees, ledger, payments
from ..calendar import business_deadline
from ..events import emit_all, line_payload
from ..models import (
    CartItem,
    EntryKind,
    Fulfilment,
    LedgerEntry,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
)
from ..payments.base import AUTHORIZED, CAPTURED, DECLINED, FAILED, REQUIRES_ACTION, PaymentError
from ..processes import Actor, move_order_lines

ACCEPT_WITHIN_BUSINESS_DAYS = 1  # DESIGN.md §2 Orders: the seller accepts within 1 business day
ADDRESS_FIELDS = {"name": 120, "line1": 200, "line2": 200, "postal_code": 20, "city": 100, "country": 2, "phone": 40}
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
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()).hexdigest()


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
            errors.append({"field": f"shipping_address.{name}", "code": "required", "message": _("This field is required.")})
    clean = {}
    for name, limit in ADDRESS_FIELDS.items():
        value = str(address.get(name) or "").strip()
        if len(value) > limit:
            errors.append({"field": f"shipping_address.{name}", "code": "too_long",
                           "message": _("At most %(n)s characters.") % {"n": limit}})
        clean[name] = value
    clean["country"] = (clean["country"] or market.code).upper()
    if clean["country"] != market.code:
        errors.append({"field": "shipping_address.country", "code": "country_not_served",
                       "message": _("Orders in %(m)s ship to %(m)s only.") % {"m": market.code}})
    if errors:
        raise Invalid(errors[0]["message"], code="invalid_address", errors=errors)
    return clean


def confirmation_url(order: Order) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("orders:pay_confirm", args=[order.ref])


# 0. The entry point -----------------------------------------------------------------------------
def checkout(
    *, buyer, market_code: str, idempotency_key: str | None, shipping_address: dict | None, payment_method: str,
    at: datetime | None = None,
) -> CheckoutResult:
    """Turn the buyer's cart for a market into one paid order (or a clear refusal)."""
    at = at or clock.now()
    key = (idempotency_key or "").strip()
    if not key or len(key) > 255:
        raise Invalid.field("Idempotency-Key", "idempotency_key_required",
                            _("Send an Idempotency-Key header (1–255 characters) so a retry never orders twice."))
    market = markets.get(market_code)
    fingerprint = request_hash(
        {"market": market.code, "shipping_address": shipping_address or {}, "payment_method": payment_method or ""}
    )
    address = clean_address(shipping_address, market)
    if not (payment_method or "").strip():
        raise Invalid.field("payment_method", "payment_method_required", _("Choose how to pay."))
    try:
        order, lines = reserve(buyer=buyer, market=market, key=key, fingerprint=fingerprint, address=address, at=at)
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
            code="idempotency_key_reused", order_id=order.pk,
        )
    expire_if_due(order, at=at)
    if order.status == OrderStatus.AWAITING_PAYMENT and order.payment.status == PaymentStatus.PENDING:
        pay(order=order, payment_method=payment_method, at=at)  # the first attempt never got an answer
    return CheckoutResult(order, created=False)


# 1. Reserve -------------------------------------------------------------------------------------
def reserve(*, buyer, market, key: str, fingerprint: str, address: dict, at: datetime) -> tuple[Order, list[OrderLine]]:
    wanted = dict(CartItem.objects.filter(cart__user=buyer, cart__market=market).values_list("offer_id", "quantity"))
    if not wanted:
        raise Conflict(_("Your cart is empty."), code="cart_empty")
    offers = {o.pk: o for o in visible_offers(market.code, at=at).filter(pk__in=wanted).select_related("variant__product__brand")}
    missing = sorted(set(wanted) - set(offers))
    if missing:
        # Sold out is the common case (visible offers are in stock): say so, naming the offer.
        sold_out = Offer.objects.filter(pk__in=missing, status=OfferStatus.ACTIVE, quantity=0).values_list("pk", flat=True)
        if sold_out:
            raise Conflict(_("This offer is sold out."), code="out_of_stock", offer_id=sold_out[0],
                           requested=wanted[sold_out[0]])
        raise Conflict(_("An offer in your cart is no longer for sale; remove it to continue."),
                       code="offer_unavailable", offer_id=missing[0])
    units = [offers[offer_id] for offer_id in sorted(wanted) for _n in range(wanted[offer_id])]
    prices = [o.price_amount for o in units]
    items_amount = sum(prices)
    fee_amount = fees.buyer_fee(items_amount, market.buyer_fee_bps)
    fee_shares = fees.share(fee_amount, prices)
    commission_bps = conf.commission_bps()
    ref = order_ref(buyer.pk, key)

    with transaction.atomic():
        # Sorted by id so two baskets sharing offers lock them in the same order (no deadlock on PostgreSQL).
        for offer_id in sorted(wanted):
            n = wanted[offer_id]
            if not Offer.objects.filter(pk=offer_id, quantity__gte=n, status=OfferStatus.ACTIVE).update(
                quantity=F("quantity") - n
            ):
                offer = offers[offer_id]
                raise Conflict(
                    _("Not enough stock left of %(title)s to sell you %(n)s.") % {"title": offer.variant, "n": n},
                    code="out_of_stock", offer_id=offer_id, requested=n,
                )
        order = Order.objects.create(
            ref=ref, buyer=buyer, market=market, currency=market.currency, items_amount=items_amount,
            fee_amount=fee_amount, total_amount=items_amount + fee_amount, fee_bps=market.buyer_fee_bps,
            commission_bps=commission_bps, shipping_address=address, idempotency_key=key, request_hash=fingerprint,
            created_at=at, reserved_until=at + conf.reservation(),
        )
        by_seller: dict[int, list[tuple[Offer, int, int]]] = defaultdict(list)
        for offer, fee_share in zip(units, fee_shares, strict=True):
            by_seller[offer.seller_id].append((offer, fee_share, fees.commission(offer.price_amount, commission_bps)))
        fulfilments = Fulfilment.objects.bulk_create([
            Fulfilment(order=order, seller_id=seller_id, items_amount=sum(o.price_amount for o, _f, _c in rows),
                       commission_amount=sum(c for _o, _f, c in rows))
            for seller_id, rows in by_seller.items()
        ])
        lines = OrderLine.objects.bulk_create([
            OrderLine(
                order=order, fulfilment=fulfilment, seller_id=offer.seller_id, offer=offer,
                product_id=offer.variant.product_id, title=str(offer.variant.product)[:250],
                variant_label=offer.variant.label, grade=offer.grade, price_amount=offer.price_amount,
                fee_amount=fee_share, commission_amount=commission, currency=offer.currency,
                warranty_months=offer.warranty_months, handling_days=offer.handling_days,
            )
            for fulfilment in fulfilments
            for offer, fee_share, commission in by_seller[fulfilment.seller_id]
        ])
        order.payment = Payment.objects.create(
            order=order, provider=payments.get_provider().name, amount=order.total_amount, currency=order.currency,
            created_at=at, updated_at=at,
        )
    return order, lines


# 2. Pay -----------------------------------------------------------------------------------------
def _save_payment(payment: Payment, at: datetime, **fields) -> None:
    fields["updated_at"] = at
    Payment.objects.filter(pk=payment.pk).update(**fields)
    for name, value in fields.items():
        setattr(payment, name, value)


def pay(*, order: Order, payment_method: str, at: datetime, lines: list[OrderLine] | None = None) -> None:
    """Authorize and capture outside any transaction; confirm the order or release its stock."""
    payment = order.payment
    provider = payments.get_provider(payment.provider)
    try:
        result = provider.authorize(
            amount=order.total, payment_method=payment_method, idempotency_key=f"{order.ref}:authorize",
            description=f"Comeback order {order.ref}", return_url=confirmation_url(order),
        )
    except PaymentError as exc:
        # Outcome unknown: keep the reservation; replaying the same request asks again with the same key.
        raise ProviderUnavailable(_("The payment service did not answer; retry with the same Idempotency-Key."),
                                  order_id=order.pk) from exc
    if result.status == REQUIRES_ACTION:
        _save_payment(payment, at, status=PaymentStatus.REQUIRES_ACTION, provider_ref=result.payment_id,
                      action_url=result.action_url, card_last4=result.card_last4)
        return
    _settle(order, result, at=at, lines=lines)


def _settle(order: Order, result, *, at: datetime, lines: list[OrderLine] | None = None) -> None:
    """Act on an authorization's outcome: capture and confirm, or release."""
    payment = order.payment
    last4 = result.card_last4 or payment.card_last4
    if result.status in (DECLINED, FAILED):
        _save_payment(payment, at, status=PaymentStatus.DECLINED, decline_code=result.decline_code or "declined",
                      provider_ref=result.payment_id or payment.provider_ref, card_last4=last4)
        release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
        return
    provider = payments.get_provider(payment.provider)
    if result.status == AUTHORIZED:
        _save_payment(payment, at, status=PaymentStatus.AUTHORIZED, provider_ref=result.payment_id, card_last4=last4)
        try:
            result = provider.capture(payment_id=result.payment_id, amount=order.total,
                                      idempotency_key=f"{order.ref}:capture")
        except PaymentError as exc:
            raise ProviderUnavailable(_("The payment service did not answer; retry with the same Idempotency-Key."),
                                      order_id=order.pk) from exc
        if result.status != CAPTURED:
            _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="capture_failed")
            release(order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at)
            return
    confirm_paid(order, provider_ref=result.payment_id or payment.provider_ref, card_last4=last4, at=at, lines=lines)


# 3. Confirm or release --------------------------------------------------------------------------
def confirm_paid(order: Order, *, provider_ref: str, card_last4: str, at: datetime,
                 lines: list[OrderLine] | None = None) -> bool:
    """Mark the order and its lines paid, post the ledger, empty the cart. Idempotent."""
    market = markets.get(order.market_id)
    with transaction.atomic():
        moved = Order.objects.filter(pk=order.pk, status=OrderStatus.AWAITING_PAYMENT, reserved_until__gt=at).update(
            status=OrderStatus.PAID, paid_at=at
        )
        if moved:
            lines = lines if lines is not None else list(OrderLine.objects.filter(order=order, status=LineStatus.RESERVED))
            accept_by = business_deadline(at, ACCEPT_WITHIN_BUSINESS_DAYS, tz=market.timezone, country=market.code)
            for days in sorted({ln.handling_days for ln in lines}):
                ship_by = business_deadline(at, max(days, 1), tz=market.timezone, country=market.code)
                OrderLine.objects.filter(order=order, status=LineStatus.RESERVED, handling_days=days).update(
                    status=LineStatus.PAID, paid_at=at, accept_by=accept_by, ship_by=ship_by
                )
            LedgerEntry.objects.bulk_create(
                [e for ln in lines for e in ledger.entries_for_line(ln, EntryKind.PAYMENT, at)]
            )
            _save_payment(order.payment, at, status=PaymentStatus.CAPTURED, provider_ref=provider_ref,
                          card_last4=card_last4)
            CartItem.objects.filter(
                cart__user_id=order.buyer_id, cart__market_id=order.market_id, offer_id__in={ln.offer_id for ln in lines}
            ).delete()
            for ln in lines:
                ln.status = LineStatus.PAID
            # Sellers hear of an order once it is paid: a reservation that is never paid concerns nobody.
            by_fulfilment: dict[int, list[OrderLine]] = defaultdict(list)
            for ln in lines:
                by_fulfilment[ln.fulfilment_id].append(ln)
            emit_all(
                [("order.created", {"order_id": order.pk, "seller_id": group[0].seller_id, "fulfilment_id": fid,
                                    "line_ids": [ln.pk for ln in group]}) for fid, group in by_fulfilment.items()]
                + [("order.line.paid", line_payload(ln, amount=ln.price_amount, currency=ln.currency)) for ln in lines]
            )
            order.status, order.paid_at = OrderStatus.PAID, at
            return True
    order.refresh_from_db()
    if order.status != OrderStatus.PAID:
        # The reservation lapsed while the buyer paid: its stock went back on sale, so the money goes back.
        expire_if_due(order, at=at)
        _unwind_payment(order, at)
    return False


def release(order: Order, *, status: str, actor: Actor, at: datetime) -> bool:
    """Give a reservation's stock back (declined, abandoned or expired payment). Once only: guarded."""
    with transaction.atomic():
        if not Order.objects.filter(pk=order.pk, status=OrderStatus.AWAITING_PAYMENT).update(status=status, released_at=at):
            return False
        units = Counter(OrderLine.objects.filter(order=order, status=LineStatus.RESERVED).values_list("offer_id", flat=True))
        move_order_lines(order.pk, LineStatus.RESERVED, LineStatus.RELEASED, actor=actor, at=at)
        for offer_id in sorted(units):
            Offer.objects.filter(pk=offer_id).update(quantity=F("quantity") + units[offer_id])
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
    for order in Order.objects.select_related("payment").filter(
        status=OrderStatus.AWAITING_PAYMENT, reserved_until__lte=at
    ).order_by("reserved_until")[:limit]:
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
        provider.refund(payment_id=payment.provider_ref, amount=order.total, idempotency_key=f"{order.ref}:unwind")
    except PaymentError:
        return  # stays authorized/captured; the next touch or task retries with the same key
    _save_payment(payment, at, status=PaymentStatus.FAILED, decline_code="reservation_expired",
                  refunded_amount=payment.amount)


# The buyer's confirmation step ------------------------------------------------------------------
def buyer_order(*, buyer, order_id: int | None = None, ref: str | None = None) -> Order:
    qs = Order.objects.select_related("payment").filter(buyer=buyer)
    order = qs.filter(pk=order_id).first() if order_id is not None else qs.filter(ref=ref).first()
    if order is None:
        raise NotFound(_("You have no such order."), code="order_not_found")
    return order


def confirm_payment(*, buyer, order_id: int | None = None, ref: str | None = None, at: datetime | None = None) -> Order:
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
        raise ProviderUnavailable(_("The payment service did not answer; try again."), order_id=order.pk) from exc
    if result.status == REQUIRES_ACTION:
        raise Conflict(_("The payment still waits for your confirmation."), code="payment_requires_action")
    _settle(order, result, at=at)
    return order


def abandon_payment(*, buyer, order_id: int | None = None, ref: str | None = None, at: datetime | None = None,
                    reason: str = "authentication_failed") -> Order:
    """The buyer (or their bank) refused the confirmation step, or gave up: release the stock now."""
    at = at or clock.now()
    order = buyer_order(buyer=buyer, order_id=order_id, ref=ref)
    if order.status == OrderStatus.AWAITING_PAYMENT and release(
        order, status=OrderStatus.PAYMENT_FAILED, actor=Actor.PAYMENT, at=at
    ):
        _save_payment(order.payment, at, status=PaymentStatus.DECLINED, decline_code=reason)
    return order
