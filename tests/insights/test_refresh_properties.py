"""Rollups are derived data: however they were refreshed (once, or a full refresh then a partial one),
they equal a recomputation from the facts, and their totals equal the facts' own sums."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comeback.core import markets
from comeback.insights import facts, services
from comeback.insights.models import (
    ALL_MARKETS,
    SALES_FIGURES,
    DurationDay,
    DurationWeek,
    OrdersDay,
    SalesDay,
    SalesWeek,
    SellerWeek,
    TradeInsDay,
)
from comeback.orders import ledger
from comeback.orders.models import LedgerEntry, OrderLine

from .factories import deliver, payout, refund, return_, sale, utc

T0 = utc(2027, 3, 1, 0, 0)
HORIZON = 60 * 24 * 20  # minutes: events spread over 20 days, across time-zone midnights

event = st.fixed_dictionaries(
    {
        "market": st.sampled_from(["FR", "JP", "US", "GB"]),
        "seller": st.integers(min_value=0, max_value=1),
        "price": st.integers(min_value=100, max_value=500_000),
        "paid": st.integers(min_value=0, max_value=HORIZON),
        "refund": st.none() | st.integers(min_value=1, max_value=60 * 24 * 5),
        "deliver": st.none() | st.integers(min_value=1, max_value=60 * 24 * 5),
        "return": st.none() | st.sampled_from(["defect", "changed_mind", "wrong_grade"]),
        "payout": st.none() | st.integers(min_value=1, max_value=60 * 24 * 9),  # after delivery
    }
)


def _table(model, fields) -> Counter:
    return Counter(tuple(row) for row in model.objects.values_list(*fields))


def _recomputed() -> dict[str, Counter]:
    """What a full refresh would write, straight from the facts (no rollup involved)."""
    until = T0 + timedelta(minutes=HORIZON + 60 * 24 * 12)
    sales, orders, trades, spans = Counter(), Counter(), Counter(), Counter()
    weeks, seller_weeks, span_weeks = defaultdict(Counter), defaultdict(Counter), defaultdict(Counter)
    for m in markets.all_markets():
        for (d, c, s, cur), v in facts.sales(m, None, until).items():
            sales[
                (
                    d,
                    m.code,
                    c,
                    s,
                    cur,
                    v.get("gmv", 0),
                    v.get("refunds", 0),
                    v.get("units_delivered", 0),
                    v.get("defect_returns", 0),
                )
            ] += 1
            monday = d - timedelta(days=d.weekday())
            weeks[(monday, m.code, c, cur)].update({k: n for k, n in v.items() if n})
            seller_weeks[(monday, m.code, s, cur)].update({k: n for k, n in v.items() if n})
        for (d, cur), v in facts.orders(m, None, until).items():
            orders[(d, m.code, cur, v["orders"], v["items_amount"])] += 1
        for (d, c, s, cur), v in facts.tradeins(m, None, until).items():
            trades[(d, m.code, c, s, cur, v.get("started", 0))] += 1
        for (d, c, s, k, h), n in facts.durations(m, None, until).items():
            spans[(d, m.code, c, s, k, h, n)] += 1
            monday = d - timedelta(days=d.weekday())
            for market in (m.code, ALL_MARKETS):
                span_weeks[(monday, market, k)][h] += n
    return {
        "sales": sales,
        "orders": orders,
        "trades": trades,
        "spans": spans,
        "weeks": {k: dict(v) for k, v in weeks.items()},
        "seller_weeks": {k: dict(v) for k, v in seller_weeks.items()},
        "span_weeks": {  # each week's histogram, its count and its median (of every duration, spelled out)
            k: (sorted(v.items()), v.total(), statistics.median(v.elements())) for k, v in span_weeks.items()
        },
    }


def _week_table(model, key: str) -> dict:
    return {
        (r.week, r.market, getattr(r, key), r.currency): {
            n: getattr(r, n) for n in SALES_FIGURES if getattr(r, n)
        }
        for r in model.objects.all()
    }


def _stored() -> dict[str, Counter]:
    return {
        "sales": _table(
            SalesDay,
            [
                "day",
                "market",
                "category_id",
                "seller_id",
                "currency",
                "gmv",
                "refunds",
                "units_delivered",
                "defect_returns",
            ],
        ),
        "orders": _table(OrdersDay, ["day", "market", "currency", "orders", "items_amount"]),
        "trades": _table(TradeInsDay, ["day", "market", "category_id", "seller_id", "currency", "started"]),
        "spans": _table(DurationDay, ["day", "market", "category_id", "seller_id", "kind", "hours", "count"]),
        "weeks": _week_table(SalesWeek, "category_id"),
        "seller_weeks": _week_table(SellerWeek, "seller_id"),
        "span_weeks": {
            (r.week, r.market, r.kind): ([tuple(p) for p in r.histogram], r.durations, r.median_hours)
            for r in DurationWeek.objects.all()
        },
    }


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    events=st.lists(event, max_size=10),
    first=st.integers(min_value=0, max_value=HORIZON),
    back=st.integers(min_value=0, max_value=6),
)
def test_a_full_then_partial_refresh_equals_a_recomputation_from_facts(s1, s2, events, first, back):
    sellers = [s1, s2]
    payouts: dict[tuple, tuple] = {}
    with transaction.atomic():
        for e in events:
            paid_at = T0 + timedelta(minutes=e["paid"])
            line = sale(
                sellers[e["seller"]],
                market=e["market"],
                at=paid_at,
                price=e["price"],
                fee=e["price"] // 100,
                commission=e["price"] // 10,
            )
            if e["deliver"] is not None:
                line = deliver(line, at=paid_at + timedelta(minutes=e["deliver"]))
                if e["return"]:
                    return_(line, at=line.delivered_at + timedelta(hours=5), reason=e["return"])
                if e["payout"] is not None:  # one payout per seller, currency and day: lines share it
                    at = line.delivered_at + timedelta(minutes=e["payout"])
                    payouts.setdefault((line.seller_id, line.currency, at.date()), (at, []))[1].append(line)
            if e["refund"] is not None:
                refund(line, at=paid_at + timedelta(minutes=e["refund"]))
        for at, lines in payouts.values():
            payout(lines, at=at)
        end = T0 + timedelta(minutes=HORIZON + 60 * 24 * 12)
        middle = T0 + timedelta(minutes=first)
        services.refresh(at=middle)
        # The partial refresh starts at or before the first one's day in every timezone (a day's margin).
        services.refresh(since=(middle - timedelta(days=back + 1)).date(), at=end)

        assert _stored() == _recomputed()
        gmv = SalesDay.objects.aggregate(gmv=Sum("gmv"), refunds=Sum("refunds"), units=Sum("units_paid"))
        assert (gmv["gmv"] or 0) == sum(e["price"] for e in events)
        assert (gmv["units"] or 0) == len(events) == OrderLine.objects.count()
        refunded = LedgerEntry.objects.filter(account=ledger.REFUNDS).aggregate(s=Sum("amount"))["s"]
        assert (gmv["refunds"] or 0) == (refunded or 0)
        revenue = SalesDay.objects.aggregate(
            f=Sum("fees"), c=Sum("commission"), fr=Sum("fees_refunded"), cr=Sum("commission_refunded")
        )
        platform = LedgerEntry.objects.filter(
            account__in=[ledger.PLATFORM_FEES, ledger.PLATFORM_COMMISSION]
        ).aggregate(s=Sum("amount"))["s"]
        assert (revenue["f"] or 0) + (revenue["c"] or 0) - (revenue["fr"] or 0) - (revenue["cr"] or 0) == (
            platform or 0
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_given_refreshed_rollups_when_refreshed_again_then_nothing_changes(s1):
    sale(s1, at=utc(2027, 3, 2, 10))
    services.refresh(at=utc(2027, 3, 10))
    before = _stored()
    services.refresh(since=utc(2027, 3, 1).date(), at=utc(2027, 3, 10))
    assert _stored() == before
