"""Query budgets of the trade-in lists: a page costs the same few queries for 2 rows or 8, whatever each row
shows (counter-offer with photos, wipe certificate, route, timeline): the customer's, the refurbisher's (trade-ins,
buyback offers, wins), the partner's (stores, counter sales) and the public model search."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum import luhn

from comeback.catalog.models import ProductModel
from comeback.core import clock
from comeback.tradein.models import BlockedDevice, DeviceRoute, PartnerKind, Route, Store, TradeIn
from comeback.tradein.services import access, inspection, partners, routing

from ..budgets import assert_flat, assert_flat_page
from ..factories import BrandFactory, ProductModelFactory, StaffFactory, UserFactory
from .factories import (
    ANSWERS,
    BuybackOfferFactory,
    acceptance,
    partner,
    payout_details,
    phone,
    store,
    tradein,
    utc,
    wipe_draft,
)

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


def test_given_more_models_bought_back_when_anyone_searches_them_then_the_queries_do_not_grow(
    api, refurbisher
):
    def add(n):
        for _ in range(n):
            BuybackOfferFactory(seller=refurbisher, product=phone(f"Phone {ProductModel.objects.count()}"))

    assert_flat(api, "/api/v1/tradein/models", add, budget=10, params={"market": "FR"})


def test_given_more_buyback_offers_when_the_refurbisher_lists_them_and_its_wins_then_the_queries_do_not_grow(
    api, refurbisher, rival
):
    def add(n):
        for _ in range(n):
            model = phone(f"Phone {ProductModel.objects.count()}")
            BuybackOfferFactory(seller=refurbisher, product=model, storage_gb=128, tier="flawless")
            BuybackOfferFactory(
                seller=rival, product=model, storage_gb=128, tier="flawless", price_amount=100
            )

    client = api.as_(refurbisher.user)
    assert_flat(client, "/api/v1/seller/buyback-offers", add, budget=10)
    assert_flat(client, "/api/v1/seller/buyback-offers/wins", add, budget=12, already=8)


def test_given_more_stores_and_counter_sales_when_the_partner_reads_them_then_the_queries_do_not_grow(
    api, refurbisher, model
):
    offer = BuybackOfferFactory(
        seller=refurbisher,
        product=model,
        storage_gb=128,
        tier="flawless",
        price_amount=30000,
        weekly_capacity=100,
    )
    relay = partner(slug="relay", commission_bps=300)
    secret = partners.issue_token(partner=relay).secret
    headers = {"Authorization": f"Bearer {secret}"}

    class PartnerClient:
        def get(self, path, params=None):
            return api.get(path, params, headers=headers)

    def add_stores(n):
        for _ in range(n):
            store(relay, f"S{Store.objects.count()}")

    def add_sales(n):
        for _ in range(n):
            at = Store.objects.filter(partner=relay).first()
            quote = partners.counter_quote(
                store=at, product_id=offer.product_id, storage_gb=128, answers=ANSWERS
            )
            imei = _imei(500 + TradeIn.objects.count())
            partners.counter_complete(
                store=at,
                quote_ref=quote.ref,
                acceptance=acceptance(address="", payout=payout_details("FR"), imei=imei),
                wipe=wipe_draft(),
                lock_off=True,
            )

    assert_flat(PartnerClient(), "/api/v1/partner/stores", add_stores, budget=8)
    assert_flat(PartnerClient(), "/api/v1/partner/tradeins", add_sales, budget=12)


def test_given_more_trade_ins_offers_and_wins_when_the_refurbisher_opens_its_pages_then_the_queries_do_not_grow(
    client, refurbisher, rival, customer
):
    # given a refurbisher buying back devices in each state, and its offers against a rival's
    offer = BuybackOfferFactory(seller=refurbisher, weekly_capacity=100)

    def add_tradeins(n):
        _tradeins(offer, customer, n, start=TradeIn.objects.count())

    def add_offers(n):
        for _ in range(n):
            model = phone(f"Phone {ProductModel.objects.count()}")
            BuybackOfferFactory(seller=refurbisher, product=model, storage_gb=128, tier="flawless")
            BuybackOfferFactory(
                seller=rival, product=model, storage_gb=128, tier="flawless", price_amount=100
            )

    # when it opens each page with a few rows then more, then the queries do not grow
    client.force_login(refurbisher.user)
    assert_flat_page(client, "/seller/trade-in/", add_tradeins, budget=12)
    assert_flat_page(client, "/seller/trade-in/offers/", add_offers, budget=9)
    assert_flat_page(client, "/seller/trade-in/wins/", add_offers, budget=13)


def test_given_more_overdue_trade_in_payments_when_staff_open_the_payments_page_then_the_queries_do_not_grow(
    client,
):
    # given trade-ins validated on a Friday and never paid (their wipe certificate never came)
    validated = utc(2026, 3, 6, 9, 0)

    def add(n):
        start = TradeIn.objects.count()
        with time_machine.travel(validated, tick=False):
            for i in range(n):
                tradein("validated", imei=_imei(900 + start + i))

    # when staff open the payments page ten days later with a few then more, then the queries do not grow
    client.force_login(StaffFactory())
    with time_machine.travel(validated + timedelta(days=10), tick=False):
        assert_flat_page(client, "/staff/trade-in/payouts/", add, budget=10)
        assert client.get("/staff/trade-in/payouts/").content.decode().count('<tr id="overdue-') == 8


def test_given_more_stores_sales_and_models_when_partner_members_open_the_portal_then_the_queries_do_not_grow(
    client, refurbisher, model
):
    # given a retail network selling devices at its counters, and a brand programme with its models
    offer = BuybackOfferFactory(
        seller=refurbisher, product=model, storage_gb=128, tier="flawless", weekly_capacity=100
    )
    relay = partner(slug="relay", commission_bps=300)
    brand = BrandFactory(name="Fairbrand", slug="fairbrand")
    programme = partner(kind=PartnerKind.BRAND, slug="fairbrand-renew", brand=brand)

    def add_stores_and_sales(n):
        for _ in range(n):
            at = store(relay, f"S{Store.objects.count()}")
            quote = partners.counter_quote(
                store=at, product_id=offer.product_id, storage_gb=128, answers=ANSWERS
            )
            partners.counter_complete(
                store=at,
                quote_ref=quote.ref,
                acceptance=acceptance(
                    address="", payout=payout_details("FR"), imei=_imei(700 + TradeIn.objects.count())
                ),
                wipe=wipe_draft(),
                lock_off=True,
            )

    def add_models(n):
        for _ in range(n):
            ProductModelFactory(brand=brand)

    # when each opens its page with a few rows then more, then the queries do not grow
    network_hq, brand_hq = UserFactory(), UserFactory()
    partners.add_member(user=network_hq, partner=relay)
    partners.add_member(user=brand_hq, partner=programme)
    client.force_login(network_hq)
    assert_flat_page(client, "/partner/", add_stores_and_sales, budget=14)
    client.force_login(brand_hq)
    assert_flat_page(client, "/partner/models/", add_models, budget=9)


def test_given_more_held_devices_when_staff_open_the_held_devices_page_then_the_queries_do_not_grow(client):
    # given devices received while on a block list, each at its own refurbisher, every other one decided by
    # its own staff member
    def add(n):
        for _ in range(n):
            k = TradeIn.objects.count()
            t = tradein("shipped", offer=BuybackOfferFactory(), imei=_imei(500 + k))
            BlockedDevice.objects.create(identifier=t.imei, reason="reported stolen", added_at=clock.now())
            inspection.receive(op=access.Operator.refurbisher(t.seller), ref=t.ref)
            if k % 2:
                routing.decide_held(
                    ref=t.ref, outcome="hand_to_police", note=f"Report {k}", by=StaffFactory()
                )

    # when staff open the held devices page with a few then more, then the queries do not grow
    client.force_login(StaffFactory())
    assert_flat_page(client, "/staff/trade-in/held/", add, budget=10)
    held = DeviceRoute.objects.filter(route=Route.HELD)
    assert (held.filter(held_outcome="").count(), held.exclude(held_outcome="").count()) == (4, 4)
