"""Query budgets of the device alerts staff read: the same few queries for 2 alerts or 8."""

from __future__ import annotations

import pytest

from comeback.core import clock
from comeback.devices import services
from comeback.devices.models import AlertKind, AlertStatus, DeviceAlert, HandOver

from ..budgets import assert_flat, assert_flat_page
from ..factories import SellerFactory
from ..orders.helpers import unit_imei

pytestmark = pytest.mark.django_db


def test_given_more_alerts_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        for i in range(n):
            services.alert(
                identifier=f"35693803000{i:04d}",
                kind=AlertKind.BLOCKED,
                context="shipment",
                ref=f"line {i}",
                seller=SellerFactory(),
                reason="Reported stolen",
                at=clock.now(),
            )

    assert_flat(api.as_(staff), "/api/v1/staff/devices/alerts", add, budget=8)


def test_given_more_alerts_closed_alerts_and_hand_overs_when_staff_open_the_page_then_the_queries_do_not_grow(
    client, staff
):
    # given open alerts, closed alerts and hand-overs, each naming another seller, then more of each
    def alert(number: int):
        return services.alert(
            identifier=unit_imei(number),
            kind=AlertKind.BLOCKED,
            context="shipment",
            ref=f"line {number}",
            seller=SellerFactory(),
            reason="Reported stolen",
            at=clock.now(),
        )

    def add(n):
        for _ in range(n):
            i = DeviceAlert.objects.count()
            alert(i)
            services.close_alert(alert_id=alert(i + 1).pk, by=staff, note="Unit kept by the police.")
            for _ in range(2):  # the second hand-over names the seller it came from
                services.hand_over(
                    identifier=unit_imei(1000 + i),
                    to_seller=SellerFactory(),
                    by=staff,
                    reason="Bought from a trader",
                )

    client.force_login(staff)
    # when staff open the refused units page, then the queries do not grow
    assert_flat_page(client, "/staff/devices/", add, budget=12)
    assert DeviceAlert.objects.filter(status=AlertStatus.OPEN).count() == 8
    assert HandOver.objects.filter(from_seller__isnull=False).count() == 8
