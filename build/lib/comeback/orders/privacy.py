"""Buying's part in a person's data (accounts/profile.py, `settings.PERSONAL_DATA`): their orders in the
copy they download; at deletion, the orders stay (sellers, invoices and accounting law need them) but the
delivery addresses lose everything that names the person, and carts go."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from comeback.core.problems import Conflict

from .models import Cart, LineStatus, Order, OrderLine, OrderStatus, Return, Review

ON_ITS_WAY = (LineStatus.PAID, LineStatus.ACCEPTED, LineStatus.SHIPPED)
KEPT_ADDRESS_FIELDS = ("postal_code", "city", "country")  # where it went, for tax and statistics; not who


def export(user) -> dict:
    orders = Order.objects.filter(buyer=user).prefetch_related("lines").order_by("created_at", "id")
    return {
        "orders": [
            {
                "ref": o.ref,
                "market": o.market_id,
                "status": o.status,
                "created_at": o.created_at.isoformat(),
                "paid_at": o.paid_at.isoformat() if o.paid_at else None,
                "total_amount": o.total_amount,
                "currency": o.currency,
                "shipping_address": o.shipping_address,
                "lines": [
                    {
                        "title": ln.title,
                        "variant": ln.variant_label,
                        "grade": ln.grade,
                        "price_amount": ln.price_amount,
                        "status": ln.status,
                        "tracking_number": ln.tracking_number,
                    }
                    for ln in o.lines.all()
                ],
            }
            for o in orders
        ],
        "reviews": [
            {
                "order": r.line.order.ref,
                "stars": r.stars,
                "comment": r.comment,
                "created_at": r.created_at.isoformat(),
            }
            for r in Review.objects.filter(buyer=user).select_related("line__order")
        ],
        "returns": [
            {"order": r.order.ref, "reason": r.reason, "comment": r.comment, "status": r.status}
            for r in Return.objects.filter(order__buyer=user).select_related("order")
        ],
    }


def check_erasable(user) -> None:
    if OrderLine.objects.filter(order__buyer=user, status__in=ON_ITS_WAY).exists():
        raise Conflict(
            _("An order is still on its way to you. Delete your account once it has arrived."),
            code="orders_in_progress",
        )
    if Order.objects.filter(buyer=user, status=OrderStatus.AWAITING_PAYMENT).exists():
        raise Conflict(
            _("A payment is waiting for your confirmation. Confirm or cancel it first."),
            code="orders_in_progress",
        )


def erase(user, *, at: datetime) -> None:
    with transaction.atomic():
        for order in Order.objects.filter(buyer=user).only("pk", "shipping_address"):
            kept = {k: v for k, v in (order.shipping_address or {}).items() if k in KEPT_ADDRESS_FIELDS}
            Order.objects.filter(pk=order.pk).update(shipping_address=kept)
        Cart.objects.filter(user=user).delete()
