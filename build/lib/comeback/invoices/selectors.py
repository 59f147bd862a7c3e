"""Reads: who may read an invoice, and the lists on each actor's pages (never a write)."""

from __future__ import annotations

from django.db.models import Q

from .models import Invoice, InvoiceKind

SELLER_LIST = 100


def readable_by(user):
    """Invoices `user` may open: its own as buyer, its shop's (issued or received), or every one for staff."""
    if user.is_staff:
        return Invoice.objects.all()
    return Invoice.objects.filter(
        Q(buyer=user, kind__in=[InvoiceKind.SALE, InvoiceKind.CREDIT_NOTE]) | Q(seller__user=user)
    )


def for_order(*, buyer, order) -> list[Invoice]:
    return list(
        Invoice.objects.filter(order=order, buyer=buyer, kind__in=[InvoiceKind.SALE, InvoiceKind.CREDIT_NOTE])
        .select_related("corrects")
        .order_by("issued_at", "pk")
    )


def for_seller(seller, *, kind: str | None = None) -> list[Invoice]:
    return list(of_seller(seller, kind=kind)[:SELLER_LIST])


def of_seller(seller, *, kind: str | None = None):
    """Every invoice of the seller, newest first (a queryset to page)."""
    qs = Invoice.objects.filter(seller=seller).select_related("order", "corrects")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-issued_at", "-pk")
