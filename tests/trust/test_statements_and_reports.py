"""Every restriction explained, with a way to contest it (docs/trust.md §4; DSA Art. 16, 17, 32; P2B Art. 4)."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail

from comeback.core import clock, outbox
from comeback.offers.models import OfferStatus
from comeback.sellers import services as seller_services
from comeback.sellers.models import SellerStatus
from comeback.trust.models import Report, Statement
from tests.orders.helpers import place_order


def suspend(seller, staff):
    seller_services.decide(
        seller_id=seller.pk, decision="suspend", reason="Counterfeit chargers sold", by=staff
    )
    outbox.drain()
    return Statement.objects.get(seller=seller)


def test_given_a_suspension_then_the_seller_reads_its_statement_of_reasons_by_api(
    api, seller, staff, other_seller
):
    statement = suspend(seller, staff)
    assert statement.kind == "seller_suspended" and statement.automated is False
    listed = api.as_(seller.user).get("/api/v1/seller/statements").expect(200)
    item = listed["items"][0]
    assert listed["count"] == 1 and item["facts"] == "Counterfeit chargers sold"
    assert item["rule"] and "contest" in item["redress"] and item["status"] == "issued"
    assert api.as_(other_seller.user).get("/api/v1/seller/statements").expect(200)["count"] == 0
    api.as_(other_seller.user).get(f"/api/v1/seller/statements/{statement.pk}").expect(404)
    api.as_(other_seller.user).post(
        f"/api/v1/seller/statements/{statement.pk}/contest", {"text": "not mine but I try"}
    ).expect(404)


def test_given_a_replayed_decision_event_then_one_statement_only(seller, staff):
    suspend(seller, staff)
    from comeback.sellers.models import SellerDecision
    from comeback.trust.handlers import on_seller_decision

    d = SellerDecision.objects.get(seller=seller, kind="suspend")
    on_seller_decision(0, {"decision_id": d.pk, "kind": "suspend"})
    assert Statement.objects.filter(seller=seller).count() == 1


def test_given_a_contest_when_staff_reverse_a_suspension_then_the_shop_is_reinstated_with_their_statement(
    api, seller, staff
):
    statement = suspend(seller, staff)
    path = f"/api/v1/seller/statements/{statement.pk}/contest"
    contested = (
        api.as_(seller.user).post(path, {"text": "These were genuine, invoices attached."}).expect(200)
    )
    assert contested["status"] == "contested"
    assert api.as_(seller.user).post(path, {"text": "And again, please review."}).expect(409)["code"] == (
        "statement_already_contested"
    )
    decision = f"/api/v1/staff/statements/{statement.pk}/decision"
    body = {"outcome": "reversed", "statement": "Invoices checked: the chargers are genuine."}
    api.as_(seller.user).post(decision, body).expect(403)
    queue = api.as_(staff).get("/api/v1/staff/statements").expect(200)
    assert [i["id"] for i in queue["items"]] == [statement.pk]
    decided = api.as_(staff).post(decision, body).expect(200)
    assert decided["status"] == "reversed" and decided["outcome_text"] == body["statement"]
    seller.refresh_from_db()
    assert seller.status != SellerStatus.SUSPENDED


def test_given_anyone_when_reporting_a_listing_then_staff_withdraw_it_the_seller_gets_reasons_and_buyers_are_told(
    api, buyer, offer, staff
):
    place_order(buyer, offer)
    bad = api.post("/api/v1/reports", {"offer_id": offer.pk, "reason": "sell", "details": "x"}).expect(422)
    assert {e["field"] for e in bad["errors"]} == {"reason", "details"}
    filed = api.post(
        "/api/v1/reports",
        {"offer_id": offer.pk, "reason": "unsafe", "details": "This battery model was recalled."},
    ).expect(201)
    api.as_(buyer).get("/api/v1/staff/reports").expect(403)
    queue = api.as_(staff).get("/api/v1/staff/reports").expect(200)
    assert [r["id"] for r in queue["items"]] == [filed["id"]]
    path = f"/api/v1/staff/reports/{filed['id']}/decision"
    api.as_(offer.seller.user).post(path, {"action": "dismiss", "note": "nothing found here"}).expect(403)
    mail.outbox.clear()
    done = (
        api.as_(staff)
        .post(path, {"action": "withdraw", "note": "Recall notice 2027-12 confirmed."})
        .expect(200)
    )
    assert done["status"] == "actioned"
    assert api.as_(staff).post(path, {"action": "withdraw", "note": "again and again"}).expect(409)[
        "code"
    ] == ("report_already_decided")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    statement = Statement.objects.get(seller=offer.seller)
    assert statement.kind == "listing_withdrawn" and "Recall notice" in statement.facts
    outbox.drain()
    report = Report.objects.get()
    assert report.buyers_notified == 1 and [
        m.to for m in mail.outbox if "Important information" in m.subject
    ] == [[buyer.email]]


def test_given_a_changed_bank_account_then_the_payout_hold_has_a_statement(seller):
    from comeback.payouts.models import BankAccount

    at = clock.now()
    account = BankAccount.objects.create(
        seller=seller,
        currency="EUR",
        scheme="sepa",
        holder="Shop SARL",
        iban="FR7630006000011234567890189",
        created_at=at,
        payouts_held_until=at + timedelta(days=3),
    )
    outbox.emit(
        "payouts.bank_account.registered", bank_account_id=account.pk, seller_id=seller.pk, changed=True
    )
    outbox.drain()
    statement = Statement.objects.get(seller=seller)
    assert statement.kind == "payout_held" and statement.automated is True


def test_given_pages_then_sellers_read_and_contest_staff_decide_and_anyone_reports(
    client, seller, staff, offer
):
    statement = suspend(seller, staff)
    client.force_login(seller.user)
    assert statement.get_kind_display() in client.get("/seller/statements/").content.decode()
    client.post(f"/seller/statements/{statement.pk}/", {"text": "Please look at the invoices again."})
    statement.refresh_from_db()
    assert statement.status == "contested"
    assert client.get("/staff/trust/").status_code == 403
    client.logout()
    assert client.get(f"/report/{offer.pk}/").status_code == 200
    sent = client.post(
        f"/report/{offer.pk}/", {"reason": "counterfeit", "details": "The logo is misprinted."}
    )
    assert sent.status_code == 200 and Report.objects.count() == 1
    client.force_login(staff)
    page = client.get("/staff/trust/").content.decode()
    assert "Please look at the invoices again." in page and "The logo is misprinted." in page
