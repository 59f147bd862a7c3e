"""Day 40: listings paused everywhere buyers look, new listings refused — derived from time, no job
(docs/design.md §2 Probation; §3 "time-based rules are computed from timestamps at the moment of use")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail

from comeback.core.problems import Conflict
from comeback.offers import selectors as offer_selectors
from comeback.offers import services as offer_services
from comeback.sellers import monitoring, selectors
from comeback.storefront import selectors as catalog

from ..factories import OfferFactory, ProductModelFactory, SellerFactory, StaffFactory, VariantFactory
from .factories import ProbationSellerFactory, draft

pytestmark = pytest.mark.django_db
START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DAY_40 = START + timedelta(days=40)


@pytest.fixture
def market_place():
    """One product with two offers in the same slot: a cheap probation seller and a pricier full seller."""
    with time_machine.travel(START, tick=False):
        newcomer = ProbationSellerFactory()
    product = ProductModelFactory()
    variant = VariantFactory(product=product)
    cheap = OfferFactory(seller=newcomer, variant=variant, price_amount=30000)
    pricey = OfferFactory(seller=SellerFactory(), variant=variant, price_amount=40000)
    return newcomer, product, variant, cheap, pricey


def _search_ids(product):
    return [c.product_id for c in catalog.search_products(market="FR").items if c.product_id == product.pk]


def _product_page_offer_ids(product):
    detail = catalog.product_detail(market="FR", product_id=product.pk)
    return {o.pk for g in detail.grades for o in ([g.winner] if g.winner else []) + list(g.others)}


def test_given_probation_before_day_40_when_buyers_look_then_the_offer_is_visible_and_can_win(market_place):
    newcomer, product, variant, cheap, pricey = market_place
    with time_machine.travel(DAY_40 - timedelta(seconds=1), tick=False):
        assert set(offer_selectors.visible_offers("FR").values_list("pk", flat=True)) == {cheap.pk, pricey.pk}
        assert _search_ids(product) == [product.pk]
        assert _product_page_offer_ids(product) == {cheap.pk, pricey.pk}
        slot = offer_selectors.slots_for_product(product.pk, "FR")[(variant.pk, "good")]
        assert slot.winner == cheap


def test_given_day_40_when_buyers_look_then_the_probation_sellers_offers_are_hidden_from_search_page_and_ranking(
    market_place,
):
    newcomer, product, variant, cheap, pricey = market_place
    with time_machine.travel(DAY_40, tick=False):
        assert list(offer_selectors.visible_offers("FR").values_list("pk", flat=True)) == [pricey.pk]
        result = [c for c in catalog.search_products(market="FR").items if c.product_id == product.pk]
        assert result[0].offer_count == 1 and result[0].from_price.amount == 40000
        assert _product_page_offer_ids(product) == {pricey.pk}
        slot = offer_selectors.slots_for_product(product.pk, "FR")[(variant.pk, "good")]
        assert slot.winner == pricey and slot.others == []
        # the full seller's price to win no longer has to beat the paused newcomer
        assert offer_selectors.prices_to_win([pricey])[pricey.pk] == pricey.price_amount
        assert selectors.phase(newcomer) == "review_pending"
    cheap.refresh_from_db()
    assert cheap.status == "active"  # nothing was written: the pause is derived from time


def test_given_day_40_when_only_the_paused_seller_offers_a_product_then_search_no_longer_finds_it():
    with time_machine.travel(START, tick=False):
        newcomer = ProbationSellerFactory()
    product = ProductModelFactory(name="Pausephone 9")
    OfferFactory(seller=newcomer, variant=VariantFactory(product=product))
    with time_machine.travel(DAY_40 - timedelta(minutes=1), tick=False):
        assert _search_ids(product) == [product.pk]
    with time_machine.travel(DAY_40, tick=False):
        assert _search_ids(product) == []


def test_given_day_40_when_the_seller_lists_then_409_probation_review_pending(api):
    with time_machine.travel(START, tick=False):
        seller = ProbationSellerFactory()
    with time_machine.travel(DAY_40 + timedelta(hours=1), tick=False):
        with pytest.raises(Conflict) as refused:
            offer_services.publish_listing(seller=seller, draft=draft())
        assert refused.value.code == "probation_review_pending"
        assert "review" in refused.value.detail
        problem = (
            api.as_(seller.user)
            .post(
                "/api/v1/seller/listings",
                {
                    "variant_id": VariantFactory().pk,
                    "market": "FR",
                    "grade": "good",
                    "price": 30000,
                    "currency": "EUR",
                    "quantity": 1,
                    "battery_health_min": 85,
                },
            )
            .expect(409)
        )
        assert problem["code"] == "probation_review_pending"
        assert problem["probation_ends_at"] == "2027-04-10T09:00:00Z"


def test_given_day_40_when_the_seller_changes_a_price_then_it_is_still_allowed(api):
    with time_machine.travel(START, tick=False):
        seller = ProbationSellerFactory()
        offer = OfferFactory(seller=seller)
    with time_machine.travel(DAY_40 + timedelta(days=1), tick=False):
        out = api.as_(seller.user).patch(f"/api/v1/seller/listings/{offer.pk}", {"price": 31000}).expect(200)
    assert out["price"] == 31000


def test_given_due_reviews_when_the_notice_job_runs_twice_then_each_person_is_emailed_once():
    staff = StaffFactory()
    with time_machine.travel(START, tick=False):
        due = ProbationSellerFactory()
        ProbationSellerFactory(probation_started_at=START + timedelta(days=5))  # not due yet
    with time_machine.travel(DAY_40 + timedelta(hours=2), tick=False):
        assert monitoring.notify_due_reviews() == 1
        assert monitoring.notify_due_reviews() == 0
    recipients = sorted(r for m in mail.outbox for r in m.to)
    assert recipients == sorted([due.user.email, staff.email])


def test_given_the_notice_task_when_enqueued_then_it_runs_the_same_idempotent_job():
    from comeback.sellers.tasks import notify_probation_reviews_due

    with time_machine.travel(START, tick=False):
        ProbationSellerFactory()
    with time_machine.travel(DAY_40, tick=False):
        first = notify_probation_reviews_due.enqueue()
        second = notify_probation_reviews_due.enqueue()
    assert (first.return_value, second.return_value) == (1, 0)


def test_given_the_review_queue_when_several_are_due_then_the_oldest_deadline_comes_first():
    with time_machine.travel(START, tick=False):
        older = ProbationSellerFactory()
    with time_machine.travel(START + timedelta(days=2), tick=False):
        ProbationSellerFactory()  # ends on day 42: not due yet
    with time_machine.travel(START + timedelta(days=1), tick=False):
        middle = ProbationSellerFactory()
    with time_machine.travel(START + timedelta(days=41, hours=12), tick=False):
        queue = list(selectors.review_queue())
    assert queue == [older, middle]
