"""Removal with 30 days' notice (docs/trust.md §4 "Removal with notice"; P2B Regulation Art. 4): the shop keeps
selling, the seller reads the date and may contest, the scheduler removes it when due; at once only on a ground
the law allows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from comeback.core import outbox
from comeback.core.problems import Conflict
from comeback.offers import selectors as offer_selectors
from comeback.offers.models import Offer, OfferStatus
from comeback.sellers import removal
from comeback.sellers import services as seller_services
from comeback.sellers.models import Seller, SellerDecision, SellerStatus
from comeback.trust.models import Statement
from tests.concurrency import race
from tests.factories import PASSWORD, OfferFactory, SellerFactory, StaffFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2027, 4, 1, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=30)


def visible(offer) -> bool:
    return offer_selectors.visible_offers("FR").filter(pk=offer.pk).exists()


def give_notice(api, staff, seller, reason="Repeated late shipments despite warnings."):
    with time_machine.travel(NOW, tick=False):
        out = (
            api.as_(staff)
            .post(f"/api/v1/staff/sellers/{seller.pk}/decision", {"decision": "remove", "reason": reason})
            .expect(200)
        )
        outbox.drain()
    return out


def test_given_staff_remove_without_a_ground_then_the_shop_gets_30_days_notice_keeps_selling_and_reads_the_date(
    api, staff
):
    # given a full seller with a live listing
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        offer = OfferFactory(seller=seller)
    # when staff remove it without an immediate ground
    out = give_notice(api, staff, seller)
    # then it is a notice: still full, still selling, due in 30 days
    assert out["status"] == "full" and out["decision"]["kind"] == "notice"
    assert out["removal_due_at"].startswith(DUE.date().isoformat())
    statement = Statement.objects.get(seller=seller)
    assert statement.kind == "seller_removed" and statement.effective_at == DUE
    assert statement.immediate_grounds == "" and "Repeated late shipments" in statement.facts
    with time_machine.travel(NOW + timedelta(days=29), tick=False):
        assert visible(offer)
        mine = api.as_(seller.user).get("/api/v1/seller/metrics").expect(200)
        assert mine["removal"]["due_at"].startswith(DUE.date().isoformat())
        assert mine["removal"]["statement_id"] == statement.pk
        item = api.as_(seller.user).get(f"/api/v1/seller/statements/{statement.pk}").expect(200)
        assert item["effective_at"].startswith(DUE.date().isoformat())


def test_given_a_notice_run_out_then_reads_hide_the_shop_at_once_and_the_job_removes_it_once(api, staff):
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        offer = OfferFactory(seller=seller)
    give_notice(api, staff, seller)
    with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
        # given the due moment passed and the job has not run: a read shows what the clock implies
        assert not visible(offer)
        assert Seller.objects.get(pk=seller.pk).status == SellerStatus.FULL  # the read wrote nothing
        # when the scheduler's job runs (twice: it is idempotent)
        assert removal.complete_due() == 1
        assert removal.complete_due() == 0
        outbox.drain()
    # then the shop is removed, listings withdrawn, and the notice's statement is the only one
    seller.refresh_from_db()
    assert seller.status == SellerStatus.REMOVED and seller.removal_due_at is None
    assert "late shipments" in seller.status_reason
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.WITHDRAWN
    done = SellerDecision.objects.get(seller=seller, kind="remove")
    assert done.actor is None and done.evidence["notice_decision_id"] == seller.removal_notice_id
    assert Statement.objects.filter(seller=seller).count() == 1


def test_given_an_illegal_content_ground_then_the_removal_is_immediate_with_the_ground_recorded(api, staff):
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        offer = OfferFactory(seller=seller)
        client = api.as_(staff)
        path = f"/api/v1/staff/sellers/{seller.pk}/decision"
        bad = client.post(
            path, {"decision": "remove", "reason": "Stolen phones.", "ground": "i_feel_like_it"}
        )
        problem = bad.expect(422)
        assert problem["code"] == "invalid_ground" and problem["errors"][0]["field"] == "ground"
        out = client.post(
            path, {"decision": "remove", "reason": "Stolen phones.", "ground": "illegal_content"}
        )
        got = out.expect(200)
        assert got["status"] == "removed" and got["removal_due_at"] is None
        outbox.drain()
    statement = Statement.objects.get(seller=seller)
    assert statement.effective_at == NOW and statement.immediate_grounds.startswith("illegal_content")
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.WITHDRAWN


def test_given_a_notice_when_it_is_given_again_or_a_missing_one_withdrawn_then_409(api, staff):
    seller = SellerFactory()
    path = f"/api/v1/staff/sellers/{seller.pk}/decision"
    none = api.as_(staff).post(path, {"decision": "cancel_notice", "reason": "Nothing to withdraw"})
    assert none.expect(409)["code"] == "no_removal_notice"
    give_notice(api, staff, seller)
    again = api.as_(staff).post(path, {"decision": "remove", "reason": "Twice is once too many."})
    assert again.expect(409)["code"] == "removal_already_noticed"


def test_given_a_contested_notice_when_staff_reverse_it_then_the_notice_is_withdrawn_and_nothing_is_removed(
    api, staff
):
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        offer = OfferFactory(seller=seller)
    give_notice(api, staff, seller)
    statement = Statement.objects.get(seller=seller)
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        api.as_(seller.user).post(
            f"/api/v1/seller/statements/{statement.pk}/contest",
            {"text": "Our carrier lost the parcels; tracking attached."},
        ).expect(200)
        api.as_(staff).post(
            f"/api/v1/staff/statements/{statement.pk}/decision",
            {
                "outcome": "reversed",
                "statement": "The carrier's records confirm it; the notice is withdrawn.",
            },
        ).expect(200)
    seller.refresh_from_db()
    assert seller.removal_due_at is None and seller.removal_notice_id is None
    assert SellerDecision.objects.filter(seller=seller, kind="cancel_notice").count() == 1
    with time_machine.travel(DUE + timedelta(days=1), tick=False):
        assert removal.complete_due() == 0 and visible(offer)
    assert Seller.objects.get(pk=seller.pk).status == SellerStatus.FULL


def test_given_the_wrong_actor_when_a_seller_or_anonymous_gives_notice_then_refused(api, client, seller):
    target = SellerFactory()
    path = f"/api/v1/staff/sellers/{target.pk}/decision"
    api.as_(seller.user).post(path, {"decision": "remove", "reason": "I dislike my rival."}).expect(403)
    api.post(path, {"decision": "remove", "reason": "I dislike my rival."}).expect(401)
    client.login(email=seller.user.email, password=PASSWORD)
    web = client.post(f"/staff/sellers/{target.pk}/decision/", {"decision": "remove", "reason": "rival"})
    assert web.status_code == 403
    assert Seller.objects.get(pk=target.pk).removal_due_at is None


def test_given_the_web_when_staff_give_notice_then_both_portals_show_the_date(client, staff):
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        client.login(email=staff.email, password=PASSWORD)
        page = client.get(f"/staff/sellers/{seller.pk}/").content.decode()
        assert 'name="ground"' in page and "illegal_content" in page
        client.post(
            f"/staff/sellers/{seller.pk}/decision/",
            {"decision": "remove", "reason": "Repeated grading complaints.", "ground": ""},
        )
        outbox.drain()
        assert "Removal notice" in client.get(f"/staff/sellers/{seller.pk}/").content.decode()
        client.logout()
        client.login(email=seller.user.email, password=PASSWORD)
        portal = client.get("/seller/trust/").content.decode()
    assert "Notice of removal" in portal and "Repeated grading complaints." in portal
    assert f'datetime="{DUE.isoformat()}"' in portal


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_the_due_moment_when_two_schedulers_and_a_withdrawal_race_then_exactly_one_outcome():
    staff = StaffFactory()
    with time_machine.travel(NOW, tick=False):
        seller = SellerFactory()
        OfferFactory(seller=seller)
        seller_services.decide(seller_id=seller.pk, decision="remove", reason="Fake invoices.", by=staff)
    at = DUE + timedelta(seconds=1)

    def withdraw():
        return seller_services.decide(
            seller_id=seller.pk, decision="cancel_notice", reason="Settled.", by=staff, at=at
        )

    results = race([lambda: removal.complete_due(at=at), lambda: removal.complete_due(at=at), withdraw])
    assert not [r for r in results if isinstance(r, Exception) and not isinstance(r, Conflict)], results
    seller.refresh_from_db()
    removed = SellerDecision.objects.filter(seller=seller, kind="remove").count()
    withdrawn = SellerDecision.objects.filter(seller=seller, kind="cancel_notice").count()
    assert removed + withdrawn == 1, results
    assert sum(r for r in results[:2] if isinstance(r, int)) == removed
    if removed:
        assert seller.status == SellerStatus.REMOVED
        assert not Offer.objects.filter(seller=seller).exclude(status="withdrawn").exists()
    else:
        assert seller.status == SellerStatus.FULL and seller.removal_due_at is None
