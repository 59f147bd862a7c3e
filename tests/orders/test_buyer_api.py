"""The buyer's side over the API: the cart (one per market, several sellers, add-ons), reading and
cancelling one's own orders, and never anyone else's."""

from __future__ import annotations

from comeback.offers.models import Offer, OfferStatus
from comeback.orders.models import LineStatus, OrderStatus
from tests.factories import CategoryFactory, OfferFactory, ProductModelFactory, VariantFactory

from .helpers import place_order, walk


def test_given_two_offers_when_added_to_the_cart_then_the_cart_shows_both_sellers_and_the_fee(
    api, buyer, offer, other_offer
):
    client = api.as_(buyer)
    client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 1}).expect(201)
    cart = client.post("/api/v1/cart/items", {"offer_id": other_offer.pk, "quantity": 2}).expect(201)

    assert cart["market"] == "FR" and cart["currency"] == "EUR"
    assert cart["count"] == 3 and cart["sellers"] == 2
    assert cart["items_amount"] == 30000 + 2 * 12345
    assert cart["fee_amount"] == round((30000 + 2 * 12345) * 0.015)
    assert client.get("/api/v1/cart", {"market": "FR"}).expect(200) == cart


def test_given_an_item_when_adding_the_same_offer_again_then_its_quantity_grows(api, buyer, offer):
    client = api.as_(buyer)
    client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 1}).expect(201)
    cart = client.post("/api/v1/cart/items", {"offer_id": offer.pk, "quantity": 2}).expect(201)
    assert [i["quantity"] for i in cart["items"]] == [3]


def test_given_an_item_when_patching_and_deleting_it_then_the_cart_follows(api, buyer, offer):
    client = api.as_(buyer)
    item_id = client.post("/api/v1/cart/items", {"offer_id": offer.pk}).expect(201)["items"][0]["id"]

    assert client.patch(f"/api/v1/cart/items/{item_id}", {"quantity": 4}).expect(200)["count"] == 4
    assert (
        client.patch(f"/api/v1/cart/items/{item_id}", {"quantity": 6}).expect(422)["code"]
        == "not_enough_stock"
    )
    assert client.delete(f"/api/v1/cart/items/{item_id}").expect(200)["items"] == []


def test_given_someone_elses_cart_item_when_changing_it_then_404(api, buyer, other_buyer, offer):
    item_id = api.as_(buyer).post("/api/v1/cart/items", {"offer_id": offer.pk}).expect(201)["items"][0]["id"]
    api.as_(other_buyer).patch(f"/api/v1/cart/items/{item_id}", {"quantity": 2}).expect(404)
    api.as_(other_buyer).delete(f"/api/v1/cart/items/{item_id}").expect(404)


def test_given_a_withdrawn_offer_when_adding_it_then_422_offer_unavailable(api, buyer, offer):
    Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    problem = api.as_(buyer).post("/api/v1/cart/items", {"offer_id": offer.pk}).expect(422)
    assert problem["code"] == "offer_unavailable"


def test_given_offers_in_two_markets_then_there_is_one_cart_per_market(api, buyer, offer):
    uk = OfferFactory(market_id="GB", currency="GBP", price_amount=29900)
    client = api.as_(buyer)
    client.post("/api/v1/cart/items", {"offer_id": offer.pk}).expect(201)
    gb = client.post("/api/v1/cart/items", {"offer_id": uk.pk}).expect(201)
    assert (gb["market"], gb["currency"], gb["count"]) == ("GB", "GBP", 1)
    assert client.get("/api/v1/cart", {"market": "FR"}).expect(200)["count"] == 1


def test_given_a_watch_with_a_compatible_strap_when_the_watch_is_in_the_cart_then_the_strap_is_suggested(
    api, buyer
):
    watch = ProductModelFactory(name="Watch 7", category=CategoryFactory(slug="smartwatches"))
    strap = ProductModelFactory(
        name="Sport Band", category=CategoryFactory(slug="watch-straps", battery_floor=None)
    )
    strap.compatible_with.add(watch)
    watch_offer = OfferFactory(variant=VariantFactory(product=watch))
    strap_offer = OfferFactory(
        variant=VariantFactory(product=strap), price_amount=2900, battery_health_min=None
    )

    cart = api.as_(buyer).post("/api/v1/cart/items", {"offer_id": watch_offer.pk}).expect(201)

    assert [a["offer_id"] for a in cart["addons"]] == [strap_offer.pk]


def test_given_anonymous_or_wrong_scope_when_reading_the_cart_then_401_or_403(api, buyer):
    api.get("/api/v1/cart").expect(401)
    assert api.as_(buyer, scopes=["seller"]).get("/api/v1/cart").expect(403)["code"] == "missing_scope"


def test_given_buyer_a_order_when_buyer_b_reads_it_then_404(api, paid_order, other_buyer):
    problem = api.as_(other_buyer).get(f"/api/v1/orders/{paid_order.pk}").expect(404)
    assert problem["code"] == "order_not_found"
    api.as_(other_buyer).post(f"/api/v1/orders/{paid_order.pk}/cancel").expect(404)
    api.as_(other_buyer).post(f"/api/v1/orders/{paid_order.pk}/returns", {"reason": "defect"}).expect(404)
    assert api.as_(other_buyer).get("/api/v1/orders").expect(200)["items"] == []


def test_given_a_line_of_buyer_a_when_buyer_b_acts_on_it_then_404(api, paid_line, other_buyer):
    client = api.as_(other_buyer)
    client.post(f"/api/v1/orders/lines/{paid_line.pk}/cancel").expect(404)
    client.post(f"/api/v1/orders/lines/{paid_line.pk}/delivered").expect(404)
    client.post(f"/api/v1/orders/lines/{paid_line.pk}/review", {"stars": 5}).expect(404)


def test_given_a_seller_when_it_reads_a_buyers_order_through_the_buyer_api_then_404(api, paid_order, seller):
    api.as_(seller.user).get(f"/api/v1/orders/{paid_order.pk}").expect(404)


def test_given_a_paid_order_when_the_buyer_cancels_before_shipping_then_lines_are_cancelled_and_restocked(
    api, buyer, offer
):
    order = place_order(buyer, (offer, 2))
    walk(order.lines.first(), "accepted")

    cancelled = api.as_(buyer).post(f"/api/v1/orders/{order.pk}/cancel").expect(200)

    lines = cancelled["fulfilments"][0]["lines"]
    assert {ln["status"] for ln in lines} == {"cancelled"}
    assert {ln["cancelled_by"] for ln in lines} == {"buyer"}
    assert cancelled["payment"]["refunded_amount"] == cancelled["total_amount"]
    assert Offer.objects.get(pk=offer.pk).quantity == 5


def test_given_one_shipped_line_when_the_buyer_cancels_the_order_then_only_unshipped_lines_are_cancelled(
    api, buyer, offer
):
    order = place_order(buyer, (offer, 2))
    first, second = order.lines.all()
    walk(first, "shipped")

    api.as_(buyer).post(f"/api/v1/orders/{order.pk}/cancel").expect(200)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (LineStatus.SHIPPED, LineStatus.CANCELLED)


def test_given_an_unpaid_order_when_the_buyer_cancels_then_the_reservation_is_released(api, buyer, offer):
    order = place_order(buyer, offer, card="4000000000003220")
    assert order.status == OrderStatus.AWAITING_PAYMENT

    out = api.as_(buyer).post(f"/api/v1/orders/{order.pk}/cancel").expect(200)

    assert out["status"] == "payment_failed"
    assert Offer.objects.get(pk=offer.pk).quantity == 5


def test_given_several_orders_when_listing_them_then_newest_first_without_a_query_per_order(
    api, buyer, offer, other_offer, django_assert_max_num_queries
):
    first = place_order(buyer, offer)
    second = place_order(buyer, other_offer)
    client = api.as_(buyer)
    client.get("/api/v1/orders").expect(200)  # warm the token's last-used stamp
    with django_assert_max_num_queries(16):
        orders = client.get("/api/v1/orders").expect(200)["items"]
    assert [o["id"] for o in orders] == [second.pk, first.pk]


def test_given_a_declined_and_a_lapsed_attempt_when_listing_orders_then_only_real_orders_are_listed(
    api, buyer, offer, other_offer
):
    # given: one paid order, one declined payment, one attempt left unpaid until it lapsed
    from comeback.orders.models import Order
    from comeback.orders.payments.testing import CARD_DECLINED

    paid = place_order(buyer, offer)
    declined = place_order(buyer, other_offer, card=CARD_DECLINED)
    lapsed = place_order(buyer, other_offer, card="4000000000003220")
    Order.objects.filter(pk=lapsed.pk).update(status=OrderStatus.EXPIRED)
    assert declined.status == OrderStatus.PAYMENT_FAILED

    # when
    client = api.as_(buyer)
    listed = client.get("/api/v1/orders").expect(200)

    # then: the attempts are not orders, yet each stays readable by its id
    assert [o["id"] for o in listed["items"]] == [paid.pk]
    assert client.get(f"/api/v1/orders/{declined.pk}").expect(200)["status"] == "payment_failed"
