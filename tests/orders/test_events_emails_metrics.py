"""Side effects of each step: outbox events (the webhooks contract), emails sent once from the outbox
handlers, and the seller-metrics facts."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from comeback.core import outbox
from comeback.core.models import OutboxEvent
from comeback.orders.metrics import order_facts, review_comments
from comeback.orders.services import fulfilment, returns, reviews

from .helpers import T0, place_order, walk

CONTRACT_TOPICS = {
    "order.created",
    "order.line.paid",
    "order.line.accepted",
    "order.line.shipped",
    "order.line.delivered",
    "order.line.cancelled",
    "order.line.refunded",
    "return.requested",
    "return.received",
    "return.refunded",
    "review.posted",
}


def test_given_every_step_of_an_order_then_each_contract_topic_is_emitted_with_seller_and_ids(
    buyer, offer, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(buyer, (offer, 2))
        kept, cancelled = order.lines.select_related("order__buyer", "seller")
        fulfilment.buyer_cancel_line(buyer=buyer, line_id=cancelled.pk)
        walk(kept, "delivered")
        reviews.post_review(buyer=buyer, line_id=kept.pk, stars=5)
        ret = returns.request_return(buyer=buyer, order_id=order.pk, reason="defect")[0]
        returns.receive_return(seller=seller, return_id=ret.pk)
        returns.refund_return(seller=seller, return_id=ret.pk)

    events = list(OutboxEvent.objects.filter(topic__in=CONTRACT_TOPICS))
    assert {e.topic for e in events} == CONTRACT_TOPICS
    for e in events:
        assert e.payload["seller_id"] == seller.pk, e.topic
        assert e.payload["order_id"] == order.pk, e.topic
        if e.topic.startswith(("order.line", "return", "review")):
            assert e.payload["line_id"] in (kept.pk, cancelled.pk), e.topic
    assert {e.payload["return_id"] for e in events if e.topic.startswith("return.")} == {ret.pk}


def test_given_an_order_when_the_outbox_is_drained_twice_then_each_email_is_sent_once(
    buyer, offer, seller, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = place_order(buyer, (offer, 2))
    sent = sorted((m.to[0], order.ref in m.subject) for m in mail.outbox)
    # one per order for the buyer (in the market's language) and one per seller, not one per line
    assert sent == sorted([(buyer.email, True), (seller.user.email, True)])

    OutboxEvent.objects.update(processed_at=None)  # a crash before marking: every event replays
    outbox.drain()
    assert len(mail.outbox) == 2


def test_given_a_shipment_then_the_buyer_gets_the_tracking_number_by_email(
    buyer, offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        line = place_order(buyer, offer).lines.select_related("order__buyer", "seller").get()
        walk(line, "shipped")
    shipping = [m for m in mail.outbox if "TRACK12345" in m.body]
    assert len(shipping) == 1 and shipping[0].to == [buyer.email]


def test_given_a_sellers_history_then_the_fact_source_counts_it_per_line(buyer, offer, seller, clock_at):
    with clock_at(T0):
        order = place_order(buyer, (offer, 3))
        late, on_time, dropped = order.lines.select_related("order__buyer", "seller")
        walk(on_time, "delivered")
        fulfilment.seller_cancel_line(seller=seller, line_id=dropped.pk, reason="no stock")
    with clock_at(T0 + timedelta(days=4)):  # after the 1-business-day handling time
        walk(late, "delivered")
        returns.request_return(buyer=buyer, order_id=order.pk, line_ids=[late.pk], reason="wrong_grade")
        reviews.post_review(buyer=buyer, line_id=on_time.pk, stars=4, comment="fine")

    facts = order_facts(seller.pk, None, T0 + timedelta(days=5))

    assert facts["orders"] == 3
    assert facts["shipped"] == 2 and facts["delivered"] == 2
    assert facts["cancelled"] == 1
    assert facts["late_shipments"] == 1
    assert facts["returns"] == 1 and facts["defects"] == 1
    assert (facts["rating_count"], facts["rating_sum"], facts["ratings_4"]) == (1, 4, 1)
    assert order_facts(seller.pk, T0 + timedelta(days=5), T0 + timedelta(days=6))["orders"] == 0
    assert review_comments(seller.pk, 5)[0]["comment"] == "fine"


def test_given_a_delivered_order_then_the_sellers_metrics_collect_the_orders_facts(
    buyer, offer, seller, clock_at
):
    from comeback.sellers import metrics

    with clock_at(T0):
        walk(place_order(buyer, offer).lines.select_related("order__buyer", "seller").get(), "delivered")

    facts = metrics.collect_facts(seller.pk, None, T0 + timedelta(days=1))

    assert (facts["orders"], facts["delivered"]) == (1, 1)
