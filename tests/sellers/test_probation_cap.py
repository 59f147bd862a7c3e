"""Probation: at most 5 new listings per calendar day in the market's timezone (docs/design.md §2 Probation)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from comeback.core.problems import Conflict
from comeback.offers import services as offer_services
from comeback.offers.models import Offer
from comeback.sellers.models import ProbationDayCount

from ..factories import PASSWORD, SellerFactory, UserFactory, VariantFactory
from .factories import ProbationSellerFactory, draft, listing_body

pytestmark = pytest.mark.django_db
DAY1 = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)  # 10:00 in Paris


def publish(seller, market="FR"):
    return offer_services.publish_listing(seller=seller, draft=draft(market=market))


def test_given_a_seller_on_day_1_of_probation_when_it_lists_a_sixth_offer_then_409_naming_the_rule_and_when_it_lifts(
    api,
):
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory(user=UserFactory(email="new@example.test"))
        client = api.as_(seller.user)
        for _ in range(5):
            client.post("/api/v1/seller/listings", listing_body()).expect(201)
        reply = client.post("/api/v1/seller/listings", listing_body())
        problem = reply.expect(409)
    assert problem["code"] == "probation_daily_limit"
    assert problem["retry_after"] == "2027-03-02T00:00:00+01:00"  # the next midnight in Paris
    assert "5 new listings per calendar day" in problem["detail"] and "Europe/Paris" in problem["detail"]
    assert problem["limit"] == 5 and problem["used"] == 5
    assert int(reply.response["Retry-After"]) == 14 * 3600  # 10:00 → midnight, Paris time
    assert Offer.objects.filter(seller=seller).count() == 5


def test_given_the_cap_is_reached_when_changing_price_and_stock_then_it_is_allowed(api):
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory()
        client = api.as_(seller.user)
        ids = [
            client.post("/api/v1/seller/listings", listing_body()).expect(201)["offer_id"] for _ in range(5)
        ]
        out = client.patch(f"/api/v1/seller/listings/{ids[0]}", {"price": 29900, "quantity": 9}).expect(200)
    assert (out["price"], out["quantity"]) == (29900, 9)


def test_given_the_cap_is_reached_when_the_next_local_day_starts_then_five_more_are_allowed():
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory()
        for _ in range(5):
            publish(seller)
    with time_machine.travel(datetime(2027, 3, 1, 22, 59, tzinfo=UTC), tick=False):  # 23:59 in Paris
        with pytest.raises(Conflict) as refused:
            publish(seller)
        assert refused.value.code == "probation_daily_limit"
    with time_machine.travel(datetime(2027, 3, 1, 23, 0, tzinfo=UTC), tick=False):  # midnight in Paris
        for _ in range(5):
            publish(seller)
    assert Offer.objects.filter(seller=seller).count() == 10
    assert sorted(ProbationDayCount.objects.filter(seller=seller).values_list("count", flat=True)) == [5, 5]


@pytest.mark.parametrize(
    ("market", "last_minute", "midnight", "lifts"),
    [
        # Tokyo is UTC+9 all year: 14:59 UTC is 23:59 there.
        (
            "JP",
            datetime(2027, 3, 1, 14, 59, tzinfo=UTC),
            datetime(2027, 3, 1, 15, 0, tzinfo=UTC),
            "2027-03-02T00:00:00+09:00",
        ),
        # New York is UTC−5 in winter: 04:59 UTC on the 2nd is still 23:59 on the 1st there.
        (
            "US",
            datetime(2027, 3, 2, 4, 59, tzinfo=UTC),
            datetime(2027, 3, 2, 5, 0, tzinfo=UTC),
            "2027-03-02T00:00:00-05:00",
        ),
    ],
)
def test_given_the_markets_timezone_when_the_local_day_turns_then_the_cap_resets_there_not_at_utc_midnight(
    api, market, last_minute, midnight, lifts
):
    with time_machine.travel(datetime(2027, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        seller = ProbationSellerFactory()
        client = api.as_(seller.user)
    with time_machine.travel(last_minute.replace(hour=last_minute.hour - 1), tick=False):
        for _ in range(5):
            client.post("/api/v1/seller/listings", listing_body(market=market)).expect(201)
    with time_machine.travel(last_minute, tick=False):
        problem = client.post("/api/v1/seller/listings", listing_body(market=market)).expect(409)
        assert problem["code"] == "probation_daily_limit" and problem["retry_after"] == lifts
    with time_machine.travel(midnight, tick=False):
        client.post("/api/v1/seller/listings", listing_body(market=market)).expect(201)


def test_given_listings_in_two_markets_when_counting_the_cap_then_it_is_five_per_seller_and_date():
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory()
        for market in ["FR", "FR", "DE", "DE", "FR"]:
            publish(seller, market)
        with pytest.raises(Conflict) as refused:
            publish(seller, "DE")
    assert refused.value.code == "probation_daily_limit"


def test_given_a_full_seller_when_listing_more_than_five_a_day_then_there_is_no_cap():
    with time_machine.travel(DAY1, tick=False):
        seller = SellerFactory()
        for _ in range(7):
            publish(seller)
    assert Offer.objects.filter(seller=seller).count() == 7
    assert not ProbationDayCount.objects.exists()


def test_given_a_refused_duplicate_listing_when_counting_the_cap_then_the_failed_attempt_is_not_counted():
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory()
        variant = VariantFactory()
        offer_services.publish_listing(seller=seller, draft=draft(variant))
        with pytest.raises(Conflict) as dup:
            offer_services.publish_listing(seller=seller, draft=draft(variant))
        assert dup.value.code == "listing_exists"
    assert ProbationDayCount.objects.get(seller=seller).count == 1


def test_given_the_cap_is_reached_when_listing_in_the_portal_then_the_form_shows_the_rule(client):
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory()
        for _ in range(5):
            publish(seller)
        variant = VariantFactory()
        client.login(email=seller.user.email, password=PASSWORD)
        resp = client.post(
            "/seller/listings/new/",
            {
                "product": variant.product_id,
                "variant": variant.pk,
                "market": "FR",
                "grade": "good",
                "price": "349.00",
                "quantity": 2,
                "battery_health_min": 85,
                "warranty_months": 12,
                "handling_days": 1,
            },
        )
    assert resp.status_code == 422
    assert b"5 new listings per calendar day" in resp.content
    assert Offer.objects.filter(seller=seller).count() == 5


def test_given_a_probation_seller_when_reading_its_metrics_then_todays_cap_use_is_shown(api):
    with time_machine.travel(DAY1, tick=False):
        seller = ProbationSellerFactory(markets=["FR", "JP"])
        publish(seller)
        publish(seller)
        out = api.as_(seller.user).get("/api/v1/seller/metrics").expect(200)
    today = {c["market"]: c for c in out["probation"]["today"]}
    assert today["FR"]["used"] == 2 and today["FR"]["remaining"] == 3
    assert today["FR"]["resets_at"] == "2027-03-02T00:00:00+01:00"
    assert today["JP"]["day"] == "2027-03-01" and today["JP"]["used"] == 2  # 18:00 in Tokyo: same date
    assert out["probation"]["ends_at"].startswith("2027-04-10")
