"""The probation review and every staff decision: approve, extend, remove, suspend, reinstate — each
recorded with who, when, why (docs/design.md §2 Probation; §5 "every staff decision audited")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from comeback.core.problems import Conflict, Forbidden
from comeback.offers import selectors as offer_selectors
from comeback.offers import services as offer_services
from comeback.offers.models import Offer, OfferStatus
from comeback.sellers.models import Seller, SellerDecision, SellerStatus

from ..factories import PASSWORD, OfferFactory, SellerFactory
from .factories import ProbationSellerFactory, draft

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
REVIEW_DAY = START + timedelta(days=41)


@pytest.fixture
def due(db):
    """A seller whose probation ended yesterday, with one listing (paused by time)."""
    with time_machine.travel(START, tick=False):
        seller = ProbationSellerFactory()
        offer = OfferFactory(seller=seller)
    return seller, offer


def visible_ids():
    return set(offer_selectors.visible_offers("FR").values_list("pk", flat=True))


def test_given_a_due_seller_when_staff_approve_then_it_is_full_uncapped_and_visible_at_once(api, staff, due):
    seller, offer = due
    with time_machine.travel(REVIEW_DAY, tick=False):
        assert offer.pk not in visible_ids()
        out = (
            api.as_(staff)
            .post(
                f"/api/v1/staff/sellers/{seller.pk}/decision",
                {"decision": "approve", "reason": "Clean record."},
            )
            .expect(200)
        )
        assert out["status"] == "full" and out["decision"]["kind"] == "approve"
        assert offer.pk in visible_ids()
        seller.refresh_from_db()
        for _ in range(6):  # no daily cap any more
            offer_services.publish_listing(seller=seller, draft=draft())
    assert seller.approved_at == REVIEW_DAY
    d = SellerDecision.objects.get(seller=seller, kind="approve")
    assert (d.actor, d.reason, d.from_status, d.to_status) == (staff, "Clean record.", "probation", "full")
    assert d.evidence["recommendation"] in {"approve", "extend", "remove"}


def test_given_a_due_seller_when_staff_extend_by_14_days_then_listings_return_and_the_cap_still_applies(
    api, staff, due
):
    seller, offer = due
    with time_machine.travel(REVIEW_DAY, tick=False):
        client = api.as_(staff)
        problem = client.post(
            f"/api/v1/staff/sellers/{seller.pk}/decision",
            {"decision": "extend", "reason": "Too few orders to judge."},
        ).expect(422)
        assert problem["errors"][0]["field"] == "days"
        out = client.post(
            f"/api/v1/staff/sellers/{seller.pk}/decision",
            {"decision": "extend", "reason": "Too few orders to judge.", "days": 14},
        ).expect(200)
        # extended from today, since the old deadline had passed
        assert out["probation_ends_at"].startswith((REVIEW_DAY + timedelta(days=14)).date().isoformat())
        assert out["phase"] == "probation" and offer.pk in visible_ids()
        for _ in range(5):
            offer_services.publish_listing(seller=seller, draft=draft())
        with pytest.raises(Conflict) as capped:
            offer_services.publish_listing(seller=seller, draft=draft())
        assert capped.value.code == "probation_daily_limit"
    with time_machine.travel(REVIEW_DAY + timedelta(days=14), tick=False):
        assert offer.pk not in visible_ids()  # the new deadline pauses again
    assert SellerDecision.objects.get(seller=seller, kind="extend").days == 14


def test_given_a_seller_still_in_probation_when_extended_then_days_are_added_to_its_deadline(staff):
    from comeback.sellers import services

    with time_machine.travel(START, tick=False):
        seller = ProbationSellerFactory()
    with time_machine.travel(START + timedelta(days=30), tick=False):
        services.decide(seller_id=seller.pk, decision="extend", reason="Seasonal start.", days=10, by=staff)
    seller.refresh_from_db()
    assert seller.probation_ends_at == START + timedelta(days=50)


def test_given_a_seller_with_an_open_order_when_removed_then_listings_are_withdrawn_nothing_is_deleted_and_the_order_can_still_ship(
    api,
    staff,
    buyer,
):
    from comeback.orders.models import OrderLine
    from comeback.orders.payments import reset_providers
    from tests.orders.helpers import place_order, walk

    reset_providers()
    with time_machine.travel(datetime(2027, 3, 3, 10, 0, tzinfo=UTC), tick=False):
        seller = SellerFactory()
        sold = OfferFactory(seller=seller, quantity=3)
        other = OfferFactory(seller=seller)
        order = place_order(buyer, sold)
        line = order.lines.get()
        api.as_(staff).post(
            f"/api/v1/staff/sellers/{seller.pk}/decision",
            {"decision": "remove", "reason": "Counterfeit parts found.", "ground": "illegal_content"},
        ).expect(200)
        assert set(Offer.objects.filter(seller=seller).values_list("status", flat=True)) == {
            OfferStatus.WITHDRAWN
        }
        assert Offer.objects.filter(pk__in=[sold.pk, other.pk]).count() == 2
        assert not visible_ids() & {sold.pk, other.pk}
        with pytest.raises(Forbidden) as refused:
            offer_services.publish_listing(seller=Seller.objects.get(pk=seller.pk), draft=draft())
        assert refused.value.code == "seller_removed" and "Counterfeit" in refused.value.detail
        line = walk(OrderLine.objects.select_related("order__buyer", "seller").get(pk=line.pk), "shipped")
    assert line.status == "shipped"
    seller.refresh_from_db()
    assert seller.status == SellerStatus.REMOVED and seller.status_reason == "Counterfeit parts found."


def test_given_a_removed_seller_when_staff_try_to_approve_then_409_invalid_transition(api, staff):
    seller = SellerFactory(status=SellerStatus.REMOVED)
    problem = (
        api.as_(staff)
        .post(f"/api/v1/staff/sellers/{seller.pk}/decision", {"decision": "approve"})
        .expect(409)
    )
    assert problem["code"] == "invalid_transition"


def test_given_a_full_seller_when_staff_suspend_then_reinstate_then_listings_hide_and_return(api, staff):
    seller = SellerFactory()
    offer = OfferFactory(seller=seller)
    client = api.as_(staff)
    client.post(
        f"/api/v1/staff/sellers/{seller.pk}/decision",
        {"decision": "suspend", "reason": "Defect rate under investigation."},
    ).expect(200)
    assert offer.pk not in visible_ids()
    with pytest.raises(Forbidden) as refused:
        offer_services.publish_listing(seller=Seller.objects.get(pk=seller.pk), draft=draft())
    assert refused.value.code == "seller_suspended"
    out = client.post(f"/api/v1/staff/sellers/{seller.pk}/decision", {"decision": "reinstate"}).expect(200)
    assert out["status"] == "full" and offer.pk in visible_ids()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE  # suspension hides, it never withdraws
    kinds = list(
        SellerDecision.objects.filter(seller=seller)
        .order_by("created_at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["suspend", "reinstate"]


def test_given_two_racing_decisions_when_the_first_wins_then_the_second_gets_409(staff, due):
    from comeback.sellers import processes
    from comeback.sellers.models import DecisionKind

    seller, _offer = due
    stale = Seller.objects.get(pk=seller.pk)  # what a second request read before the first committed
    from comeback.sellers import services

    services.decide(seller_id=seller.pk, decision="approve", by=staff)
    with pytest.raises(Conflict) as lost:
        processes.move(
            seller=stale,
            kind=DecisionKind.REMOVE,
            to=SellerStatus.REMOVED,
            actor=processes.Actor.STAFF,
            by=staff,
            reason="late",
            at=REVIEW_DAY,
        )
    assert lost.value.code == "seller_state_changed"
    assert SellerDecision.objects.filter(seller=seller).count() == 1


def test_given_a_due_seller_when_staff_open_the_review_page_then_it_shows_performance_feedback_and_recommendation(
    client,
    staff,
    due,
    facts,
):
    seller, _offer = due
    facts.set(
        seller,
        orders=24,
        delivered=20,
        shipped=22,
        cancelled=1,
        late_shipments=2,
        returns=3,
        defects=1,
        rating_count=12,
        rating_sum=54,
        ratings_5=7,
        ratings_4=3,
        ratings_3=2,
    )
    facts.comments[seller.pk] = [{"rating": 5, "comment": "Like new, fast delivery", "created_at": START}]
    with time_machine.travel(REVIEW_DAY, tick=False):
        client.login(email=staff.email, password=PASSWORD)
        queue = client.get("/staff/sellers/reviews/")
        assert seller.display_name.encode() in queue.content
        page = client.get(f"/staff/sellers/{seller.pk}/review/")
    html = page.content.decode()
    assert page.status_code == 200
    for text in [
        "Defect rate",
        "Cancellation rate",
        "Late-shipment rate",
        "Return rate",
        "1 / 20",
        "95% bound",
        "Like new, fast delivery",
        "Recommendation",
        'badge-success">approve</span>',
    ]:
        assert text in html, text


def test_given_a_new_seller_without_orders_when_staff_open_the_review_then_empty_states_show(
    client, staff, due
):
    seller, _offer = due
    with time_machine.travel(REVIEW_DAY, tick=False):
        client.login(email=staff.email, password=PASSWORD)
        html = client.get(f"/staff/sellers/{seller.pk}/review/").content.decode()
    assert "no data yet" in html and "No comment yet." in html and 'badge-warning">extend</span>' in html
    assert "Only 0 delivered orders" in html


def test_given_staff_on_the_web_when_deciding_then_the_decision_shows_in_the_history(client, staff, due):
    seller, offer = due
    with time_machine.travel(REVIEW_DAY, tick=False):
        client.login(email=staff.email, password=PASSWORD)
        resp = client.post(
            f"/staff/sellers/{seller.pk}/decision/",
            {"decision": "extend", "days": 7, "reason": "Needs more orders", "back": "review"},
        )
        assert resp.status_code == 302
        history = client.get(f"/staff/sellers/{seller.pk}/history/").content.decode()
    assert "Probation extended" in history and "Needs more orders" in history and staff.email in history
    seller.refresh_from_db()
    assert seller.probation_ends_at == REVIEW_DAY + timedelta(days=7)


def test_given_a_decision_when_the_seller_opens_its_standing_page_then_it_sees_the_history_without_staff_names(
    client,
    staff,
    due,
):
    from comeback.sellers import services

    seller, _offer = due
    with time_machine.travel(REVIEW_DAY, tick=False):
        services.decide(seller_id=seller.pk, decision="extend", reason="Needs more orders", days=7, by=staff)
        client.login(email=seller.user.email, password=PASSWORD)
        html = client.get("/seller/trust/").content.decode()
    assert "Probation extended" in html and "Needs more orders" in html and staff.email not in html
