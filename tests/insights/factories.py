"""Hand-built facts for insights tests: orders, lines, ledger entries, refunds, deliveries and returns
written directly (at chosen instants) so every figure has a known answer. The postings are the orders
app's own (`ledger.entries_for_line`), so the ledger balances exactly as checkout would leave it."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from comeback.orders import ledger
from comeback.orders.models import (
    EntryKind,
    Fulfilment,
    LedgerEntry,
    LineStatus,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
    PaymentStatus,
    Refund,
    Return,
)
from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, UserFactory

_refs = itertools.count(1)
CURRENCY = {"FR": "EUR", "DE": "EUR", "GB": "GBP", "US": "USD", "JP": "JPY"}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def product(category: str = "smartphones"):
    return ProductModelFactory(category=CategoryFactory(slug=category))


def sale(
    seller,
    *,
    at: datetime,
    market: str = "FR",
    price: int = 10000,
    fee: int | None = None,
    commission: int | None = None,
    product=None,
    buyer=None,
    extra_lines: int = 0,
) -> OrderLine:
    """A paid order of one line (plus `extra_lines` identical lines) from `seller`; returns the first line."""
    currency = CURRENCY[market]
    fee = price * 15 // 1000 if fee is None else fee  # 1.5%, the seed markets' rate
    commission = price // 10 if commission is None else commission
    product = product or ProductModelFactory()
    offer = OfferFactory(
        seller=seller, variant__product=product, market_id=market, currency=currency, price_amount=price
    )
    n = 1 + extra_lines
    ref = next(_refs)
    order = Order.objects.create(
        ref=f"T{ref:08d}",
        buyer=buyer or UserFactory(),
        market_id=market,
        currency=currency,
        status=OrderStatus.PAID,
        items_amount=price * n,
        fee_amount=fee * n,
        total_amount=(price + fee) * n,
        idempotency_key=f"k{ref}",
        request_hash="x",
        created_at=at,
        reserved_until=at + timedelta(minutes=15),
        paid_at=at,
    )
    Payment.objects.create(
        order=order,
        provider="test",
        status=PaymentStatus.CAPTURED,
        amount=order.total_amount,
        currency=currency,
        created_at=at,
        updated_at=at,
    )
    fulfilment = Fulfilment.objects.create(
        order=order, seller=seller, items_amount=price * n, commission_amount=commission * n
    )
    lines = []
    for _ in range(n):
        line = OrderLine.objects.create(
            order=order,
            fulfilment=fulfilment,
            seller=seller,
            offer=offer,
            product=product,
            title=product.name,
            grade="good",
            price_amount=price,
            fee_amount=fee,
            commission_amount=commission,
            currency=currency,
            status=LineStatus.PAID,
            paid_at=at,
        )
        LedgerEntry.objects.bulk_create(ledger.entries_for_line(line, EntryKind.PAYMENT, at))
        lines.append(line)
    return lines[0]


def refund(
    line: OrderLine, *, at: datetime, status: str = LineStatus.REFUNDED, reason: str = "returned"
) -> Refund:
    payment = Payment.objects.get(order_id=line.order_id)
    r = Refund.objects.create(
        payment=payment,
        line=line,
        amount=line.paid_amount,
        currency=line.currency,
        reason=reason,
        idempotency_key=f"refund:{line.pk}",
        created_at=at,
    )
    LedgerEntry.objects.bulk_create(ledger.entries_for_line(line, EntryKind.REFUND, at))
    OrderLine.objects.filter(pk=line.pk).update(status=status, refunded_at=at)
    return r


def cancel(line: OrderLine, *, at: datetime) -> OrderLine:
    refund(line, at=at, status=LineStatus.CANCELLED, reason="cancelled")
    OrderLine.objects.filter(pk=line.pk).update(cancelled_at=at, cancelled_by="seller", refunded_at=None)
    line.refresh_from_db()
    return line


def deliver(line: OrderLine, *, at: datetime) -> OrderLine:
    OrderLine.objects.filter(pk=line.pk).update(
        status=LineStatus.DELIVERED,
        shipped_at=at - timedelta(days=2),
        delivered_at=at,
        tracking_number="TRK1",
        serial=f"SN-{line.pk}",
        carrier="Colissimo",  # one unit, one serial
    )
    line.refresh_from_db()
    return line


def return_(line: OrderLine, *, at: datetime, reason: str = "defect") -> Return:
    return Return.objects.create(
        line=line, order_id=line.order_id, seller_id=line.seller_id, reason=reason, requested_at=at
    )


def claim(
    line: OrderLine, *, opened_at: datetime, resolved_at: datetime | None = None, fault: str = "battery"
):
    """A warranty claim (aftersales.Claim) on a delivered line, resolved by a repair when `resolved_at` is set."""
    from comeback.aftersales.models import Claim

    resolved = resolved_at is not None
    return Claim.objects.create(
        ref=f"C{next(_refs):08d}",
        order_line=line,
        buyer=line.order.buyer,
        seller=line.seller,
        market=line.order.market_id,
        fault=fault,
        description="It stopped working.",
        status="resolved" if resolved else "open",
        resolution="repair" if resolved else None,
        opened_at=opened_at,
        answer_due_at=opened_at + timedelta(days=2),
        answered_at=opened_at + timedelta(hours=1) if resolved else None,
        resolved_at=resolved_at,
    )


def payout(lines: list[OrderLine], *, at: datetime):
    """Pay `lines` out to their (single) seller at `at`."""
    from comeback.orders.models import Payout

    net = sum(line.net_amount for line in lines)
    p = Payout.objects.create(
        seller=lines[0].seller,
        payout_date=at.date(),
        currency=lines[0].currency,
        amount=net,
        transfer_amount=net,
        created_at=at,
    )
    OrderLine.objects.filter(pk__in=[line.pk for line in lines]).update(payout=p)
    return p
