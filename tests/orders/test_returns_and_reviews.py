"""Returns within 30 days of delivery, transit damage within 3 business days (docs/design.md §2 Returns), and
one review per delivered line feeding the seller's rating — with the clock moved by time-machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from comeback.orders.models import Return, ReturnStatus
from comeback.sellers.models import Seller

from .helpers import T0, place_order, walk


def delivered_line(buyer, offer, clock_at, at):
    with clock_at(at - timedelta(days=2)):
        order = place_order(buyer, offer)
        line = order.lines.select_related("order__buyer", "seller").get()
        walk(line, "shipped")
    with clock_at(at):
        return walk(line, "delivered")


def ask_return(api, line, reason="changed_mind"):
    return api.as_(line.order.buyer).post(f"/api/v1/orders/{line.order_id}/returns", {"reason": reason})


def test_given_a_delivery_29_days_ago_when_returning_for_any_reason_then_it_is_accepted(
    api, buyer, offer, clock_at
):
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(T0 + timedelta(days=29, hours=23)):
        created = ask_return(api, line).expect(201)["returns"]
    assert [(r["line_id"], r["status"], r["reason"]) for r in created] == [
        (line.pk, "requested", "changed_mind")
    ]


def test_given_a_delivery_30_days_ago_when_returning_then_409_window_closed(api, buyer, offer, clock_at):
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(T0 + timedelta(days=30)):
        problem = ask_return(api, line).expect(409)
    assert problem["code"] == "return_window_closed"
    assert not Return.objects.exists()


def test_given_transit_damage_on_the_third_business_day_then_it_is_accepted(api, buyer, offer, clock_at):
    # delivered Wednesday 3 March; Thu, Fri, Mon are the 3 business days: open until Tue 00:00 in Paris
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(datetime(2027, 3, 8, 22, 30, tzinfo=UTC)):  # Monday 23:30 in Paris
        ask_return(api, line, "transit_damage").expect(201)


def test_given_transit_damage_after_three_business_days_then_409_but_other_reasons_still_work(
    api, buyer, offer, clock_at
):
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(datetime(2027, 3, 8, 23, 30, tzinfo=UTC)):  # Tuesday 00:30 in Paris
        assert ask_return(api, line, "transit_damage").expect(409)["code"] == "transit_damage_window_closed"
        ask_return(api, line, "defect").expect(201)


def test_given_a_public_holiday_when_counting_transit_damage_days_then_it_is_skipped(
    api, buyer, offer, clock_at
):
    # delivered Wednesday 10 Nov 2027; Thursday 11 Nov is Armistice Day: Fri, Mon, Tue count
    line = delivered_line(buyer, offer, clock_at, datetime(2027, 11, 10, 9, tzinfo=UTC))
    with clock_at(datetime(2027, 11, 16, 12, tzinfo=UTC)):
        ask_return(api, line, "transit_damage").expect(201)


def test_given_a_line_not_delivered_when_returning_then_409(api, paid_line):
    assert ask_return(api, paid_line).expect(409)["code"] == "line_not_delivered"


def test_given_an_open_return_when_returning_the_same_line_again_then_409(api, buyer, offer, clock_at):
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(T0 + timedelta(days=1)):
        ask_return(api, line).expect(201)
        body = {"reason": "defect", "line_ids": [line.pk]}
        assert (
            api.as_(buyer).post(f"/api/v1/orders/{line.order_id}/returns", body).expect(409)["code"]
            == "return_exists"
        )


def test_given_an_unknown_reason_when_returning_then_422(api, buyer, offer, clock_at):
    line = delivered_line(buyer, offer, clock_at, T0)
    with clock_at(T0 + timedelta(days=1)):
        assert ask_return(api, line, "bored").expect(422)["errors"][0]["field"] == "reason"


def test_given_a_shipped_line_older_than_the_auto_delivery_delay_when_returning_then_it_counts_as_delivered(
    api, buyer, offer, clock_at
):
    with clock_at(T0):
        order = place_order(buyer, offer)
        walk(order.lines.select_related("order__buyer", "seller").get(), "shipped")
    with clock_at(T0 + timedelta(days=8)):  # delivered by the clock 7 days after shipping
        created = api.as_(buyer).post(f"/api/v1/orders/{order.pk}/returns", {"reason": "defect"}).expect(201)
    assert created["returns"][0]["status"] == ReturnStatus.REQUESTED


# Reviews ----------------------------------------------------------------------------------------
def test_given_a_delivered_line_when_the_buyer_reviews_it_then_the_sellers_rating_moves(
    api, buyer, offer, clock_at
):
    line = delivered_line(buyer, offer, clock_at, T0)
    before = Seller.objects.get(pk=offer.seller_id)

    review = (
        api.as_(buyer)
        .post(f"/api/v1/orders/lines/{line.pk}/review", {"stars": 4, "comment": "As new"})
        .expect(201)
    )

    after = Seller.objects.get(pk=offer.seller_id)
    assert (review["stars"], review["comment"]) == (4, "As new")
    assert (after.rating_sum, after.rating_count) == (before.rating_sum + 4, before.rating_count + 1)
    assert (
        api.as_(buyer).post(f"/api/v1/orders/lines/{line.pk}/review", {"stars": 5}).expect(409)["code"]
        == "review_exists"
    )


def test_given_a_paid_line_when_reviewing_then_409_not_delivered(api, paid_line):
    problem = (
        api.as_(paid_line.order.buyer)
        .post(f"/api/v1/orders/lines/{paid_line.pk}/review", {"stars": 5})
        .expect(409)
    )
    assert problem["code"] == "line_not_delivered"


def test_given_six_stars_when_reviewing_then_422(api, buyer, offer, clock_at):
    line = delivered_line(buyer, offer, clock_at, T0)
    assert (
        api.as_(buyer).post(f"/api/v1/orders/lines/{line.pk}/review", {"stars": 6}).expect(422)["code"]
        == "stars_range"
    )


def test_given_reviews_then_the_product_selector_lists_them_newest_first_with_a_first_name(
    buyer, offer, clock_at
):
    from comeback.orders.selectors import reviews_for_product
    from comeback.orders.services.reviews import post_review

    line = delivered_line(buyer, offer, clock_at, T0)
    post_review(buyer=buyer, line_id=line.pk, stars=5, comment="Perfect")

    reviews = reviews_for_product(offer.variant.product_id, limit=5)

    assert [(r.stars, r.comment) for r in reviews] == [(5, "Perfect")]
    assert reviews[0].author == (buyer.name.split(" ")[0] or "A buyer")


def test_given_a_nul_in_a_review_comment_then_422_invalid_characters_and_no_review(
    api, buyer, offer, clock_at
):
    from comeback.orders.models import Review

    line = delivered_line(buyer, offer, clock_at, T0)
    problem = (
        api.as_(buyer)
        .post(f"/api/v1/orders/lines/{line.pk}/review", {"stars": 4, "comment": "Good\x00"})
        .expect(422)
    )
    assert problem["code"] == "invalid_characters" and problem["errors"][0]["field"] == "comment"
    assert not Review.objects.exists()
