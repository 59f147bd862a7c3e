"""Escalation (derived from time, notified once), staff decisions and statistics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from comeback.aftersales import selectors, services
from comeback.aftersales.models import Claim, ClaimMessage
from comeback.core import outbox
from comeback.orders import ledger
from comeback.orders.models import LineStatus

from .conftest import T0
from .factories import delivered_line, open_claim

LATE = T0 + timedelta(days=3)  # Saturday: the Friday deadline has passed


@pytest.fixture
def staff_api(api, staff):
    return api.as_(staff, scopes=["staff"])


def test_given_a_missed_deadline_when_staff_list_the_queue_then_the_claim_is_there_escalated(
    api, staff_api, claim, clock_at
):
    assert staff_api.get("/api/v1/staff/claims").expect(200)["items"] == []
    with clock_at(LATE):
        items = staff_api.get("/api/v1/staff/claims").expect(200)["items"]
        assert [c["ref"] for c in items] == [claim.ref] and items[0]["escalated"] is True
        assert (
            api.as_(claim.buyer).get(f"/api/v1/warranty/claims/{claim.pk}").expect(200)["escalated"] is True
        )


def test_given_an_escalated_claim_when_the_job_runs_twice_then_staff_seller_and_buyer_are_told_once(
    staff, claim, clock_at, django_capture_on_commit_callbacks
):
    outbox.drain()
    mail.outbox.clear()
    with clock_at(LATE):
        assert services.notify_escalations() == 1
        assert services.notify_escalations() == 0
        outbox.drain()
        outbox.drain()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([staff.email, claim.seller.user.email, claim.buyer.email])
    assert all(claim.ref in m.subject for m in mail.outbox)


def test_given_an_answer_in_time_when_the_job_runs_then_nothing_is_escalated(api, seller, claim, clock_at):
    api.as_(seller.user).post(
        f"/api/v1/seller/claims/{claim.pk}/answer",
        {"resolution": "remote_assistance", "note": "Please reset the device fully."},
    ).expect(200)
    with clock_at(LATE):
        assert services.notify_escalations() == 0
        assert not selectors.escalated().exists()


def test_given_an_escalated_claim_when_staff_force_a_refund_then_the_seller_pays_and_the_reason_is_recorded(
    staff_api, staff, seller, claim, clock_at
):
    with clock_at(LATE):
        body = staff_api.post(
            f"/api/v1/staff/claims/{claim.pk}/decision",
            {"decision": "refund", "reason": "The seller did not answer within 2 business days."},
        ).expect(200)
    assert body["status"] == "resolved" and body["resolution"] == "refund" and body["decision"] == "refund"
    assert body["decision_reason"].startswith("The seller did not answer")
    line = claim.order_line
    line.refresh_from_db()
    assert line.status == LineStatus.REFUNDED
    assert ledger.seller_balances(seller.pk)["EUR"] == 0  # the net it had earned is taken back
    claim.refresh_from_db()
    assert claim.decided_by == staff and not claim.is_escalated(LATE)
    assert ClaimMessage.objects.filter(claim=claim, author="staff").exists()
    staff_api.post(f"/api/v1/staff/claims/{claim.pk}/messages", {"body": "Refund sent to your card."}).expect(
        201
    )
    thread = staff_api.get(f"/api/v1/staff/claims/{claim.pk}/messages").expect(200)["items"]
    assert [m["author"] for m in thread][-2:] == ["staff", "staff"]


def test_given_declared_liquid_damage_when_staff_find_it_not_covered_then_the_claim_is_rejected(
    staff_api, line
):
    claim = open_claim(line, declared_liquid=True)
    body = staff_api.post(
        f"/api/v1/staff/claims/{claim.pk}/decision",
        {"decision": "not_covered", "reason": "Liquid damage confirmed by the photos."},
    ).expect(200)
    assert body["status"] == "rejected" and body["resolved_at"] is not None
    line.refresh_from_db()
    assert line.status == LineStatus.DELIVERED


def test_given_a_covered_battery_defect_when_staff_try_not_covered_then_it_is_refused(
    staff_api, clock_at, buyer, seller
):
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, at=T0, grade="premium", battery_health_min=90)
        claim = open_claim(line, fault="battery", battery_health=72, declared_dropped=True)
        problem = staff_api.post(
            f"/api/v1/staff/claims/{claim.pk}/decision",
            {"decision": "not_covered", "reason": "It was dropped, says the buyer."},
        ).expect(409)
    assert problem["code"] == "covered_battery_defect"


def test_given_a_decision_without_a_reason_then_it_is_refused(staff_api, claim):
    problem = staff_api.post(
        f"/api/v1/staff/claims/{claim.pk}/decision", {"decision": "refund", "reason": ""}
    ).expect(422)
    assert problem["code"] == "too_short"


def test_given_claims_of_two_sellers_when_staff_read_statistics_then_counts_and_median_time_are_right(
    staff_api, api, clock_at, buyer, seller, other_seller
):
    with clock_at(T0):
        first = open_claim(delivered_line(buyer=buyer, seller=seller, at=T0), fault="battery")
        open_claim(delivered_line(buyer=buyer, seller=seller, at=T0), fault="screen")
        third = open_claim(delivered_line(buyer=buyer, seller=other_seller, at=T0), fault="battery")
    with clock_at(T0 + timedelta(hours=10)):
        services.answer_claim(
            seller=seller, claim_id=first.pk, draft=services.AnswerDraft(resolution="refund")
        )
    with clock_at(T0 + timedelta(hours=30)):
        services.answer_claim(
            seller=other_seller, claim_id=third.pk, draft=services.AnswerDraft(resolution="refund")
        )
    with clock_at(T0 + timedelta(days=1, hours=12)):
        stats = staff_api.get("/api/v1/staff/claims/stats").expect(200)
    assert stats["total"] == 3 and stats["per_fault"]["battery"] == 2 and stats["per_fault"]["screen"] == 1
    assert {r["seller_id"]: r["claims"] for r in stats["per_seller"]} == {seller.pk: 2, other_seller.pk: 1}
    assert stats["resolved"] == 2 and stats["median_resolution_hours"] == 20.0
    assert stats["per_resolution"] == {"refund": 2}
    only = selectors.claim_stats(
        since=T0 - timedelta(days=1), until=T0 + timedelta(days=1), seller_id=other_seller.pk
    )
    assert only["total"] == 1 and only["per_seller"][0]["seller_id"] == other_seller.pk
    assert (
        selectors.claim_stats(since=T0 - timedelta(days=1), until=T0 + timedelta(days=1), market="DE")[
            "total"
        ]
        == 0
    )


def test_given_a_non_staff_user_when_deciding_or_reading_the_queue_then_it_is_forbidden(
    api, buyer, seller, claim
):
    for user, scopes in ((buyer, ["staff"]), (seller.user, ["seller", "staff"])):
        client = api.as_(user, scopes=scopes)
        assert client.get("/api/v1/staff/claims").expect(403)["code"] == "staff_only"
        assert client.get("/api/v1/staff/claims/stats").expect(403)["code"] == "staff_only"
        assert client.get(f"/api/v1/staff/claims/{claim.pk}/messages").expect(403)["code"] == "staff_only"
        assert client.post(f"/api/v1/staff/claims/{claim.pk}/messages", {"body": "hello"}).expect(403)
        assert client.post(
            f"/api/v1/staff/claims/{claim.pk}/decision",
            {"decision": "refund", "reason": "I would like my money back."},
        ).expect(403)
    assert Claim.objects.get(pk=claim.pk).status == "open"
