"""Query budgets of the trade-in lists: a page costs the same few queries for 2 rows or 8, whatever each row
shows (counter-offer with photos, wipe certificate, route, timeline)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum import luhn

from .factories import BuybackOfferFactory, tradein

pytestmark = pytest.mark.django_db

STATES = ("counter_offered", "ready", "awaiting_shipment", "validated")
BUDGET = 12


def _imei(n: int) -> str:
    base = f"35693803{n:06d}"
    return base + luhn.calc_check_digit(base)


def _tradeins(offer, customer, count: int, start: int = 0):
    return [
        tradein(STATES[i % len(STATES)], offer=offer, customer=customer, imei=_imei(start + i))
        for i in range(count)
    ]


def _queries(client, url: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as captured:
        items = client.get(url).expect(200)["items"]
    return len(captured.captured_queries), items


def test_given_more_trade_ins_when_the_customer_and_the_refurbisher_list_them_then_the_queries_do_not_grow(
    api, customer
):
    offer = BuybackOfferFactory(weekly_capacity=100)
    _tradeins(offer, customer, 2)
    mine, theirs = api.as_(customer), api.as_(offer.seller.user)
    _queries(mine, "/api/v1/tradein/orders"), _queries(theirs, "/api/v1/seller/tradeins")  # warm caches
    few = (_queries(mine, "/api/v1/tradein/orders"), _queries(theirs, "/api/v1/seller/tradeins"))

    _tradeins(offer, customer, 6, start=2)
    many = (_queries(mine, "/api/v1/tradein/orders"), _queries(theirs, "/api/v1/seller/tradeins"))

    for (n_few, rows_few), (n_many, rows_many) in zip(few, many, strict=True):
        assert (len(rows_few), len(rows_many)) == (2, 8)
        assert n_many == n_few <= BUDGET
    shown = {row["status"]: row for row in many[0][1]}
    assert shown["counter_offered"]["counter_offer"]["photos"]
    assert shown["validated"]["timeline"]
    assert any(row["certificate_url"] for row in many[0][1])


def test_given_trade_ins_when_the_customer_opens_the_web_list_then_it_stays_within_its_budget(
    client, customer, django_assert_max_num_queries
):
    offer = BuybackOfferFactory(weekly_capacity=100)
    _tradeins(offer, customer, 4)
    client.force_login(customer)

    with django_assert_max_num_queries(BUDGET):
        assert client.get("/trade-in/orders/").status_code == 200
