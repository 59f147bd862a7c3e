"""Issuing invoices (docs/payouts.md "Invoices"). Every issue is idempotent (a unique constraint per order
and seller, per refunded line, per seller, month and currency) and takes its number from the issuer's
gapless sequence in the same transaction: a number is never skipped, never given twice, even when two
orders of one seller are paid at the same instant.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum

from comeback.core import clock, hot_sql
from comeback.orders import ledger
from comeback.orders.models import EntryKind, LedgerEntry, Order, OrderLine
from comeback.payouts.conf import platform_identity
from comeback.sellers.models import Seller

from . import vat
from .models import Invoice, InvoiceKind, InvoiceSequence, SellerTaxProfile

PLATFORM = "platform"
CALENDAR_TZ = "Europe/Paris"  # the platform's books are kept in its own calendar


def seller_issuer(seller_id: int) -> str:
    return f"seller:{seller_id}"


def format_number(issuer: str, n: int) -> str:
    """`CB0007-000042` for seller 7's 42nd document, `CBP-000042` for the platform's."""
    if issuer == PLATFORM:
        return f"CBP-{n:06d}"
    return f"CB{int(issuer.split(':')[1]):04d}-{n:06d}"


_T = InvoiceSequence._meta.db_table
# The series' row is made by its first number and moved on by the others; either way one statement, which on
# PostgreSQL locks the row until commit (a racing first number waits for the insert, then moves it on).
_TAKE_SQL = (
    f"INSERT INTO {_T} (issuer, next_number) VALUES (%s, 2) ON CONFLICT (issuer)"
    f" DO UPDATE SET next_number = {_T}.next_number + 1 RETURNING next_number - 1"
)


def take_number(issuer: str) -> int:
    """The next number of `issuer`'s series. Call it inside the transaction that stores the document: the
    statement locks the sequence row until commit, and a rollback gives the number back."""
    with hot_sql.cursor() as cur:
        cur.execute(_TAKE_SQL, [issuer])
        return cur.fetchone()[0]


def seller_identity(seller: Seller) -> dict:
    return {
        "name": seller.legal_name,
        "trading_name": seller.display_name,
        "address": seller.address,
        "country": seller.country,
        "vat_number": seller.vat_number,
        "registration": seller.company_registration,
    }


def margin_scheme(seller: Seller) -> bool:
    profile = SellerTaxProfile.objects.filter(seller=seller).first()
    return bool(profile and profile.margin_scheme)


def set_margin_scheme(*, seller: Seller, enabled: bool, at: datetime | None = None) -> SellerTaxProfile:
    profile, _created = SellerTaxProfile.objects.update_or_create(
        seller=seller, defaults={"margin_scheme": enabled, "updated_at": at or clock.now()}
    )
    return profile


def _store(kind: str, issuer: str, **fields) -> Invoice:
    n = take_number(issuer)
    return Invoice.objects.create(
        kind=kind, issuer=issuer, sequence_number=n, number=format_number(issuer, n), **fields
    )


def _sale_line(line: OrderLine, rate_bps: int) -> dict:
    tax = vat.included_vat(line.price_amount, rate_bps, line.currency)
    return {
        "line_id": line.pk,
        "title": line.title,
        "variant": line.variant_label,
        "grade": line.grade,
        "imei": line.imei,
        "serial": line.serial,
        "quantity": 1,
        "vat_rate_bps": rate_bps,
        "net": line.price_amount - tax,
        "vat": tax,
        "gross": line.price_amount,
    }


def _totals(lines: list[dict]) -> dict:
    return {
        "total_net": sum(ln["net"] for ln in lines),
        "total_vat": sum(ln["vat"] for ln in lines),
        "total_gross": sum(ln["gross"] for ln in lines),
    }


def _buyer_identity(order: Order) -> dict:
    address = order.shipping_address or {}
    return {"name": address.get("name", ""), "address": address, "email": order.buyer.email}


def issue_sale(*, order_id: int, seller_id: int, at: datetime | None = None) -> Invoice | None:
    """The buyer's invoice for what one seller sold in one order, in the seller's name."""
    at = at or clock.now()
    existing = Invoice.objects.filter(kind=InvoiceKind.SALE, order_id=order_id, seller_id=seller_id).first()
    if existing is not None:
        return existing
    # The lines with their order, buyer, seller and tax profile: one read instead of four.
    lines = list(
        OrderLine.objects.select_related("order__buyer", "seller__tax_profile")
        .filter(order_id=order_id, seller_id=seller_id, paid_at__isnull=False)
        .order_by("pk")
    )
    if not lines:
        Order.objects.get(pk=order_id)  # an order or a seller that does not exist raises, as it always did
        Seller.objects.get(pk=seller_id)
        return None
    order, seller = lines[0].order, lines[0].seller
    profile = getattr(seller, "tax_profile", None)  # selected with the lines; None: no profile
    treatment, rate = vat.sale_treatment(
        market=order.market_id, margin_scheme=bool(profile and profile.margin_scheme)
    )
    rows = [_sale_line(ln, rate) for ln in lines]
    try:
        with transaction.atomic():
            return _store(
                InvoiceKind.SALE,
                seller_issuer(seller.pk),
                seller=seller,
                order=order,
                buyer=order.buyer,
                market=order.market_id,
                currency=order.currency,
                issued_by=seller_identity(seller),
                issued_to=_buyer_identity(order),
                lines=rows,
                vat_treatment=treatment,
                issued_at=lines[0].paid_at or at,
                **_totals(rows),
            )
    except IntegrityError:  # issued meanwhile by a replayed event
        return Invoice.objects.get(kind=InvoiceKind.SALE, order_id=order_id, seller_id=seller_id)


def issue_credit_note(*, line_id: int, at: datetime | None = None) -> Invoice | None:
    """A refunded line cancels its part of the sale invoice, in the same series."""
    at = at or clock.now()
    existing = Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE, line_id=line_id).first()
    if existing is not None:
        return existing
    line = OrderLine.objects.select_related("order__buyer", "seller").get(pk=line_id)
    original = Invoice.objects.filter(
        kind=InvoiceKind.SALE, order_id=line.order_id, seller_id=line.seller_id
    ).first()
    if original is None:
        original = issue_sale(order_id=line.order_id, seller_id=line.seller_id, at=at)
    row = next((r for r in original.lines if r["line_id"] == line.pk), None) if original else None
    if row is None:
        return None
    try:
        with transaction.atomic():
            return _store(
                InvoiceKind.CREDIT_NOTE,
                original.issuer,
                seller=line.seller,
                order=line.order,
                buyer=line.order.buyer,
                corrects=original,
                line=line,
                market=original.market,
                currency=original.currency,
                issued_by=original.issued_by,
                issued_to=original.issued_to,
                lines=[row],
                vat_treatment=original.vat_treatment,
                issued_at=line.refunded_at or at,
                **_totals([row]),
            )
    except IntegrityError:
        return Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE, line_id=line_id)


# Commission ------------------------------------------------------------------------------------------
def month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(CALENDAR_TZ)
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    nxt = date.fromordinal(last.toordinal() + 1)
    return datetime.combine(first, time(), tzinfo=zone), datetime.combine(nxt, time(), tzinfo=zone)


def previous_month(at: datetime) -> date:
    local = clock.local_date(at, CALENDAR_TZ).replace(day=1)
    return date.fromordinal(local.toordinal() - 1).replace(day=1)


def _commission_entries(month: date):
    start, end = month_bounds(month)
    return LedgerEntry.objects.filter(
        account=ledger.PLATFORM_COMMISSION,
        kind__in=[EntryKind.PAYMENT, EntryKind.REFUND],
        created_at__gte=start,
        created_at__lt=end,
    )


def issue_commission(
    *, seller: Seller, month: date, currency: str, at: datetime | None = None
) -> Invoice | None:
    """The platform's invoice to `seller` for the commission it kept on the month's sales, less refunds."""
    at = at or clock.now()
    month = month.replace(day=1)
    existing = Invoice.objects.filter(
        kind=InvoiceKind.COMMISSION, seller=seller, period=month, currency=currency
    ).first()
    if existing is not None:
        return existing
    sums = (
        _commission_entries(month)
        .filter(line__seller=seller, currency=currency)
        .aggregate(
            sold=Sum("amount", filter=Q(kind=EntryKind.PAYMENT)),
            sales=Count("pk", filter=Q(kind=EntryKind.PAYMENT)),
            returned=Sum("amount", filter=Q(kind=EntryKind.REFUND)),
            refunds=Count("pk", filter=Q(kind=EntryKind.REFUND)),
        )
    )
    treatment, rate = vat.commission_treatment(seller.country)
    rows = []
    for label, count, gross in (
        ("commission", sums["sales"], sums["sold"] or 0),
        ("refunded", sums["refunds"], sums["returned"] or 0),
    ):
        if count:
            tax = (
                vat.included_vat(gross, rate, currency)
                if gross >= 0
                else -vat.included_vat(-gross, rate, currency)
            )
            rows.append(
                {
                    "label": label,
                    "count": count,
                    "vat_rate_bps": rate,
                    "net": gross - tax,
                    "vat": tax,
                    "gross": gross,
                }
            )
    if not rows or sum(r["gross"] for r in rows) <= 0:
        return None
    try:
        with transaction.atomic():
            return _store(
                InvoiceKind.COMMISSION,
                PLATFORM,
                seller=seller,
                period=month,
                market=seller.country if len(seller.country) == 2 else "",
                currency=currency,
                issued_by=platform_identity(),
                issued_to=seller_identity(seller),
                lines=rows,
                vat_treatment=treatment,
                issued_at=at,
                **_totals(rows),
            )
    except IntegrityError:
        return Invoice.objects.get(
            kind=InvoiceKind.COMMISSION, seller=seller, period=month, currency=currency
        )


def issue_monthly(
    *, month: date | None = None, at: datetime | None = None, progress: Callable | None = None
) -> list[Invoice]:
    """Every seller's commission invoice for `month` (the previous month by default). Safe to run again."""
    at = at or clock.now()
    month = (month or previous_month(at)).replace(day=1)
    pairs = sorted(set(_commission_entries(month).values_list("line__seller_id", "currency")))
    sellers = Seller.objects.in_bulk([s for s, _c in pairs])
    issued = []
    for seller_id, currency in progress(pairs, "commission invoices") if progress else pairs:
        invoice = issue_commission(seller=sellers[seller_id], month=month, currency=currency, at=at)
        if invoice is not None:
            issued.append(invoice)
    return issued
