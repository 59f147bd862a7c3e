"""Mystery orders (docs/trust.md "Mystery orders"): staff buy as an ordinary buyer, record what arrived, and the
result counts in the seller's quality and the public trust report."""

from __future__ import annotations

from datetime import timedelta

from comeback.core import clock, outbox
from comeback.insights.trust import trust_report
from comeback.orders.models import OrderLine
from comeback.orders.payments.testing import CARD_SUCCEEDS
from comeback.orders.services import fulfilment
from comeback.sellers.metrics import collect_facts
from comeback.trust.models import MysteryOrder
from tests.orders.helpers import ADDRESS

INSPECTION = {
    "grade_as_described": True,
    "battery_health": 95,
    "wiped": True,
    "accessories_ok": True,
    "packaging_ok": True,
}


def place(api, staff, offer):
    body = {"offer_id": offer.pk, "shipping_address": ADDRESS, "payment_method": CARD_SUCCEEDS}
    return api.as_(staff).post("/api/v1/staff/mystery-orders", body).expect(201)


def ship(line):
    fulfilment.accept_line(seller=line.seller, line_id=line.pk)
    fulfilment.ship_line(
        seller=line.seller,
        line_id=line.pk,
        tracking_number="TRACK12345",
        carrier="DHL",
        imei="490154203237518",
    )


def test_given_staff_when_placing_a_mystery_order_then_the_seller_sees_an_ordinary_order(api, staff, offer):
    placed = place(api, staff, offer)
    line = OrderLine.objects.select_related("order__buyer").get(pk=placed["line_id"])
    assert placed["status"] == "placed" and placed["seller_id"] == offer.seller_id
    assert line.order.buyer != staff and not line.order.buyer.is_staff
    listed = api.as_(offer.seller.user).get("/api/v1/seller/orders").expect(200)
    assert [i["id"] for i in listed["items"]] == [line.pk]
    assert "mystery" not in str(listed).lower()


def test_given_a_unit_not_as_described_when_inspected_then_it_counts_as_a_defect_and_in_the_trust_report(
    api, staff, offer
):
    placed = place(api, staff, offer)
    ship(OrderLine.objects.get(pk=placed["line_id"]))
    path = f"/api/v1/staff/mystery-orders/{placed['id']}/inspection"
    result = (
        api.as_(staff)
        .post(path, {**INSPECTION, "grade_as_described": False, "battery_health": 70})
        .expect(200)
    )
    assert result["passed"] is False and set(result["failures"]) == {"grade_as_described", "battery_ok"}
    assert api.as_(staff).post(path, INSPECTION).expect(409)["code"] == "mystery_already_inspected"
    facts = collect_facts(offer.seller_id, None, clock.now())
    assert facts["mystery_inspected"] == 1 and facts["mystery_failed"] == 1 and facts["defects"] >= 1
    outbox.drain()
    offer.seller.refresh_from_db()
    assert offer.seller.quality_summary["in_breach"] is True  # 1 defect of 1 delivered: a confident breach
    report = trust_report("FR", at=clock.now() + timedelta(days=1))
    assert (report.mystery_orders_inspected, report.mystery_orders_passed) == (1, 0)


def test_given_a_parcel_not_yet_shipped_when_inspected_then_409(api, staff, offer):
    placed = place(api, staff, offer)
    problem = (
        api.as_(staff).post(f"/api/v1/staff/mystery-orders/{placed['id']}/inspection", INSPECTION).expect(409)
    )
    assert problem["code"] == "mystery_not_arrived"


def test_given_sellers_and_buyers_when_calling_mystery_routes_then_403_and_the_page_is_staff_only(
    api, client, staff, offer, buyer
):
    body = {"offer_id": offer.pk, "shipping_address": ADDRESS, "payment_method": CARD_SUCCEEDS}
    api.as_(offer.seller.user).post("/api/v1/staff/mystery-orders", body).expect(403)
    api.as_(buyer).post("/api/v1/staff/mystery-orders", body).expect(403)
    api.as_(offer.seller.user).get("/api/v1/staff/mystery-orders").expect(403)
    placed = place(api, staff, offer)
    api.as_(offer.seller.user).post(
        f"/api/v1/staff/mystery-orders/{placed['id']}/inspection", INSPECTION
    ).expect(403)
    client.force_login(offer.seller.user)
    assert client.get("/staff/mystery-orders/").status_code == 403
    client.force_login(staff)
    page = client.get("/staff/mystery-orders/")
    assert page.status_code == 200 and offer.seller.display_name in page.content.decode()
    assert MysteryOrder.objects.count() == 1
