"""Rules derived from time (docs/design.md §3): a lapsed reservation is released by whoever touches it first,
once; a shipped line counts as delivered N days later; deadlines skip weekends and holidays. Plus the
carrier's signed delivery webhook."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from django.test import Client

from comeback.offers.models import Offer
from comeback.orders.calendar import business_deadline
from comeback.orders.models import LineStatus, OrderStatus, PaymentStatus
from comeback.orders.payments.testing import CARD_NEEDS_CONFIRMATION
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import fulfilment
from comeback.orders.services.fulfilment import sign_carrier_payload

from .helpers import T0, place_order, walk


def test_given_a_reservation_past_its_deadline_when_the_buyer_opens_the_order_then_the_stock_is_back(
    api, buyer, offer, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, (offer, 2), card=CARD_NEEDS_CONFIRMATION)
    assert Offer.objects.get(pk=offer.pk).quantity == 3

    with clock_at(T0 + timedelta(minutes=16)):
        seen = api.as_(buyer).get(f"/api/v1/orders/{order.pk}").expect(200)

    assert seen["status"] == "expired"
    assert {ln["status"] for ln in seen["fulfilments"][0]["lines"]} == {"released"}
    assert Offer.objects.get(pk=offer.pk).quantity == 5


def test_given_an_expired_reservation_when_released_twice_then_the_stock_comes_back_once(
    buyer, offer, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, offer, card=CARD_NEEDS_CONFIRMATION)
    later = T0 + timedelta(hours=1)
    assert checkout_service.expire_due(at=later) == 1
    assert checkout_service.expire_due(at=later) == 0
    assert not checkout_service.expire_if_due(order, at=later)
    assert Offer.objects.get(pk=offer.pk).quantity == 5
    order.payment.refresh_from_db()
    assert order.payment.status == PaymentStatus.FAILED


def test_given_a_buyer_confirming_after_the_reservation_lapsed_then_nothing_is_charged(
    api, buyer, offer, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, offer, card=CARD_NEEDS_CONFIRMATION)
    with clock_at(T0 + timedelta(minutes=20)):
        out = api.as_(buyer).post(f"/api/v1/orders/{order.pk}/payment/confirm").expect(200)
    assert out["status"] == "expired"
    assert Offer.objects.get(pk=offer.pk).quantity == 5


def test_given_a_reservation_within_its_time_when_a_sweep_runs_then_it_is_kept(buyer, offer, clock_at):
    with clock_at(T0):
        order = place_order(buyer, offer, card=CARD_NEEDS_CONFIRMATION)
    assert checkout_service.expire_due(at=T0 + timedelta(minutes=14)) == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PAYMENT


def test_given_a_line_shipped_8_days_ago_when_the_seller_lists_orders_then_the_clock_delivered_it(
    api, buyer, offer, seller, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, offer)
        walk(order.lines.select_related("order__buyer", "seller").get(), "shipped")
    with clock_at(T0 + timedelta(days=8)):
        items = api.as_(seller.user).get("/api/v1/seller/orders").expect(200)["items"]
    assert items[0]["status"] == "delivered"
    assert items[0]["delivered_at"] == "2027-03-10T10:00:00Z"  # shipped_at + 7 days, not when someone looked


def test_given_a_delivered_line_past_the_return_window_when_swept_then_it_is_completed(
    buyer, offer, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, offer)
        line = walk(order.lines.select_related("order__buyer", "seller").get(), "delivered")
    done = fulfilment.catch_up(at=T0 + timedelta(days=31))
    line.refresh_from_db()
    assert done["lines"] == 1
    assert line.status == LineStatus.COMPLETED


def test_given_a_friday_payment_then_the_seller_must_accept_by_the_end_of_monday_in_its_market():
    friday = datetime(2027, 3, 5, 15, 0, tzinfo=UTC)
    deadline = business_deadline(friday, 1, tz="Europe/Paris", country="FR")
    assert deadline.isoformat() == "2027-03-09T00:00:00+01:00"


def test_given_a_paid_line_not_shipped_by_its_deadline_then_it_is_late(buyer, offer, clock_at):
    from comeback.orders.selectors import is_late

    with clock_at(T0):
        line = place_order(buyer, offer).lines.get()
    assert not is_late(line, T0 + timedelta(hours=20))
    assert is_late(line, T0 + timedelta(days=2))


# The carrier webhook ----------------------------------------------------------------------------
def post_carrier(
    body: dict, *, timestamp: int | None = None, secret: str | None = None, signature: str | None = None
):
    raw = json.dumps(body).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    sig = signature or sign_carrier_payload(raw, ts, secret)
    return Client().post(
        "/api/v1/carriers/events",
        raw,
        content_type="application/json",
        headers={"X-Carrier-Timestamp": ts, "X-Carrier-Signature": sig},
    )


def shipped(buyer, offer):
    order = place_order(buyer, offer)
    return walk(order.lines.select_related("order__buyer", "seller").get(), "shipped")


EVENT = {"carrier": "colissimo", "tracking_number": "TRACK12345", "event": "delivered"}


def test_given_a_signed_delivery_event_when_the_carrier_posts_it_then_the_line_is_delivered_by_the_carrier(
    db, buyer, offer
):
    line = shipped(buyer, offer)
    response = post_carrier(EVENT)
    assert response.status_code == 200 and response.json() == {"delivered": 1, "returns_delivered": 0}
    line.refresh_from_db()
    assert (line.status, line.delivered_by) == (LineStatus.DELIVERED, "carrier")
    assert post_carrier(EVENT).json()["delivered"] == 0  # a replay changes nothing


def test_given_a_wrong_secret_when_the_carrier_posts_then_401_and_nothing_moves(db, buyer, offer):
    line = shipped(buyer, offer)
    response = post_carrier(EVENT, secret="not-the-secret")
    assert response.status_code == 401 and response.json()["code"] == "bad_signature"
    line.refresh_from_db()
    assert line.status == LineStatus.SHIPPED


def test_given_an_old_timestamp_when_the_carrier_posts_then_401_stale(db, buyer, offer):
    shipped(buyer, offer)
    response = post_carrier(EVENT, timestamp=int(time.time()) - 3600)
    assert response.status_code == 401 and response.json()["code"] == "stale_signature"


def test_given_no_signature_or_a_garbage_body_then_401_before_parsing(db):
    response = Client().post("/api/v1/carriers/events", b"not json", content_type="application/json")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")


def test_given_a_signed_but_invalid_body_then_422(db):
    raw = b'{"carrier": 1}'
    ts = str(int(time.time()))
    response = Client().post(
        "/api/v1/carriers/events",
        raw,
        content_type="application/json",
        headers={"X-Carrier-Timestamp": ts, "X-Carrier-Signature": sign_carrier_payload(raw, ts)},
    )
    assert response.status_code == 422
