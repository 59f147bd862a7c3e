"""`comeback refresh-insights`, the refresh task, and the demo hook that leaves the dashboard full."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from comeback.accounts.models import User
from comeback.insights import demo as insights_demo
from comeback.insights import tasks
from comeback.insights.models import ExchangeRate, Refresh, SalesDay

from .factories import sale, utc

pytestmark = pytest.mark.django_db


def test_given_sales_when_the_command_runs_then_rollups_are_rebuilt_with_a_progress_bar(s1):
    sale(s1, at=utc(2027, 3, 2, 10), price=10000)
    out, err = io.StringIO(), io.StringIO()
    with time_machine.travel(utc(2027, 3, 4, 12), tick=False):
        call_command("refresh_insights", "--full", stdout=out, stderr=err)
    assert "insights correct to 2027-03-04T12:00:00+00:00" in out.getvalue()
    assert "Refreshing insights" in err.getvalue() and "5/5" in err.getvalue()
    assert SalesDay.objects.get().gmv == 10000
    assert Refresh.objects.get().since is None


def test_given_a_recent_window_when_the_command_runs_then_older_rollups_are_kept(s1):
    sale(s1, at=utc(2027, 1, 5, 10), price=5000)
    with time_machine.travel(utc(2027, 1, 6), tick=False):
        call_command("refresh_insights", "--full", stdout=io.StringIO(), stderr=io.StringIO())
    sale(s1, at=utc(2027, 3, 2, 10), price=10000)
    with time_machine.travel(utc(2027, 3, 4, 12), tick=False):
        call_command("refresh_insights", "--days", "3", stdout=io.StringIO(), stderr=io.StringIO())
    assert sorted(SalesDay.objects.values_list("gmv", flat=True)) == [5000, 10000]
    assert Refresh.objects.order_by("-id").first().since.isoformat() == "2027-02-28"


def test_given_the_task_when_enqueued_then_it_refreshes_the_recent_days(s1):
    sale(s1, at=utc(2027, 3, 2, 10), price=10000)
    with time_machine.travel(utc(2027, 3, 4, 12), tick=False):
        result = tasks.refresh_recent.enqueue()
    assert result.return_value == 4 and SalesDay.objects.get().gmv == 10000  # day, orders, week, seller-week


DEMO_HOOKS = ("orders", "insights")  # run after the core demo by the shared `demo_seeded` fixture


def test_given_the_demo_when_seeded_then_rates_exist_and_the_dashboard_reads_fresh_rollups(demo_seeded):
    assert set(ExchangeRate.objects.values_list("currency", flat=True)) == {"GBP", "USD", "JPY"}
    assert Refresh.objects.exists() and SalesDay.objects.exists()
    client = Client()
    client.force_login(User.objects.get(email="staff@demo.comeback.test"))
    html = client.get("/staff/insights/?weeks=52&convert=EUR").content.decode()
    assert "Correct to" in html and "<svg" in html


def test_given_the_demo_seeded_twice_when_refreshed_then_rates_are_not_duplicated(demo_seeded):
    insights_demo.seed_demo(demo_seeded)
    assert ExchangeRate.objects.count() == 3
