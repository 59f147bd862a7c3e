"""Checkout over the API: one order per cart, one fulfilment per seller, fees, declines, the confirmation
step, and the Idempotency-Key (docs/design.md §2 Orders, §4 buying)."""

from __future__ import annotations

from comeback.offers.models import Offer
from comeback.orders.models import CartItem, LedgerEntry, LineStatus, Order, OrderStatus
from comeback.orders.payments.testing import CARD_DECLINED, CARD_NEEDS_CONFIRMATION

from .helpers import checkout_body, key


def fill_cart(client, *items):
    for offer, quantity in items:
        client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": quantity}).expect(201)


def test_given_offers_from_two_sellers_when_the_buyer_checks_out_then_one_order_has_one_fulfilment_per_seller(
    api, buyer, offer, other_offer
):
    client = api.as_(buyer)
    fill_cart(client, (offer, 2), (other_offer, 1))

    order = client.post("/api/v1/checkout", checkout_body(), headers=key()).expect(201)

    assert order["status"] == "paid"
    assert sorted(len(f["lines"]) for f in order["fulfilments"]) == [1, 2]
    assert {f["seller_id"] for f in order["fulfilments"]} == {offer.seller_id, other_offer.seller_id}
    assert all(ln["status"] == "paid" for f in order["fulfilments"] for ln in f["lines"])
    assert order["items_amount"] == 2 * 30000 + 12345
    # FR's buyer fee is 150 bps: 72345 * 1.5% = 1085.175 -> 1085, under the 2% cap (1446)
    assert order["fee_amount"] == 1085
    assert order["total_amount"] == 72345 + 1085
    assert Offer.objects.get(pk=offer.pk).quantity == 3
    assert Offer.objects.get(pk=other_offer.pk).quantity == 4
    assert not CartItem.objects.filter(cart__user=buyer).exists()
    assert sum(LedgerEntry.objects.filter(order_id=order["id"]).values_list("amount", flat=True)) == 0


def test_given_a_checkout_when_it_is_replayed_with_the_same_key_and_body_then_the_same_order_comes_back(
    api, buyer, offer
):
    client = api.as_(buyer)
    fill_cart(client, (offer, 1))
    headers = key()

    first = client.post("/api/v1/checkout", checkout_body(), headers=headers).expect(201)
    again = client.post("/api/v1/checkout", checkout_body(), headers=headers).expect(200)

    assert again["id"] == first["id"]
    assert Order.objects.filter(buyer=buyer).count() == 1
    assert Offer.objects.get(pk=offer.pk).quantity == 4


def test_given_a_used_key_when_another_body_is_sent_with_it_then_it_is_refused_with_409(api, buyer, offer):
    client = api.as_(buyer)
    fill_cart(client, (offer, 1))
    headers = key()
    client.post("/api/v1/checkout", checkout_body(), headers=headers).expect(201)

    problem = client.post("/api/v1/checkout", checkout_body(city="Lyon"), headers=headers).expect(409)

    assert problem["code"] == "idempotency_key_reused"
    assert Order.objects.filter(buyer=buyer).count() == 1


def test_given_no_idempotency_key_when_checking_out_then_it_is_refused_and_nothing_is_reserved(
    api, buyer, offer
):
    client = api.as_(buyer)
    fill_cart(client, (offer, 1))

    problem = client.post("/api/v1/checkout", checkout_body()).expect(422)

    assert problem["code"] == "idempotency_key_required"
    assert Offer.objects.get(pk=offer.pk).quantity == 5


def test_given_a_declined_card_when_checking_out_then_402_and_the_stock_and_cart_are_untouched(
    api, buyer, offer
):
    client = api.as_(buyer)
    fill_cart(client, (offer, 2))
    headers = key()

    problem = client.post("/api/v1/checkout", checkout_body(card=CARD_DECLINED), headers=headers).expect(402)

    assert problem["code"] == "payment_declined"
    assert problem["decline_code"] == "card_declined"
    order = Order.objects.get(pk=problem["order_id"])
    assert order.status == OrderStatus.PAYMENT_FAILED
    assert set(order.lines.values_list("status", flat=True)) == {LineStatus.RELEASED}
    assert Offer.objects.get(pk=offer.pk).quantity == 5
    assert CartItem.objects.filter(cart__user=buyer).count() == 1
    assert not LedgerEntry.objects.filter(order=order).exists()
    # a replay gives the same answer, and never a second order
    assert (
        client.post("/api/v1/checkout", checkout_body(card=CARD_DECLINED), headers=headers).expect(402)[
            "order_id"
        ]
        == order.pk
    )


def test_given_a_card_needing_confirmation_when_the_buyer_confirms_then_the_order_is_paid(api, buyer, offer):
    client = api.as_(buyer)
    fill_cart(client, (offer, 1))

    pending = client.post(
        "/api/v1/checkout", checkout_body(card=CARD_NEEDS_CONFIRMATION), headers=key()
    ).expect(201)
    assert pending["status"] == "awaiting_payment"
    assert pending["next_action"]["type"] == "confirm_payment"
    assert f"/orders/{pending['ref']}/pay/" in pending["next_action"]["url"]
    assert Offer.objects.get(pk=offer.pk).quantity == 4  # held while the buyer confirms

    paid = client.post(f"/api/v1/orders/{pending['id']}/payment/confirm").expect(200)

    assert paid["status"] == "paid"
    assert paid["next_action"] is None


def test_given_an_empty_cart_when_checking_out_then_409_cart_empty(api, buyer):
    problem = api.as_(buyer).post("/api/v1/checkout", checkout_body(), headers=key()).expect(409)
    assert problem["code"] == "cart_empty"


def test_given_more_in_the_cart_than_in_stock_when_checking_out_then_409_names_the_offer(api, buyer, offer):
    client = api.as_(buyer)
    fill_cart(client, (offer, 3))
    Offer.objects.filter(pk=offer.pk).update(quantity=2)

    problem = client.post("/api/v1/checkout", checkout_body(), headers=key()).expect(409)

    assert problem["code"] == "out_of_stock"
    assert problem["offer_id"] == offer.pk
    assert Offer.objects.get(pk=offer.pk).quantity == 2
    assert not Order.objects.exists()


def test_given_an_address_abroad_when_checking_out_then_422_on_the_country_field(api, buyer, offer):
    client = api.as_(buyer)
    fill_cart(client, (offer, 1))
    problem = client.post("/api/v1/checkout", checkout_body(country="DE"), headers=key()).expect(422)
    assert problem["errors"][0]["field"] == "shipping_address.country"


def test_given_a_token_without_the_buyer_scope_when_checking_out_then_403(api, buyer):
    problem = (
        api.as_(buyer, scopes=["seller"]).post("/api/v1/checkout", checkout_body(), headers=key()).expect(403)
    )
    assert problem["code"] == "missing_scope"


def test_given_no_token_when_checking_out_then_401(api):
    api.post("/api/v1/checkout", checkout_body(), headers=key()).expect(401)
