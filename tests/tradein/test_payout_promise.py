"""The 5-business-day payment promise: a validated trade-in unpaid past it alerts staff once, is listed on the
staff page, and counts in the public trust report; a trade-in paid after it counts as late."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from comeback.core import outbox
from comeback.insights.trust import trust_report
from comeback.tradein.services import deadlines, payout_promise, payouts
from tests.factories import StaffFactory, UserFactory

from .factories import tradein, utc

VALIDATED = utc(2026, 3, 6, 9, 0)  # a Friday: due at the end of Friday 13 March, Paris time
TEN_DAYS_LATER = VALIDATED + timedelta(days=10)


@pytest.fixture
def unpaid(db):
    with time_machine.travel(VALIDATED, tick=False):
        return tradein("validated")  # the wipe certificate never came: it cannot be paid


def test_given_an_unpaid_trade_in_past_its_promise_then_staff_are_alerted_once(unpaid):
    StaffFactory(email="ops@example.test")

    assert payout_promise.alert_overdue(at=unpaid.payout_due_at - timedelta(minutes=1)) == 0
    assert deadlines.sweep(at=TEN_DAYS_LATER)["payouts_overdue_alerts"] == 1
    assert deadlines.sweep(at=TEN_DAYS_LATER + timedelta(hours=1))["payouts_overdue_alerts"] == 0
    outbox.drain()

    alerts = [m for m in mail.outbox if unpaid.ref in m.subject]
    assert len(alerts) == 1 and alerts[0].to == ["ops@example.test"]
    assert "5-business-day" in alerts[0].body
    assert "See http://" in alerts[0].body  # an absolute link even without SITE_URL


def test_given_overdue_and_late_trade_ins_then_the_trust_report_counts_them(unpaid):
    with time_machine.travel(VALIDATED, tick=False):
        ready = tradein("ready")
    payouts.pay(ref=ready.ref, at=ready.payout_due_at + timedelta(hours=2))  # paid, but late
    with time_machine.travel(VALIDATED, tick=False):
        on_time = tradein("ready")
    payouts.pay(ref=on_time.ref, at=VALIDATED + timedelta(hours=1))

    report = trust_report("FR", at=TEN_DAYS_LATER)

    assert (report.tradein_payments_due, report.tradein_payments_late) == (3, 2)
    assert report.tradein_payments_late_share == round(2 / 3, 6)
    assert report.formulas["tradein_payment_business_days"] == 5


def test_given_staff_then_the_trade_in_payments_page_lists_the_overdue(unpaid, password):
    staff = StaffFactory(email="ops@example.test")
    client = Client()
    client.login(email=staff.email, password=password)
    with time_machine.travel(TEN_DAYS_LATER, tick=False):
        page = client.get("/staff/trade-in/payouts/")
    assert page.status_code == 200 and f'id="overdue-{unpaid.ref}"' in page.content.decode()


def test_given_a_visitor_or_a_customer_when_opening_the_trade_in_payments_page_then_login_or_403(
    db, password
):
    assert Client().get("/staff/trade-in/payouts/").status_code == 302
    customer = UserFactory(email="customer@example.test")
    client = Client()
    client.login(email=customer.email, password=password)
    assert client.get("/staff/trade-in/payouts/").status_code == 403
