"""Query budgets of the webhook lists: a seller's subscriptions and a subscription's delivery log cost the same
few queries for 2 rows or 8."""

from __future__ import annotations

import pytest

from comeback.core import clock
from comeback.webhooks import services
from comeback.webhooks.models import DeliveryStatus, WebhookDelivery

from ..budgets import assert_flat, assert_flat_page

pytestmark = pytest.mark.django_db


def test_given_more_subscriptions_when_the_seller_lists_them_then_the_queries_do_not_grow(
    api, seller, receiver
):
    def add(n):
        for _ in range(n):
            services.create_subscription(seller=seller, url=receiver.url, events=["*"])

    assert_flat(api.as_(seller.user, ["seller"]), "/api/v1/seller/webhooks", add, budget=8)


def _deliveries(subscription, n: int) -> None:
    at = clock.now()
    for i in range(n):
        WebhookDelivery.objects.create(
            subscription=subscription,
            event_id=f"evt_budget_{WebhookDelivery.objects.count()}_{i}",
            topic="offer.updated",
            payload={"offer_id": i},
            occurred_at=at,
            status=DeliveryStatus.FAILED,
            attempts=2,
            next_attempt_at=at,
            last_status_code=500,
            created_at=at,
            updated_at=at,
        )


def test_given_more_deliveries_when_the_seller_reads_the_log_then_the_queries_do_not_grow(
    api, seller, subscription
):
    def add(n):
        _deliveries(subscription.subscription, n)

    path = f"/api/v1/seller/webhooks/{subscription.subscription.pk}/deliveries"
    assert_flat(api.as_(seller.user, ["seller"]), path, add, budget=8)


def test_given_more_subscriptions_and_deliveries_when_the_seller_opens_their_pages_then_the_queries_do_not_grow(
    client, seller, receiver, subscription
):
    def add_subscriptions(n):
        for _ in range(n):
            services.create_subscription(seller=seller, url=receiver.url, events=["*"])

    client.force_login(seller.user)
    assert_flat_page(client, "/seller/webhooks/", add_subscriptions, budget=10)
    path = f"/seller/webhooks/{subscription.subscription.pk}/"
    assert_flat_page(client, path, lambda n: _deliveries(subscription.subscription, n), budget=10)
