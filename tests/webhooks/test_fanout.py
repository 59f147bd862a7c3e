"""Outbox → deliveries: one per matching active subscription of the event's seller, exactly once per event."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.core.models import OutboxEvent
from comeback.webhooks import events, handlers, services
from comeback.webhooks.models import WebhookDelivery


@pytest.fixture
def https(seller):
    def make(events_, active=True, who=None):
        created = services.create_subscription(
            seller=who or seller, url="https://hooks.example.com/x", events=events_, is_active=active
        )
        return created.subscription

    return make


@pytest.mark.django_db
def test_given_every_seller_topic_when_the_app_is_ready_then_a_fan_out_handler_is_registered():
    for topic in events.TOPICS:
        assert handlers.webhooks_fan_out in outbox._batch_handlers[topic], topic
    assert len(events.TOPICS) == 21  # orders, returns, reviews, offers (13) and warranty claims (8)


def test_given_one_outbox_event_when_handled_twice_then_there_is_one_delivery(https, seller):
    sub = https(["order.created"])
    first = services.fan_out(
        topic="order.created", event_id=12, payload={"seller_id": seller.pk, "order_id": 1}
    )
    second = services.fan_out(
        topic="order.created", event_id=12, payload={"seller_id": seller.pk, "order_id": 1}
    )
    assert WebhookDelivery.objects.filter(subscription=sub).count() == 1
    assert first == second  # still pending: handing it to the queue again is harmless


def test_given_an_emitted_event_when_the_outbox_drains_twice_then_there_is_one_delivery(https, seller):
    sub = https(["*"])
    outbox.emit("order.line.shipped", seller_id=seller.pk, order_id=4, line_id=40)
    event = OutboxEvent.objects.get()
    handlers.webhooks_fan_out([(event.pk, event.topic, event.payload)])  # a crash before marking it processed
    outbox.drain()
    [delivery] = WebhookDelivery.objects.filter(subscription=sub)
    assert delivery.event_id == f"evt_{event.pk}" and delivery.topic == "order.line.shipped"
    assert delivery.occurred_at == event.created_at and delivery.payload["line_id"] == 40


def test_given_several_subscriptions_when_an_event_fans_out_then_only_matching_active_ones_of_that_seller_get_it(
    https, seller, other_seller
):
    wanted = https(["order.line.paid"])
    everything = https(["*"])
    https(["return.requested"])
    https(["*"], active=False)
    https(["*"], who=other_seller)
    services.fan_out(topic="order.line.paid", event_id=3, payload={"seller_id": seller.pk, "line_id": 9})
    assert set(WebhookDelivery.objects.values_list("subscription_id", flat=True)) == {
        wanted.pk,
        everything.pk,
    }


@pytest.mark.parametrize("payload", [{}, {"seller_id": None}, {"seller_id": "3"}, {"seller_id": True}])
def test_given_an_event_without_an_integer_seller_when_it_fans_out_then_nothing_is_created(https, payload):
    https(["*"])
    assert services.fan_out(topic="offer.updated", event_id=1, payload=payload) == []
    assert not WebhookDelivery.objects.exists()


def test_given_a_new_delivery_then_it_is_pending_and_due_now(https, seller):
    https(["*"])
    [pk] = services.fan_out(
        topic="offer.published", event_id=2, payload={"seller_id": seller.pk, "offer_id": 5}
    )
    delivery = WebhookDelivery.objects.get(pk=pk)
    assert delivery.status == "pending" and delivery.attempts == 0
    assert services.due_delivery_ids() == [pk]
