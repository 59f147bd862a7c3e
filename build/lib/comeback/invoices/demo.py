"""Demo invoices: every paid demo order's invoices (credit notes for its refunds), and last month's
commission invoices, issued at once rather than left to the outbox worker."""

from __future__ import annotations

from comeback.orders.models import OrderLine

from . import services


def seed_demo(ctx) -> None:
    sellers = [s.pk for s in ctx.sellers.values()]
    paid = OrderLine.objects.filter(seller_id__in=sellers, paid_at__isnull=False)
    for order_id, seller_id in sorted(set(paid.values_list("order_id", "seller_id"))):
        services.issue_sale(order_id=order_id, seller_id=seller_id, at=ctx.now)
    for line_id in paid.filter(refunded_at__isnull=False).values_list("pk", flat=True):
        services.issue_credit_note(line_id=line_id, at=ctx.now)
    services.issue_monthly(at=ctx.now)
