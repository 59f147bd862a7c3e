"""The seller's order API: only its own lines, accept / ship (IMEI Luhn or serial) / cancel (refunds the
buyer, counts against the seller); returns to receive and refund."""

from __future__ import annotations

from comeback.offers.models import Offer
from comeback.orders.models import LineStatus, Refund, RefundStatus
from tests.factories import UserFactory

from .helpers import VALID_IMEI, place_order, walk


def test_given_orders_of_two_sellers_when_a_seller_lists_its_orders_then_it_sees_only_its_own_lines(
    api, buyer, offer, other_offer, seller, other_seller
):
    place_order(buyer, (offer, 2), other_offer)

    mine = api.as_(seller.user).get("/api/v1/seller/orders").expect(200)
    theirs = api.as_(other_seller.user).get("/api/v1/seller/orders").expect(200)

    assert mine["count"] == 2 and {ln["seller_id"] for ln in mine["items"]} == {seller.pk}
    assert theirs["count"] == 1 and theirs["items"][0]["offer_id"] == other_offer.pk
    line = mine["items"][0]
    assert line["net"] == line["price"] - line["commission"] == 30000 - 3000
    assert line["shipping_address"]["city"] == "Paris"
    assert line["accept_by"] and line["ship_by"]


def test_given_a_filter_when_listing_then_only_lines_in_that_state_come_back(api, buyer, offer, seller):
    order = place_order(buyer, (offer, 2))
    walk(order.lines.first(), "accepted")

    to_accept = api.as_(seller.user).get("/api/v1/seller/orders", {"status": "to_accept"}).expect(200)
    to_ship = api.as_(seller.user).get("/api/v1/seller/orders", {"status": "accepted"}).expect(200)

    assert to_accept["count"] == 1 and to_accept["items"][0]["status"] == "paid"
    assert to_ship["count"] == 1 and to_ship["items"][0]["status"] == "accepted"


def test_given_another_sellers_line_when_a_seller_acts_on_it_then_404(api, paid_line, other_seller):
    client = api.as_(other_seller.user)
    for action in ("accept", "cancel"):
        assert (
            client.post(f"/api/v1/seller/orders/lines/{paid_line.pk}/{action}").expect(404)["code"]
            == "line_not_found"
        )
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.PAID


def test_given_a_buyer_without_a_shop_when_calling_the_seller_api_then_403(api, buyer):
    assert api.as_(buyer).get("/api/v1/seller/orders").expect(403)["code"] == "not_a_seller"


def test_given_a_seller_token_without_the_seller_scope_when_listing_orders_then_403(api, seller):
    assert (
        api.as_(seller.user, scopes=["buyer"]).get("/api/v1/seller/orders").expect(403)["code"]
        == "missing_scope"
    )


def test_given_no_token_when_calling_the_seller_api_then_401(api, paid_line):
    api.get("/api/v1/seller/orders").expect(401)
    api.post(f"/api/v1/seller/orders/lines/{paid_line.pk}/accept").expect(401)


def test_given_an_imei_with_a_wrong_check_digit_when_shipping_then_422_on_the_imei(api, paid_line, seller):
    walk(paid_line, "accepted")
    problem = (
        api.as_(seller.user)
        .post(
            f"/api/v1/seller/orders/lines/{paid_line.pk}/ship",
            {"tracking_number": "TRACK12345", "carrier": "DHL", "imei": VALID_IMEI[:-1] + "9"},
        )
        .expect(422)
    )
    assert problem["errors"][0]["field"] == "imei"
    assert problem["code"] == "invalid_imei"


def test_given_neither_imei_nor_serial_when_shipping_then_422(api, paid_line, seller):
    walk(paid_line, "accepted")
    problem = (
        api.as_(seller.user)
        .post(
            f"/api/v1/seller/orders/lines/{paid_line.pk}/ship",
            {"tracking_number": "TRACK12345", "carrier": "DHL"},
        )
        .expect(422)
    )
    assert problem["code"] == "unit_identifier_required"


def test_given_a_serial_instead_of_an_imei_when_shipping_then_it_ships(api, paid_line, seller):
    walk(paid_line, "accepted")
    shipped = (
        api.as_(seller.user)
        .post(
            f"/api/v1/seller/orders/lines/{paid_line.pk}/ship",
            {"tracking_number": "TRACK12345", "carrier": "DHL", "serial": "C02XK0AAJGH5"},
        )
        .expect(200)
    )
    assert (shipped["serial"], shipped["imei"]) == ("C02XK0AAJGH5", None)


def test_given_a_paid_line_when_the_seller_cancels_then_the_buyer_is_refunded_and_stock_is_not_restored(
    api, paid_line, seller, offer, django_capture_on_commit_callbacks
):
    stock = Offer.objects.get(pk=offer.pk).quantity

    with django_capture_on_commit_callbacks(execute=True):
        cancelled = (
            api.as_(seller.user)
            .post(f"/api/v1/seller/orders/lines/{paid_line.pk}/cancel", {"reason": "damaged in our workshop"})
            .expect(200)
        )

    assert (cancelled["status"], cancelled["cancelled_by"]) == ("cancelled", "seller")
    refund = Refund.objects.get(line=paid_line)
    assert refund.amount == paid_line.price_amount + paid_line.fee_amount
    assert refund.status == RefundStatus.SUCCEEDED  # sent to the provider after commit
    assert Offer.objects.get(pk=offer.pk).quantity == stock


def test_given_a_return_when_the_seller_receives_and_refunds_it_then_the_line_is_refunded(
    api, paid_line, seller
):
    walk(paid_line, "delivered")
    buyer_api = api.as_(paid_line.order.buyer)
    ret = buyer_api.post(f"/api/v1/orders/{paid_line.order_id}/returns", {"reason": "defect"}).expect(201)[
        "returns"
    ][0]
    client = api.as_(seller.user)

    assert [r["id"] for r in client.get("/api/v1/seller/returns").expect(200)["items"]] == [ret["id"]]
    # Only staff refund before the parcel is back: the seller is the wrong actor (403), not a wrong state.
    assert (
        client.post(f"/api/v1/seller/returns/{ret['id']}/refund").expect(403)["code"] == "actor_not_allowed"
    )
    assert client.post(f"/api/v1/seller/returns/{ret['id']}/receive").expect(200)["status"] == "received"
    assert client.post(f"/api/v1/seller/returns/{ret['id']}/refund").expect(200)["status"] == "refunded"

    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.REFUNDED
    assert Refund.objects.get(line=paid_line).reason == "return_defect"


def test_given_another_sellers_return_when_a_seller_receives_it_then_404(api, paid_line, other_seller):
    walk(paid_line, "delivered")
    ret = (
        api.as_(paid_line.order.buyer)
        .post(f"/api/v1/orders/{paid_line.order_id}/returns", {"reason": "changed_mind"})
        .expect(201)["returns"][0]
    )
    api.as_(other_seller.user).post(f"/api/v1/seller/returns/{ret['id']}/receive").expect(404)


def test_given_a_seller_when_reading_its_balance_then_it_is_the_net_of_its_paid_lines(api, paid_line, seller):
    balance = api.as_(seller.user).get("/api/v1/seller/balance").expect(200)
    assert balance["balances"] == {"EUR": 30000 - 3000}
    assert balance["payouts"] == []


def test_given_a_buyer_when_it_asks_for_the_balance_then_403(api, paid_line):
    api.as_(UserFactory()).get("/api/v1/seller/balance").expect(403)
