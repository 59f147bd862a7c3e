"""Webhook reads: a seller sees only its own subscriptions and their delivery log."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from comeback.core.problems import NotFound
from comeback.sellers.models import Seller

from .models import DeliveryStatus, WebhookDelivery, WebhookSubscription

PAGE_SIZE = 50


def subscriptions_of(seller: Seller) -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(seller=seller).annotate(
        failing=Count(
            "deliveries", filter=Q(deliveries__status__in=[DeliveryStatus.FAILED, DeliveryStatus.GAVE_UP])
        )
    )


def subscription_of(seller: Seller, subscription_id: int) -> WebhookSubscription:
    found = WebhookSubscription.objects.filter(pk=subscription_id, seller=seller).first()
    if found is None:
        raise NotFound(_("No webhook subscription with that id."), code="webhook_not_found")
    return found


def all_deliveries_of(subscription: WebhookSubscription, *, status: str | None = None):
    """Every delivery of the subscription, newest first (a queryset to page)."""
    rows = WebhookDelivery.objects.filter(subscription=subscription)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def deliveries_of(
    subscription: WebhookSubscription, *, status: str | None = None, page: int = 1, page_size: int = PAGE_SIZE
) -> list[WebhookDelivery]:
    rows = WebhookDelivery.objects.filter(subscription=subscription)
    if status:
        rows = rows.filter(status=status)
    page = max(1, page)
    return list(rows.order_by("-created_at", "-id")[(page - 1) * page_size : page * page_size])
