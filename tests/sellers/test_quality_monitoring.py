"""Quality for every seller: recomputed from pluggable facts, alerts, a sustained breach suspends,
staff reinstate; sellers see their own numbers only; buyers see a plain summary (docs/design.md §2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.template import Context, Template

from comeback.offers import selectors as offer_selectors
from comeback.sellers import monitoring, services
from comeback.sellers.models import AlertStatus, SellerAlert, SellerDecision, SellerStatus

from ..factories import PASSWORD, OfferFactory, SellerFactory, UserFactory
from .factories import ProbationSellerFactory

pytestmark = pytest.mark.django_db
T0 = datetime(2027, 5, 3, 6, 0, tzinfo=UTC)
CLEAN = {
    "orders": 120,
    "delivered": 110,
    "shipped": 118,
    "cancelled": 1,
    "late_shipments": 3,
    "returns": 6,
    "defects": 1,
    "rating_count": 60,
    "rating_sum": 282,
}
DEFECTIVE = {**CLEAN, "defects": 25}  # 23% of 110 delivered: confidently above 5%


def test_given_facts_from_a_source_when_recomputing_then_the_score_is_stored_and_feeds_the_ranking(facts):
    good, bad = SellerFactory(), SellerFactory()
    facts.set(good, **CLEAN)
    facts.set(bad, **{**CLEAN, "defects": 9, "returns": 15})
    offer_good = OfferFactory(seller=good, price_amount=31000)
    offer_bad = OfferFactory(seller=bad, variant=offer_good.variant, price_amount=30000)
    with time_machine.travel(T0, tick=False):
        assert monitoring.recompute_all() == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert 0 <= bad.quality_score < good.quality_score <= 1
    assert good.quality_summary["delivered"] == 110 and good.quality_computed_at == T0
    slot = offer_selectors.slots_for_product(offer_good.variant.product_id, "FR")[
        (offer_good.variant_id, "good")
    ]
    assert slot.winner == offer_good and slot.others == [offer_bad]  # better quality outweighs 3% on price


def test_given_a_confident_breach_when_recomputing_then_one_alert_opens_and_resolves_when_it_ends(facts):
    seller = SellerFactory()
    facts.set(seller, **DEFECTIVE)
    with time_machine.travel(T0, tick=False):
        monitoring.recompute_seller(seller=seller)
        monitoring.recompute_seller(seller=seller)  # twice: still one live alert
    alert = SellerAlert.objects.get(seller=seller)
    assert alert.metric == "defect_rate" and alert.status == AlertStatus.OPEN and alert.value > 0.05
    seller.refresh_from_db()
    assert seller.breach_since == T0
    facts.set(seller, **CLEAN)
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        monitoring.recompute_seller(seller=seller)
    alert.refresh_from_db()
    seller.refresh_from_db()
    assert alert.status == AlertStatus.RESOLVED and seller.breach_since is None


def test_given_a_defect_breach_for_14_days_when_recomputing_then_listings_are_suspended_until_staff_reinstate(
    facts,
    staff,
    api,
):
    seller = SellerFactory()
    offer = OfferFactory(seller=seller)
    facts.set(seller, **DEFECTIVE)
    with time_machine.travel(T0, tick=False):
        monitoring.recompute_seller(seller=seller)
    with time_machine.travel(T0 + timedelta(days=13, hours=23), tick=False):
        monitoring.recompute_seller(seller=seller)
        seller.refresh_from_db()
        assert seller.status == SellerStatus.FULL  # not yet sustained
    with time_machine.travel(T0 + timedelta(days=14), tick=False):
        monitoring.recompute_seller(seller=seller)
        seller.refresh_from_db()
        assert seller.status == SellerStatus.SUSPENDED
        assert "defect rate" in seller.status_reason.lower()
        assert offer.pk not in set(offer_selectors.visible_offers("FR").values_list("pk", flat=True))
        decision = SellerDecision.objects.get(seller=seller, kind="suspend")
        assert decision.actor is None  # the platform decided, and says so
        # the seller sees the reason
        out = api.as_(seller.user).get("/api/v1/seller/metrics").expect(200)
        assert out["status"] == "suspended" and "defect rate" in out["status_reason"].lower()
        assert out["alerts"][0]["metric"] == "defect_rate"
        # still breaching: recomputing again changes nothing and never un-suspends
        monitoring.recompute_seller(seller=seller)
    with time_machine.travel(T0 + timedelta(days=15), tick=False):
        services.decide(seller_id=seller.pk, decision="reinstate", reason="Supplier changed.", by=staff)
        seller.refresh_from_db()
        assert seller.status == SellerStatus.FULL and seller.breach_since is None
        assert offer.pk in set(offer_selectors.visible_offers("FR").values_list("pk", flat=True))


def test_given_a_probation_seller_suspended_when_reinstated_then_it_returns_to_probation(facts, staff):
    with time_machine.travel(T0, tick=False):
        seller = ProbationSellerFactory()
        services.decide(seller_id=seller.pk, decision="suspend", reason="Checking a complaint.", by=staff)
        services.decide(seller_id=seller.pk, decision="reinstate", by=staff)
    seller.refresh_from_db()
    assert seller.status == SellerStatus.PROBATION


def test_given_two_sellers_when_each_reads_metrics_then_it_only_ever_sees_its_own(api, facts):
    mine = SellerFactory(user=UserFactory(email="mine@example.test"))
    theirs = SellerFactory(user=UserFactory(email="theirs@example.test"))
    facts.set(mine, **CLEAN)
    facts.set(theirs, **DEFECTIVE)
    OfferFactory(seller=theirs)
    out = api.as_(mine.user).get("/api/v1/seller/metrics").expect(200)
    assert out["seller_id"] == mine.pk
    assert out["windows"]["trailing_90_days"]["defect_rate"]["events"] == 1
    assert out["listings"] == []
    # the staff route is not a way round it
    assert (
        api.as_(mine.user).get(f"/api/v1/staff/sellers/{theirs.pk}/metrics").expect(403)["code"]
        == "missing_scope"
    )
    assert (
        api.as_(mine.user, scopes=["seller", "staff"])
        .get(f"/api/v1/staff/sellers/{theirs.pk}/metrics")
        .expect(403)["code"]
        == "staff_only"
    )


def test_given_non_sellers_when_reading_seller_metrics_then_refused(api, buyer):
    assert api.get("/api/v1/seller/metrics").expect(401)["code"] == "not_authenticated"
    assert (
        api.as_(buyer, scopes=["seller"]).get("/api/v1/seller/metrics").expect(403)["code"] == "not_a_seller"
    )
    seller = SellerFactory()
    assert (
        api.as_(seller.user, scopes=["buyer"]).get("/api/v1/seller/metrics").expect(403)["code"]
        == "missing_scope"
    )


def test_given_a_seller_with_listings_when_reading_metrics_then_each_listing_has_the_price_that_would_win(
    api,
):
    seller = SellerFactory()
    mine = OfferFactory(seller=seller, price_amount=35000)
    OfferFactory(seller=SellerFactory(), variant=mine.variant, price_amount=30000)
    out = api.as_(seller.user).get("/api/v1/seller/metrics").expect(200)
    (row,) = out["listings"]
    assert row["offer_id"] == mine.pk and row["price_to_win"] is not None and row["price_to_win"] < 35000


def test_given_staff_when_reading_any_sellers_metrics_then_allowed(api, staff, facts):
    seller = SellerFactory()
    facts.set(seller, **CLEAN)
    out = api.as_(staff).get(f"/api/v1/staff/sellers/{seller.pk}/metrics").expect(200)
    assert out["seller_id"] == seller.pk and out["windows"]["since_onboarding"]["orders"] == 120


def test_given_alerts_when_staff_open_the_queue_and_acknowledge_then_it_is_recorded(client, staff, facts):
    seller = SellerFactory(display_name="Shaky Phones")
    facts.set(seller, **DEFECTIVE)
    monitoring.recompute_seller(seller=seller)
    alert = SellerAlert.objects.get()
    client.login(email=staff.email, password=PASSWORD)
    assert b"Shaky Phones" in client.get("/staff/sellers/alerts/").content
    assert client.post(f"/staff/sellers/alerts/{alert.pk}/acknowledge/").status_code == 302
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ACKNOWLEDGED and alert.acknowledged_by == staff


def test_given_a_seller_when_buyers_see_its_offers_then_a_plain_language_quality_summary_shows(facts):
    seller = SellerFactory(display_name="Refurb Pro")
    facts.set(seller, **CLEAN)
    monitoring.recompute_seller(seller=seller)
    seller.refresh_from_db()
    html = Template("{% load seller_trust %}{% seller_quality_summary seller %}").render(
        Context({"seller": seller})
    )
    assert "Refurb Pro" in html and "Rated 4.7 out of 5 by 60 buyers." in html
    assert "99% of its 110 orders delivered in the last 90 days arrived without a defect." in html
    newcomer = ProbationSellerFactory()
    html = Template("{% load seller_trust %}{% seller_quality_summary s %}").render(Context({"s": newcomer}))
    assert "New seller on probation" in html and "No reviews yet." in html


def test_given_the_public_seller_page_when_visited_then_it_shows_quality_and_hides_applicants(client, facts):
    seller = SellerFactory(display_name="Open Refurb", slug="open-refurb")
    facts.set(seller, **CLEAN)
    monitoring.recompute_seller(seller=seller)
    page = client.get("/sellers/open-refurb/")
    assert page.status_code == 200 and b"Open Refurb" in page.content and b"Rated 4.7" in page.content
    SellerFactory(slug="still-applying", status=SellerStatus.APPLIED)
    assert client.get("/sellers/still-applying/").status_code == 404


def test_given_the_portal_panel_when_a_probation_seller_renders_it_then_status_deadline_and_cap_show():
    with time_machine.travel(T0, tick=False):
        seller = ProbationSellerFactory(markets=["FR"])
        html = Template('{% include "sellers/_status_panel.html" %}').render(Context({"seller": seller}))
    assert "On probation" in html and "Probation ends in 40 days" in html
    assert "0 / 5" in html and "Europe/Paris" in html and "What happens next" in html


def test_given_the_recompute_task_when_enqueued_then_scores_are_stored(facts):
    from comeback.sellers.tasks import recompute_quality

    seller = SellerFactory()
    facts.set(seller, **CLEAN)
    assert recompute_quality.enqueue().return_value == 1
    seller.refresh_from_db()
    assert seller.quality_score is not None
