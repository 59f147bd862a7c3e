"""A new order's answer is built from what its checkout wrote (services/checkout/written.py), not read back: it
must say exactly what reading the order back says (`selectors.buyer_order`), field by field and byte for byte."""

from __future__ import annotations

import json
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from ninja.responses import NinjaJSONEncoder

from comeback.orders import selectors
from comeback.orders.payments.testing import CARD_NEEDS_CONFIRMATION, CARD_SUCCEEDS
from comeback.orders.schemas import OrderOut
from comeback.orders.services import cart as cart_service
from comeback.orders.services import checkout as checkout_service
from comeback.orders.services import customise
from tests.factories import OfferFactory

from .helpers import ADDRESS, checkout_body, key, watch_with_addons


def _fields(value, at: str = "") -> dict:
    """Every leaf of an answer by its path (`fulfilments[0].lines[1].ship_by`), so a difference names its field."""
    if isinstance(value, dict):
        return {k: v for name, item in value.items() for k, v in _fields(item, f"{at}.{name}").items()}
    if isinstance(value, list):
        found = {f"{at}[]": len(value)}
        for i, item in enumerate(value):
            found.update(_fields(item, f"{at}[{i}]"))
        return found
    return {at: value}


def _check_out(buyer, *, card: str = CARD_SUCCEEDS, address: dict | None = None, key: str | None = None):
    return checkout_service.checkout(
        buyer=buyer,
        market_code="FR",
        idempotency_key=key or uuid.uuid4().hex,
        shipping_address=address or ADDRESS,
        payment_method=card,
    )


def _assert_written_is_read(buyer, result) -> dict:
    with CaptureQueriesContext(connection) as captured:
        written = OrderOut.from_orm(checkout_service.as_written(result)).model_dump()
    assert [q["sql"] for q in captured.captured_queries] == []

    read = OrderOut.from_orm(selectors.buyer_order(buyer=buyer, order_id=result.order.pk)).model_dump()

    assert _fields(written) == _fields(read)
    assert json.dumps(written, cls=NinjaJSONEncoder) == json.dumps(read, cls=NinjaJSONEncoder)
    return written


def test_given_one_sellers_offers_shipping_at_different_speeds_when_checked_out_then_the_answer_is_the_read(
    buyer, seller
):
    quick, slow = (
        OfferFactory(seller=seller, handling_days=1, quantity=5),
        OfferFactory(seller=seller, handling_days=3, quantity=5),
    )
    cart_service.add_to_cart(user=buyer, offer_id=quick.pk, quantity=2)
    cart_service.add_to_cart(user=buyer, offer_id=slow.pk, quantity=1)

    answer = _assert_written_is_read(buyer, _check_out(buyer))

    assert answer["status"] == "paid"
    assert [len(f["lines"]) for f in answer["fulfilments"]] == [3]
    assert len({ln["ship_by"] for ln in answer["fulfilments"][0]["lines"]}) == 2


def test_given_two_sellers_and_a_full_address_when_checked_out_then_the_answer_is_the_read(
    buyer, offer, other_offer
):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=2)
    cart_service.add_to_cart(user=buyer, offer_id=other_offer.pk, quantity=1)
    # Every key of the address: PostgreSQL gives a jsonb object's keys back in its own order.
    address = {**ADDRESS, "line2": "Bâtiment B", "phone": "+33 1 23 45 67 89", "country": "fr"}

    answer = _assert_written_is_read(buyer, _check_out(buyer, address=address))

    assert sorted(len(f["lines"]) for f in answer["fulfilments"]) == [1, 2]
    assert answer["shipping_address"]["country"] == "FR"


def test_given_a_watch_with_a_strap_attached_when_checked_out_then_the_answer_is_the_read(buyer, seller):
    watch, strap, _any, _case = watch_with_addons(seller)
    item = cart_service.add_to_cart(user=buyer, offer_id=watch.pk, quantity=1)
    customise.attach_addon(user=buyer, offer_id=strap.pk, attach_to=item.pk, quantity=1)

    answer = _assert_written_is_read(buyer, _check_out(buyer))

    lines = {ln["offer_id"]: ln for ln in answer["fulfilments"][0]["lines"]}
    assert lines[strap.pk]["attached_to"] == lines[watch.pk]["id"]


def test_given_a_card_needing_confirmation_when_checked_out_then_the_answer_with_its_next_action_is_the_read(
    buyer, offer, other_offer
):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    cart_service.add_to_cart(user=buyer, offer_id=other_offer.pk, quantity=1)

    answer = _assert_written_is_read(buyer, _check_out(buyer, card=CARD_NEEDS_CONFIRMATION))

    assert answer["status"] == "awaiting_payment"
    assert answer["next_action"]["type"] == "confirm_payment"


def test_given_a_checkout_replayed_when_answered_then_it_is_read_back(buyer, offer):
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)
    key = uuid.uuid4().hex
    first = _check_out(buyer, key=key)

    again = _check_out(buyer, key=key)

    assert again.order.pk == first.order.pk
    assert checkout_service.as_written(again) is None


def test_given_a_reservation_that_lapses_while_paying_when_answered_then_it_is_read_back(
    buyer, offer, settings
):
    settings.COMEBACK_RESERVATION_MINUTES = 0
    cart_service.add_to_cart(user=buyer, offer_id=offer.pk, quantity=1)

    result = _check_out(buyer)

    assert result.order.status == "expired"
    assert checkout_service.as_written(result) is None


def test_given_two_sellers_when_checking_out_over_the_api_then_the_answer_is_the_orders_page_byte_for_byte(
    api, buyer, offer, other_offer
):
    client = api.as_(buyer)
    for item in ({"offer_id": offer.pk, "quantity": 2}, {"offer_id": other_offer.pk, "quantity": 1}):
        client.post("/api/v1/cart/items", item).expect(201)

    created = client.post("/api/v1/checkout", checkout_body(line2="Bâtiment B"), headers=key())
    created.expect(201)
    read = client.get(f"/api/v1/orders/{created.json['id']}")

    assert created.response.content == read.response.content
