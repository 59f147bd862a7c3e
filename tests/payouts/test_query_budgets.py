"""Query budgets of the payout lists: a seller's bank accounts and payouts page, the staff's payout runs and one
run's transfers cost the same few queries for a few rows or many."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from comeback.core import clock
from comeback.payouts.models import PayoutRun, Transfer
from comeback.payouts.services import runs

from ..budgets import FEW, MANY, assert_flat, assert_flat_page, page_queries
from ..factories import OfferFactory, SellerFactory
from .conftest import RUN_DAY, bank_account, delivered

pytestmark = pytest.mark.django_db


def test_given_more_bank_accounts_when_the_seller_lists_them_then_the_queries_do_not_grow(api, seller):
    currencies = iter(["EUR", "USD", "GBP", "JPY"])  # one active account per currency

    def add(n):
        for _ in range(n):
            bank_account(seller, next(currencies))

    assert_flat(
        api.as_(seller.user, ["seller"]), "/api/v1/seller/bank-accounts", add, budget=8, counts=(2, 4)
    )


def test_given_more_payout_runs_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        start = PayoutRun.objects.count()
        for i in range(start, start + n):
            PayoutRun.objects.create(
                run_date=date(2026, 1, 1) + timedelta(days=7 * i), created_at=clock.now()
            )

    assert_flat(api.as_(staff), "/api/v1/staff/payouts/runs", add, budget=8)


def test_given_more_transfers_when_the_seller_opens_its_payouts_page_then_the_queries_do_not_grow(
    client, seller, buyer, offer, clock_at
):
    # given a seller paid into its account, one transfer per run
    bank_account(seller)

    def add(n):
        for _ in range(n):
            delivered(buyer, offer, clock_at)
            runs.run_due(at=RUN_DAY + timedelta(days=Transfer.objects.count()), force=True)

    # when it opens its payouts page with a few transfers then more, then the queries do not grow
    client.force_login(seller.user)
    assert_flat_page(client, "/seller/payouts/", add, budget=12)
    assert Transfer.objects.filter(seller=seller).count() == 8


def _run_paying(n: int, *, buyer, clock_at, at) -> PayoutRun:
    """A run that pays n sellers, each its own account and delivered line, in one SEPA file."""
    for _ in range(n):
        seller = SellerFactory()
        bank_account(seller)
        delivered(buyer, OfferFactory(seller=seller, price_amount=30000, quantity=5), clock_at)
    return runs.run_due(at=at, force=True)


def test_given_a_run_paying_more_sellers_when_staff_open_it_then_the_queries_do_not_grow(
    client, staff, buyer, clock_at
):
    # given a run paying a few sellers, then a later run paying more
    few = _run_paying(FEW, buyer=buyer, clock_at=clock_at, at=RUN_DAY)
    many = _run_paying(MANY, buyer=buyer, clock_at=clock_at, at=RUN_DAY + timedelta(days=10))
    assert (few.transfers.count(), many.transfers.count()) == (FEW, MANY)
    assert many.files.exists() and not many.transfers.filter(file=None).exists()
    # when staff open each run's page, then both cost the same queries, within the budget
    client.force_login(staff)
    queries_few = page_queries(client, f"/staff/payouts/runs/{few.pk}/")
    queries_many = page_queries(client, f"/staff/payouts/runs/{many.pk}/")
    assert queries_many == queries_few <= 10, (queries_few, queries_many)
