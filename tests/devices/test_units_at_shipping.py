"""Stolen and blocked units never reach a buyer (docs/trust.md "Stolen and blocked units"): the block list is
asked when a line ships, an IMEI names one live unit, and staff hear of every refusal."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from comeback.core import clock
from comeback.core.problems import Invalid
from comeback.devices.models import AlertStatus, DeviceAlert, Holder, UnitRecord
from comeback.orders.models import LineStatus, OrderLine
from comeback.orders.services import fulfilment, returns
from comeback.tradein.models import BlockedDevice
from tests.orders.helpers import VALID_IMEI, place_order, walk
from tests.tradein.factories import BuybackOfferFactory, tradein

STOLEN = "357332091044558"  # on the recorded device-check answers as stolen
UNANSWERED = "352099001761481"  # recorded as a timeout
SHIP = {"tracking_number": "TRACK12345", "carrier": "Colissimo"}


def ship(api, seller, line, imei):
    return api.as_(seller.user).post(f"/api/v1/seller/orders/lines/{line.pk}/ship", {**SHIP, "imei": imei})


def test_given_a_unit_on_the_local_block_list_when_the_seller_ships_it_then_422_and_staff_are_alerted(
    api, paid_line, seller
):
    BlockedDevice.objects.create(identifier=VALID_IMEI, reason="reported stolen", added_at=clock.now())
    walk(paid_line, "accepted")
    problem = ship(api, seller, paid_line, VALID_IMEI).expect(422)
    assert problem["code"] == "unit_blocked" and problem["errors"][0]["field"] == "imei"
    assert "reported stolen" in problem["detail"]
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.ACCEPTED and paid_line.imei == ""
    alert = DeviceAlert.objects.get()
    assert (alert.identifier, alert.kind, alert.context, alert.seller) == (
        VALID_IMEI,
        "blocked",
        "shipment",
        seller,
    )
    assert not UnitRecord.objects.exists()


def test_given_the_recorded_device_check_when_a_stolen_unit_ships_then_it_is_refused(
    api, paid_line, seller, settings
):
    settings.COMEBACK_BLOCKLIST = "comeback.devices.blocklist.RecordedBlocklist"
    walk(paid_line, "accepted")
    assert ship(api, seller, paid_line, STOLEN).expect(422)["code"] == "unit_blocked"
    assert DeviceAlert.objects.get().source == "device-check:stolen"
    shipped = ship(api, seller, paid_line, VALID_IMEI).expect(200)
    assert shipped["status"] == "shipped" and shipped["imei"] == VALID_IMEI


def test_given_the_device_check_does_not_answer_when_shipping_then_503_and_nothing_ships(
    api, paid_line, seller, settings
):
    settings.COMEBACK_BLOCKLIST = "comeback.devices.blocklist.RecordedBlocklist"
    walk(paid_line, "accepted")
    assert ship(api, seller, paid_line, UNANSWERED).expect(503)["code"] == "blocklist_unavailable"
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.ACCEPTED


def test_given_a_blocked_unit_refused_when_the_seller_cancels_instead_then_the_buyer_is_refunded(
    api, paid_line, seller
):
    BlockedDevice.objects.create(identifier=VALID_IMEI, reason="reported stolen", added_at=clock.now())
    walk(paid_line, "accepted")
    ship(api, seller, paid_line, VALID_IMEI).expect(422)
    api.as_(seller.user).post(
        f"/api/v1/seller/orders/lines/{paid_line.pk}/cancel", {"reason": "unit blocked"}
    ).expect(200)
    paid_line.refresh_from_db()
    assert paid_line.status == LineStatus.CANCELLED


def test_given_a_unit_sold_to_a_buyer_when_another_line_ships_the_same_imei_then_it_is_a_second_live_unit(
    api, buyer, offer, seller
):
    first, second = place_order(buyer, (offer, 2)).lines.all()
    walk(first, "shipped", imei=VALID_IMEI)
    walk(second, "accepted")
    problem = ship(api, seller, second, VALID_IMEI).expect(422)
    assert problem["code"] == "unit_identifier_in_use" and problem["errors"][0]["field"] == "imei"
    assert DeviceAlert.objects.get().kind == "duplicate"


def test_given_a_phone_traded_in_to_one_refurbisher_when_another_seller_ships_its_imei_then_refused_until_a_hand_over(
    api, buyer, staff, other_offer, other_seller
):
    t = tradein("received", offer=BuybackOfferFactory(), imei=VALID_IMEI)
    record = UnitRecord.objects.get(identifier=VALID_IMEI)
    assert (record.holder, record.seller_id) == (Holder.SELLER, t.seller_id)
    line = place_order(buyer, other_offer).lines.get()
    walk(line, "accepted")
    assert ship(api, other_seller, line, VALID_IMEI).expect(422)["code"] == "unit_identifier_in_use"

    # a seller may not record a hand-over; staff may
    body = {
        "identifier": VALID_IMEI,
        "to_seller_id": other_seller.pk,
        "reason": "bought from the refurbisher",
    }
    api.as_(other_seller.user).post("/api/v1/staff/devices/hand-overs", body).expect(403)
    handed = api.as_(staff).post("/api/v1/staff/devices/hand-overs", body).expect(201)
    assert handed["from_seller_id"] == t.seller_id and handed["to_seller_id"] == other_seller.pk
    assert ship(api, other_seller, line, VALID_IMEI).expect(200)["status"] == "shipped"
    record.refresh_from_db()
    assert (record.holder, record.seller_id, record.via) == (
        Holder.BUYER,
        other_seller.pk,
        f"order_line:{line.pk}",
    )


def test_given_a_returned_unit_when_its_seller_ships_it_again_then_it_ships(
    buyer, offer, seller, other_buyer
):
    line = walk(place_order(buyer, offer).lines.get(), "delivered", imei=VALID_IMEI)
    ret = returns.request_return(buyer=buyer, order_id=line.order_id, reason="changed_mind")[0]
    returns.receive_return(seller=seller, return_id=ret.pk)
    assert UnitRecord.objects.get(identifier=VALID_IMEI).holder == Holder.SELLER
    again = walk(place_order(other_buyer, offer).lines.get(), "shipped", imei=VALID_IMEI)
    assert again.status == LineStatus.SHIPPED


def test_given_staff_when_reading_and_closing_alerts_then_sellers_and_buyers_may_not(
    api, paid_line, seller, staff, buyer
):
    BlockedDevice.objects.create(identifier=VALID_IMEI, reason="reported stolen", added_at=clock.now())
    walk(paid_line, "accepted")
    ship(api, seller, paid_line, VALID_IMEI).expect(422)
    api.as_(seller.user).get("/api/v1/staff/devices/alerts").expect(403)
    api.as_(buyer).get("/api/v1/staff/devices/alerts").expect(403)
    listed = api.as_(staff).get("/api/v1/staff/devices/alerts").expect(200)
    alert_id = listed["items"][0]["id"]
    assert listed["count"] == 1 and listed["items"][0]["identifier"] == VALID_IMEI
    api.as_(seller.user).post(f"/api/v1/staff/devices/alerts/{alert_id}/close", {"note": "x"}).expect(403)
    closed = (
        api.as_(staff)
        .post(f"/api/v1/staff/devices/alerts/{alert_id}/close", {"note": "seller told; unit kept"})
        .expect(200)
    )
    assert closed["status"] == AlertStatus.CLOSED
    assert (
        api.as_(staff)
        .post(f"/api/v1/staff/devices/alerts/{alert_id}/close", {"note": "again"})
        .expect(409)["code"]
        == "device_alert_closed"
    )


def test_given_staff_when_opening_the_refused_units_page_then_it_lists_alerts_and_others_are_refused(
    client, paid_line, seller, staff, password
):
    BlockedDevice.objects.create(identifier=VALID_IMEI, reason="reported stolen", added_at=clock.now())
    walk(paid_line, "accepted")
    with pytest.raises(Invalid):
        fulfilment.ship_line(seller=seller, line_id=paid_line.pk, imei=VALID_IMEI, **SHIP)
    client.force_login(seller.user)
    assert client.get("/staff/devices/").status_code == 403
    assert client.post("/staff/devices/hand-overs/", {"identifier": VALID_IMEI}).status_code == 403
    client.force_login(staff)
    page = client.get("/staff/devices/")
    assert page.status_code == 200 and VALID_IMEI in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_given_two_sellers_shipping_one_imei_at_once_then_exactly_one_ships(
    buyer, offer, other_offer, seller, other_seller
):
    mine = place_order(buyer, offer).lines.get()
    theirs = place_order(buyer, other_offer).lines.get()
    walk(mine, "accepted")
    walk(theirs, "accepted")
    barrier = threading.Barrier(2)
    outcomes = []

    def go(s, line):
        try:
            barrier.wait()
            fulfilment.ship_line(seller=s, line_id=line.pk, imei=VALID_IMEI, **SHIP)
            outcomes.append("shipped")
        except Invalid as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # SQLite: a writer that waited too long is a refusal, never a second unit
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=go, args=a) for a in ((seller, mine), (other_seller, theirs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("shipped") == 1, outcomes
    assert OrderLine.objects.filter(imei=VALID_IMEI, status=LineStatus.SHIPPED).count() == 1
    assert UnitRecord.objects.filter(identifier=VALID_IMEI).count() == 1


def test_given_a_warranty_replacement_on_the_block_list_when_the_seller_answers_then_422_and_staff_alerted(
    db,
):
    from comeback.aftersales.services import AnswerDraft, answer_claim
    from tests.aftersales.factories import delivered_line, open_claim

    claim = open_claim(delivered_line())
    BlockedDevice.objects.create(identifier="357332091044558", reason="reported stolen", added_at=clock.now())
    draft = AnswerDraft(
        resolution="replace",
        note="",
        replacement_imei="357332091044558",
        tracking_number="TRACK54321",
        carrier="DHL",
    )
    with pytest.raises(Invalid) as refused:
        answer_claim(seller=claim.seller, claim_id=claim.pk, draft=draft)
    assert refused.value.code == "unit_blocked"
    assert DeviceAlert.objects.get().context == "replacement"
