"""A full refresh outside any transaction, as the CLI and the scheduler run it: on PostgreSQL it VACUUMs the
rollups once committed, which PostgreSQL refuses inside a transaction. A module of its own: a transactional
test in a module whose `demo_seeded` transaction is still open would run inside it."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command

from comeback.insights.models import Refresh, SalesDay

from .factories import sale, utc

pytestmark = pytest.mark.django_db(transaction=True)


def test_given_no_open_transaction_when_a_full_refresh_runs_then_it_commits_and_vacuums_the_rollups(s1):
    sale(s1, at=utc(2027, 3, 2, 10), price=10000)
    with time_machine.travel(utc(2027, 3, 4, 12), tick=False):
        call_command("refresh_insights", "--full", stdout=io.StringIO(), stderr=io.StringIO())
    assert list(SalesDay.objects.values_list("seller_id", "gmv")) == [(s1.pk, 10000)]
    assert list(Refresh.objects.values_list("since", flat=True)) == [None]
