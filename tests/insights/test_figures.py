"""Each dashboard figure on hand-built facts with known answers (docs/insights.md defines them).

The clock stands on Wednesday 2027-03-10; "last complete week" is Monday 1 to Sunday 7 March 2027 and
the previous period is 22–28 February.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from comeback.insights import filters, selectors, services
from comeback.insights.models import ExchangeRate
from tests.factories import SellerFactory, UserFactory

from .factories import cancel, claim, deliver, payout, product, refund, return_, sale, utc

NOW = utc(2027, 3, 10, 12, 0)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def view(**params):
    services.refresh(at=NOW)
    return filters.parse({"weeks": "1", **params}, at=NOW)


def rows(panel, **match):
    return [r for r in panel.rows if all(r.get(k) == v for k, v in match.items())]


@pytest.fixture
def week(s1, s2):
    """FR (EUR): three sales in the week — one refunded, one cancelled — and one in the week before."""
    a = sale(s1, at=utc(2027, 3, 2, 10), price=10000, fee=150, commission=1000)
    b = sale(s1, at=utc(2027, 3, 3, 10), price=20000, fee=300, commission=2000)
    refund(b, at=utc(2027, 3, 5, 10))
    c = sale(s2, at=utc(2027, 3, 4, 10), price=5000, fee=75, commission=500)
    cancel(c, at=utc(2027, 3, 4, 12))
    sale(s1, at=utc(2027, 2, 24, 10), price=8000, fee=120, commission=800)
    return a, b, c


def test_given_refunds_and_cancellations_when_revenue_is_read_then_gmv_is_gross_and_net_revenue_nets_them(
    week,
):
    [row] = selectors.revenue(view()).rows
    assert row["week"] == "2027-03-01" and row["currency"] == "EUR"
    assert row["gmv"] == 35000  # every line paid in the week, before refunds
    assert row["fees"] == 525 - 375  # fees kept: 150 + 300 + 75 received, 300 + 75 given back
    assert row["commission"] == 3500 - 2500
    assert row["net_revenue"] == 1150
    assert row["refunds"] == 20300 + 5075  # price + fee share back to buyers
    assert (row["units"], row["cancelled"], row["refunded"]) == (3, 1, 2)


def test_given_a_previous_week_when_markets_are_compared_then_growth_is_against_it(week):
    [row] = selectors.markets_summary(view()).rows
    assert (row["market"], row["currency"]) == ("FR", "EUR")
    assert (row["gmv"], row["gmv_previous"]) == (35000, 8000)
    assert row["gmv_growth"] == pytest.approx(3.375)
    assert (row["net_revenue"], row["net_revenue_previous"]) == (1150, 920)
    assert row["net_revenue_growth"] == pytest.approx(0.25)


def test_given_no_previous_sales_when_growth_is_read_then_it_is_empty_not_infinite(s1):
    sale(s1, at=utc(2027, 3, 2, 10))
    [row] = selectors.markets_summary(view()).rows
    assert row["gmv_growth"] is None


def test_given_a_refund_of_an_older_sale_when_the_week_is_read_then_the_refund_counts_in_its_own_week(s1):
    old = sale(s1, at=utc(2027, 2, 20, 10), price=10000, fee=150, commission=1000)
    refund(old, at=utc(2027, 3, 2, 10))
    [row] = selectors.revenue(view()).rows
    assert (row["gmv"], row["units"]) == (0, 0)
    assert row["net_revenue"] == -1150  # the week gave back what an earlier week earned
    assert row["refunds"] == 10150


def test_given_two_currencies_when_no_conversion_is_asked_then_each_keeps_its_own_row(week, s1):
    sale(s1, market="GB", at=utc(2027, 3, 2, 10), price=10000, fee=150, commission=1000)
    panel = selectors.revenue(view())
    assert {r["currency"]: r["gmv"] for r in panel.rows} == {"EUR": 35000, "GBP": 10000}
    assert any("never added across currencies" in n for n in panel.notes)


def test_given_a_dated_rate_when_converting_then_amounts_add_up_and_the_rate_used_is_named(week, s1, staff):
    sale(s1, market="GB", at=utc(2027, 3, 2, 10), price=10000, fee=150, commission=1000)
    services.save_rate(currency="GBP", target="EUR", rate="1.10", valid_on=date(2027, 2, 1), by=staff)
    services.save_rate(currency="GBP", target="EUR", rate="1.17", valid_on=date(2027, 3, 1), by=staff)
    services.save_rate(
        currency="GBP", target="EUR", rate="9.99", valid_on=date(2027, 3, 8), by=staff
    )  # after the period
    panel = selectors.revenue(view(convert="EUR"))
    [row] = panel.rows
    assert row["currency"] == "EUR"
    assert row["gmv"] == 35000 + 11700
    assert row["net_revenue"] == 1150 + 176 + 1170  # each sum converted, rounded half up: 150 × 1.17 = 175.5
    assert any("1.17" in n and "2027-03-01" in n for n in panel.notes)


def test_given_only_the_inverse_rate_when_converting_then_it_is_inverted_and_said_so(s1, staff):
    sale(s1, market="GB", at=utc(2027, 3, 2, 10), price=10000, fee=0, commission=0)
    services.save_rate(currency="EUR", target="GBP", rate="0.8", valid_on=date(2027, 3, 1), by=staff)
    panel = selectors.revenue(view(convert="EUR"))
    assert panel.rows[0]["gmv"] == 12500
    assert any("inverted" in n for n in panel.notes)


def test_given_no_rate_for_a_currency_when_converting_then_it_stays_apart_and_the_view_says_so(week, s1):
    sale(s1, market="JP", at=utc(2027, 3, 2, 10), price=50000, fee=0, commission=5000)
    panel = selectors.revenue(view(convert="EUR"))
    assert {r["currency"]: r["gmv"] for r in panel.rows} == {"EUR": 35000, "JPY": 50000}
    assert any("No JPY→EUR rate" in n for n in panel.notes)
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("market", "paid_at", "in_week"),
    [
        ("FR", utc(2027, 2, 28, 23, 30), True),  # 00:30 on Monday 1 March in Paris
        ("FR", utc(2027, 2, 28, 22, 59), False),  # 23:59 on Sunday 28 February in Paris
        ("FR", utc(2027, 3, 7, 22, 30), True),  # 23:30 on Sunday 7 March in Paris (CET, UTC+1)
        ("FR", utc(2027, 3, 7, 23, 0), False),  # midnight: Monday 8 March in Paris
        ("JP", utc(2027, 2, 28, 15, 30), True),  # 00:30 on 1 March in Tokyo
        ("JP", utc(2027, 3, 7, 14, 59), True),  # 23:59 on Sunday 7 March in Tokyo
        ("JP", utc(2027, 3, 7, 15, 0), False),  # midnight: Monday 8 March in Tokyo
        ("US", utc(2027, 3, 8, 3, 0), True),  # 22:00 on Sunday 7 March in New York
        ("US", utc(2027, 3, 1, 4, 59), False),  # 23:59 on Sunday 28 February in New York
    ],
)
def test_given_a_sale_near_midnight_when_weeks_are_cut_then_the_market_timezone_decides(
    s1, market, paid_at, in_week
):
    sale(s1, market=market, at=paid_at)
    panel = selectors.revenue(view(market=market))
    assert bool(rows(panel, week="2027-03-01")) is in_week


def test_given_a_sunday_evening_in_utc_when_tokyo_is_already_monday_then_its_last_week_is_already_complete():
    sunday_evening = utc(2027, 3, 7, 20, 0)
    assert filters.parse({"weeks": "1", "market": "JP"}, at=sunday_evening).start == date(2027, 3, 1)
    assert filters.parse({"weeks": "1", "market": "FR"}, at=sunday_evening).start == date(2027, 2, 22)
    assert filters.parse({"weeks": "1"}, at=sunday_evening).start == date(
        2027, 3, 1
    )  # the furthest-ahead market


def test_given_orders_when_orders_are_read_then_count_and_average_order_value_per_market(week, s1):
    sale(s1, market="GB", at=utc(2027, 3, 2, 10), price=9000, fee=100, commission=900, extra_lines=1)
    panel = selectors.orders(view())
    (fr,) = rows(panel, market="FR")
    (gb,) = rows(panel, market="GB")
    assert (fr["orders"], fr["items_amount"], fr["average_order_value"]) == (3, 35000, 11667)
    assert (gb["orders"], gb["items_amount"], gb["average_order_value"]) == (1, 18000, 18000)


def test_given_deliveries_returns_and_claims_when_quality_is_read_then_rates_divide_by_units_delivered(s1):
    a = deliver(sale(s1, at=utc(2027, 2, 26, 10)), at=utc(2027, 3, 2, 10))
    b = deliver(sale(s1, at=utc(2027, 2, 26, 10)), at=utc(2027, 3, 2, 11))
    c = deliver(sale(s1, at=utc(2027, 2, 26, 10)), at=utc(2027, 3, 2, 12))
    d = deliver(sale(s1, at=utc(2027, 2, 26, 10)), at=utc(2027, 3, 3, 12))
    return_(a, at=utc(2027, 3, 4, 10), reason="defect")
    return_(b, at=utc(2027, 3, 4, 10), reason="changed_mind")
    claim(c, opened_at=utc(2027, 3, 5, 10))
    [row] = selectors.quality(view()).rows
    assert (row["delivered"], row["returns"], row["defects"], row["claims"]) == (4, 2, 2, 1)
    assert row["defect_rate"] == 0.5
    assert row["return_rate"] == 0.5
    assert row["claim_rate"] == 0.25
    assert d.delivered_at is not None


def test_given_a_claim_long_after_delivery_when_defects_are_counted_then_it_is_a_claim_not_a_defect(s1):
    line = deliver(sale(s1, at=utc(2026, 12, 1, 10)), at=utc(2026, 12, 3, 10))
    claim(line, opened_at=utc(2027, 3, 3, 10))  # three months after delivery
    [row] = selectors.quality(view()).rows
    assert (row["claims"], row["defects"]) == (1, 0)


def test_given_sellers_with_defects_when_ranked_then_confirmed_problems_come_before_one_unlucky_sale(s1, s2):
    lucky = SellerFactory(user=UserFactory(), display_name="Gamma")
    for i in range(20):
        line = deliver(sale(s1, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 2, 10, i))
        if i < 8:
            return_(line, at=utc(2027, 3, 4, 10), reason="defect")
    one = deliver(sale(lucky, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 2, 10))
    return_(one, at=utc(2027, 3, 4, 10), reason="defect")
    for i in range(10):
        deliver(sale(s2, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 2, 11, i))
    panel = selectors.seller_quality(view())
    assert [r["seller"] for r in panel.rows] == ["Alpha Refurb", "Gamma", "Beta Refurb"]
    alpha = panel.rows[0]
    assert (alpha["delivered"], alpha["defects"], alpha["defect_rate"]) == (20, 8, 0.4)
    assert 0.2 < alpha["defect_lower"] < 0.4
    assert panel.rows[1]["defect_rate"] == 1.0 and panel.rows[1]["defect_lower"] < alpha["defect_lower"]


def test_given_a_seller_filter_when_revenue_is_read_then_only_its_lines_count(week, s2):
    [row] = selectors.revenue(view(seller=str(s2.pk))).rows
    assert (row["gmv"], row["units"], row["cancelled"]) == (5000, 1, 1)


def test_given_a_parent_category_when_filtering_then_its_subcategories_count(s1):
    from tests.factories import CategoryFactory

    phones = CategoryFactory(slug="phones-all")
    sub = CategoryFactory(slug="android-phones", parent=phones)
    laptop = product("laptops")
    sale(s1, at=utc(2027, 3, 2, 10), price=10000, product=product("android-phones"))
    sale(s1, at=utc(2027, 3, 2, 10), price=70000, product=laptop)
    [row] = selectors.revenue(view(category=str(phones.pk))).rows
    assert row["gmv"] == 10000
    assert sub.parent_id == phones.pk


def test_given_payouts_and_paid_tradeins_and_resolved_claims_when_durations_are_read_then_medians_are_exact(
    s1,
):
    first = deliver(sale(s1, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 1, 10))
    second = deliver(sale(s1, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 3, 10))
    payout([first, second], at=utc(2027, 3, 4, 10))  # 72 h and 24 h after delivery
    claim(first, opened_at=utc(2027, 3, 2, 10), resolved_at=utc(2027, 3, 5, 22))  # 84 h
    [row] = selectors.durations(view()).rows
    assert (row["payout_count"], row["payout_median_hours"]) == (2, 48)
    assert (row["claim_resolve_count"], row["claim_resolve_median_hours"]) == (1, 84)
    assert (row["tradein_pay_count"], row["tradein_pay_median_hours"]) == (0, None)


def test_given_payouts_in_two_markets_when_durations_are_read_then_all_markets_is_the_median_of_all_of_them(
    s1,
):
    fr = [deliver(sale(s1, at=utc(2027, 2, 20, 10)), at=utc(2027, 3, d, 10)) for d in (1, 3)]
    payout(fr, at=utc(2027, 3, 4, 10))  # 72 h and 24 h after delivery
    gb = deliver(sale(s1, market="GB", at=utc(2027, 2, 20, 10)), at=utc(2027, 3, 2, 10))
    payout([gb], at=utc(2027, 3, 3, 16))  # 30 h
    [every] = selectors.durations(view()).rows
    [paris] = selectors.durations(view(market="FR")).rows
    [london] = selectors.durations(view(market="GB")).rows
    [seller] = selectors.durations(view(seller=str(s1.pk))).rows  # from the daily buckets instead
    assert (every["payout_count"], every["payout_median_hours"]) == (3, 30)  # not the mean of 48 and 30
    assert (paris["payout_count"], paris["payout_median_hours"]) == (2, 48)
    assert (london["payout_count"], london["payout_median_hours"]) == (1, 30)
    assert (seller["payout_count"], seller["payout_median_hours"]) == (3, 30)


def test_given_a_category_filter_when_impact_is_read_then_it_is_a_year_of_use_per_unit_delivered_cumulated(
    s1,
):
    phone = product("smartphones")
    deliver(sale(s1, at=utc(2027, 2, 1, 10), product=phone), at=utc(2027, 2, 10, 10))  # before the period
    deliver(sale(s1, at=utc(2027, 2, 20, 10), product=phone), at=utc(2027, 3, 2, 10))
    deliver(sale(s1, at=utc(2027, 2, 20, 10), product=phone), at=utc(2027, 3, 3, 10))
    [row] = selectors.impact(view(category=str(phone.category_id))).rows
    assert (row["units"], row["co2e_kg"], row["materials_kg"], row["e_waste_kg"]) == (
        2,
        "49.2",
        "153.8",
        None,
    )
    assert (row["co2e_kg_cumulated"], row["materials_kg_cumulated"]) == ("73.8", "230.7")


def test_given_no_filter_when_impact_is_read_then_it_is_recoverys_impact_summary_of_each_week(s1):
    from zoneinfo import ZoneInfo

    from comeback.recovery.selectors import impact_summary

    phone = product("smartphones")
    deliver(
        sale(s1, at=utc(2027, 2, 1, 10), product=phone), at=utc(2027, 2, 10, 10)
    )  # shipped before the period
    deliver(sale(s1, at=utc(2027, 2, 20, 10), product=phone), at=utc(2027, 3, 4, 10))  # shipped 2 March
    deliver(sale(s1, at=utc(2027, 2, 20, 10), product=phone), at=utc(2027, 3, 5, 10))  # shipped 3 March
    [row] = selectors.impact(view(market="FR")).rows
    paris = ZoneInfo("Europe/Paris")
    week = impact_summary(
        since=datetime(2027, 3, 1, tzinfo=paris), until=datetime(2027, 3, 8, tzinfo=paris), market="FR"
    ).totals
    ever = impact_summary(since=utc(2027, 1, 1), until=datetime(2027, 3, 8, tzinfo=paris), market="FR").totals
    assert row["units"] == week.units == 2
    assert Decimal(row["co2e_kg"]) == week.co2e_kg.quantize(Decimal("0.1"))
    assert Decimal(row["e_waste_kg"]) == week.e_waste_kg.quantize(Decimal("0.1"))
    assert Decimal(row["co2e_kg_cumulated"]) == ever.co2e_kg.quantize(Decimal("0.1"))


def test_given_sellers_in_statuses_when_counted_then_each_market_has_its_snapshot(db):
    SellerFactory(user=UserFactory(), status="full", markets=["FR", "DE"])
    SellerFactory(user=UserFactory(), status="probation", markets=["FR"])
    SellerFactory(user=UserFactory(), status="suspended", markets=["FR"])
    SellerFactory(user=UserFactory(), status="applied", markets=["DE"])
    panel = selectors.sellers(view())
    (fr,) = rows(panel, market="FR")
    (de,) = rows(panel, market="DE")
    assert (fr["full"], fr["probation"], fr["suspended"], fr["applied"], fr["removed"]) == (1, 1, 1, 0, 0)
    assert (de["full"], de["applied"]) == (1, 1)
    assert fr["as_of"] == "2027-03-10"


def test_given_tradeins_when_read_then_started_received_paid_and_the_counter_offered_share(db):
    from comeback.tradein.models import TradeIn
    from tests.tradein.factories import tradein

    at = utc(2027, 3, 2, 9)
    paid = tradein("paid", at=at)
    countered = tradein("counter_offered", at=at)
    received = tradein("received", at=at)
    tradein("awaiting_shipment", at=at)
    TradeIn.objects.filter(pk=paid.pk).update(received_at=utc(2027, 3, 2, 9), paid_at=utc(2027, 3, 4, 9))
    [row] = selectors.tradeins(view()).rows
    assert (row["started"], row["received"], row["counter_offered"], row["paid"]) == (4, 3, 1, 1)
    assert row["counter_share"] == pytest.approx(1 / 3, abs=1e-6)
    [spans] = selectors.durations(view()).rows
    assert (spans["tradein_pay_count"], spans["tradein_pay_median_hours"]) == (1, 48)
    assert countered.pk != received.pk


def test_given_the_period_when_read_then_previous_is_the_same_length_just_before():
    f = filters.parse({"weeks": "4"}, at=NOW)
    assert (f.start, f.end) == (date(2027, 2, 8), date(2027, 3, 7))
    assert f.previous == (date(2027, 1, 11), date(2027, 2, 7))
    assert f.week_starts[-1] == date(2027, 3, 1) and len(f.week_starts) == 4
    assert f.end - f.start == timedelta(days=27)
