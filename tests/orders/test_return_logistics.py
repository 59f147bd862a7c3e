"""Returns with logistics (docs/design.md §2 Returns, docs/buying.md "Returns"): a prepaid label and
instructions on opening; the seller confirms receipt within 3 business days of the parcel's delivery and
refunds within 2 business days of receipt, or the return escalates to staff — moved through time.

Calendar (Paris): delivered Wed 3 March 2027; return asked Thu 4; the parcel delivered Fri 5 at 11:00 → receipt
due before Thu 11 00:00 (Mon 8, Tue 9, Wed 10 count); received Thu 11 → refund due before Tue 16 00:00.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.core import mail
from django.test import Client

from comeback.core import outbox
from comeback.orders.models import LedgerEntry, LineStatus, Return, ReturnStatus
from comeback.orders.services import return_escalation, returns
from comeback.orders.services.fulfilment import sign_carrier_payload
from tests.factories import PASSWORD

from .helpers import T0, place_order, walk

ASKED = T0 + timedelta(days=1)
PARCEL = datetime(2027, 3, 5, 10, 0, tzinfo=UTC)
RECEIVE_DUE = datetime(2027, 3, 10, 23, 0, tzinfo=UTC)  # Thu 11 March 00:00 in Paris
RECEIVED = datetime(2027, 3, 11, 9, 0, tzinfo=UTC)
REFUND_DUE = datetime(2027, 3, 15, 23, 0, tzinfo=UTC)  # Tue 16 March 00:00 in Paris


def delivered(buyer, offer, clock_at):
    with clock_at(T0 - timedelta(days=2)):
        line = walk(place_order(buyer, offer).lines.select_related("order__buyer", "seller").get(), "shipped")
    with clock_at(T0):
        return walk(line, "delivered")


def open_return(api, line, clock_at, reason="changed_mind"):
    with clock_at(ASKED):
        body = api.as_(line.order.buyer).post(f"/api/v1/orders/{line.order_id}/returns", {"reason": reason})
        return body.expect(201)["returns"][0]


def carrier_says_delivered(carrier: str, tracking: str, at: datetime):
    raw = json.dumps({"carrier": carrier, "tracking_number": tracking, "event": "delivered"}).encode()
    ts = str(int(at.timestamp()))
    return Client().post(
        "/api/v1/carriers/events",
        raw,
        content_type="application/json",
        headers={"X-Carrier-Timestamp": ts, "X-Carrier-Signature": sign_carrier_payload(raw, ts)},
    )


def login(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_given_a_delivered_line_when_the_buyer_opens_a_return_then_it_comes_with_a_prepaid_label_and_instructions(
    api, buyer, offer, clock_at
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    label = created["label"]
    assert label["carrier"] == "Colissimo" and label["tracking_number"].startswith("RT")
    assert label["url"].endswith(f"/returns/{created['id']}/label/")
    assert len(label["instructions"]) == 5 and "3 business days" in label["instructions"][-1]
    assert created["receive_due_at"] is None and created["escalated"] == ""

    mail.outbox.clear()
    with clock_at(ASKED):
        outbox.drain()
    to_buyer = [m for m in mail.outbox if m.to == [buyer.email] and label["tracking_number"] in m.body]
    assert len(to_buyer) == 1 and label["tracking_number"] in to_buyer[0].body
    assert f"/returns/{created['id']}/label/" in to_buyer[0].body


def test_given_a_return_label_then_its_buyer_and_its_seller_read_it_and_anyone_else_gets_404(
    api, buyer, other_buyer, offer, other_seller, clock_at
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    url = f"/returns/{created['id']}/label/"
    page = login(buyer).get(url)
    assert page.status_code == 200
    assert created["label"]["tracking_number"].encode() in page.content and b"Rivoli" in page.content
    assert login(line.seller.user).get(url).status_code == 200
    assert login(other_buyer).get(url).status_code == 404
    assert login(other_seller.user).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_given_the_carrier_delivers_the_return_parcel_then_the_receipt_deadline_is_three_business_days(
    api, buyer, offer, clock_at
):
    line = delivered(buyer, offer, clock_at)
    label = open_return(api, line, clock_at)["label"]
    with clock_at(PARCEL):
        ack = carrier_says_delivered(label["carrier"], label["tracking_number"], PARCEL)
        assert ack.json() == {"delivered": 0, "returns_delivered": 1}
        again = carrier_says_delivered(label["carrier"], label["tracking_number"], PARCEL)
        assert again.json()["returns_delivered"] == 0  # a replay changes nothing
    ret = Return.objects.get()
    assert ret.parcel_delivered_at == PARCEL and ret.receive_due_at == RECEIVE_DUE


def test_given_the_seller_does_not_confirm_receipt_in_time_then_the_return_escalates_to_staff_once(
    api, buyer, offer, clock_at, staff
):
    line = delivered(buyer, offer, clock_at)
    label = open_return(api, line, clock_at)["label"]
    with clock_at(PARCEL):
        carrier_says_delivered(label["carrier"], label["tracking_number"], PARCEL)
    with clock_at(RECEIVE_DUE - timedelta(minutes=1)):
        order = api.as_(buyer).get(f"/api/v1/orders/{line.order_id}").expect(200)
        assert order["fulfilments"][0]["lines"][0]["return_request"]["escalated"] == ""
        assert api.as_(staff).get("/api/v1/staff/returns", {"escalated": True}).expect(200)["items"] == []
        assert return_escalation.notify_escalations() == 0
    with clock_at(RECEIVE_DUE):
        order = api.as_(buyer).get(f"/api/v1/orders/{line.order_id}").expect(200)
        assert order["fulfilments"][0]["lines"][0]["return_request"]["escalated"] == "receipt"
        queue = api.as_(staff).get("/api/v1/staff/returns", {"escalated": True}).expect(200)["items"]
        assert [(r["line_id"], r["escalated"]) for r in queue] == [(line.pk, "receipt")]
        mail.outbox.clear()
        assert return_escalation.notify_escalations() == 1
        assert return_escalation.notify_escalations() == 0
        outbox.drain()
    recipients = {m.to[0] for m in mail.outbox}
    assert {staff.email, buyer.email, line.seller.user.email} <= recipients


def test_given_a_received_return_then_the_refund_is_due_within_two_business_days_or_it_escalates(
    api, buyer, offer, clock_at
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    with clock_at(RECEIVED):
        got = api.as_(line.seller.user).post(f"/api/v1/seller/returns/{created['id']}/receive").expect(200)
    assert got["refund_due_at"] == "2027-03-15T23:00:00Z" and got["parcel_delivered_at"] is not None
    with clock_at(REFUND_DUE - timedelta(minutes=1)):
        assert Return.objects.get().escalation(REFUND_DUE - timedelta(minutes=1)) == ""
    with clock_at(REFUND_DUE):
        assert [r.pk for r in Return.objects.escalated(REFUND_DUE)] == [created["id"]]
        assert return_escalation.notify_escalations() == 1
        done = api.as_(line.seller.user).post(f"/api/v1/seller/returns/{created['id']}/refund").expect(200)
    assert done["status"] == "refunded" and done["escalated"] == "" and done["refunded_by"] == "seller"


def test_given_an_escalated_return_when_staff_refund_it_with_a_reason_then_the_buyer_is_refunded_and_it_is_audited(
    api, buyer, offer, clock_at, staff
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    path = f"/api/v1/staff/returns/{created['id']}/refund"
    with clock_at(RECEIVE_DUE + timedelta(days=1)):
        assert api.as_(staff).post(path, {"reason": ""}).expect(422)["errors"][0]["field"] == "reason"
        done = api.as_(staff).post(path, {"reason": "Carrier proof of delivery, seller silent."}).expect(200)
    assert done["status"] == "refunded" and done["refunded_by"] == "staff"
    ret = Return.objects.get()
    assert ret.staff_user == staff and ret.staff_reason.startswith("Carrier proof")
    line.refresh_from_db()
    assert line.status == LineStatus.REFUNDED
    assert LedgerEntry.objects.filter(kind="refund").exists()


def test_given_staff_routes_for_returns_when_a_buyer_or_a_seller_calls_them_then_403_before_the_body(
    api, buyer, offer, clock_at
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    for user in (buyer, line.seller.user):
        assert api.as_(user).get("/api/v1/staff/returns").expect(403)
        assert (
            api.as_(user)
            .post(f"/api/v1/staff/returns/{created['id']}/refund", {"reason": "x" * 10})
            .expect(403)
        )
        assert api.as_(user).post(f"/api/v1/staff/returns/{created['id']}/receive", "not json").expect(403)
    assert Return.objects.get().status == ReturnStatus.REQUESTED


def test_given_another_seller_when_it_receives_or_refunds_someone_elses_return_then_404(
    api, buyer, offer, other_seller, clock_at
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    for step in ("receive", "refund"):
        api.as_(other_seller.user).post(f"/api/v1/seller/returns/{created['id']}/{step}").expect(404)


def test_given_the_back_office_then_escalated_returns_come_first_and_staff_act_with_a_reason(
    api, buyer, offer, other_offer, clock_at, staff
):
    late = delivered(buyer, offer, clock_at)
    fresh = delivered(buyer, other_offer, clock_at)
    fresh_id = open_return(api, fresh, clock_at)["id"]
    late_id = open_return(api, late, clock_at)["id"]
    with clock_at(PARCEL):
        returns.record_parcel_delivery(Return.objects.get(pk=late_id), when=PARCEL)
    with clock_at(RECEIVE_DUE + timedelta(hours=1)):
        web = login(staff)
        page = web.get("/staff/returns/")
        assert page.status_code == 200
        body = page.content.decode()
        assert body.index(f'id="return-{late_id}"') < body.index(f'id="return-{fresh_id}"')
        assert 'data-return-escalated="receipt"' in body
        refused = web.post(f"/staff/returns/{late_id}/refund/", {"reason": ""})
        assert refused.status_code == 422
        done = web.post(
            f"/staff/returns/{late_id}/refund/", {"reason": "Seller unreachable for days."}, follow=True
        )
        assert b"Refunded to the buyer" in done.content
    assert Return.objects.get(pk=late_id).status == ReturnStatus.REFUNDED
    assert login(buyer).get("/staff/returns/").status_code == 403
    assert (
        login(late.seller.user).post(f"/staff/returns/{late_id}/receive/", {"reason": "xxxxxx"}).status_code
        == 403
    )


def test_given_the_order_and_seller_pages_then_they_show_the_label_and_the_sellers_deadline(
    api, buyer, offer, clock_at
):
    line = delivered(buyer, offer, clock_at)
    label = open_return(api, line, clock_at)["label"]
    with clock_at(PARCEL):
        carrier_says_delivered(label["carrier"], label["tracking_number"], PARCEL)
        order_page = login(buyer).get(f"/orders/{line.order.ref}/").content.decode()
        seller_page = login(line.seller.user).get("/seller/orders/").content.decode()
    assert label["tracking_number"] in order_page and "Print the label" in order_page
    assert "The seller confirms receipt before" in order_page
    assert label["tracking_number"] in seller_page and "Confirm receipt before" in seller_page


def test_given_staff_without_carrier_event_when_they_record_the_delivery_then_the_deadline_starts(
    api, buyer, offer, clock_at, staff
):
    line = delivered(buyer, offer, clock_at)
    created = open_return(api, line, clock_at)
    with clock_at(PARCEL):
        path = f"/api/v1/staff/returns/{created['id']}/parcel-delivered"
        got = api.as_(staff).post(path, {"reason": "Carrier proof sent by the buyer."}).expect(200)
        assert got["receive_due_at"] == "2027-03-10T23:00:00Z"
        assert api.as_(staff).post(path, {"reason": "Twice by mistake."}).expect(409)["code"] == (
            "parcel_already_delivered"
        )
