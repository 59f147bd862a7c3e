"""Query budgets of the device alerts staff read: the same few queries for 2 alerts or 8."""

from __future__ import annotations

import pytest

from comeback.core import clock
from comeback.devices import services
from comeback.devices.models import AlertKind

from ..budgets import assert_flat
from ..factories import SellerFactory

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
