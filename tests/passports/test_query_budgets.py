"""Query budgets of the passport lists: a seller's stock passports and the staff's access grants cost the same
few queries for 2 rows or 8."""

from __future__ import annotations

import pytest

from comeback.passports import services
from comeback.passports.models import GrantRole

from ..budgets import assert_flat
from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_given_more_stock_passports_when_the_seller_lists_them_then_the_queries_do_not_grow(
    api, seller, phone
):
    def add(n):
        for _ in range(n):
            services.open_stock_passport(seller=seller, variant=phone, grade="good", battery_health=91)

    assert_flat(api.as_(seller.user, ["seller"]), "/api/v1/seller/passports", add, budget=8)


def test_given_more_grants_when_staff_list_them_then_the_queries_do_not_grow(api, staff):
    def add(n):
        for _ in range(n):
            services.grant_access(
                user=UserFactory(), role=GrantRole.REPAIRER, organisation="Fix & Co", granted_by=staff
            )

    assert_flat(api.as_(staff), "/api/v1/staff/passport-grants", add, budget=8)
