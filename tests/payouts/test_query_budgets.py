"""Query budgets of the payout lists: a seller's bank accounts and payouts page and the staff's payout runs cost
the same few queries for a few rows or many."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from comeback.core import clock
from comeback.payouts.models import PayoutRun, Transfer
from comeback.payouts.services import runs

from ..budgets import assert_flat, assert_flat_page
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
