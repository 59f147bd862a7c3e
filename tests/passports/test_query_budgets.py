"""Query budgets of the passport lists: a seller's stock passports and the staff's access grants cost the same
few queries for 2 rows or 8."""

from __future__ import annotations

import pytest

from comeback.passports import services
from comeback.passports.models import GrantRole

from ..budgets import assert_flat, assert_flat_page
from ..factories import ProductModelFactory, UserFactory, VariantFactory

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


def test_given_more_stock_passports_of_several_models_when_the_seller_opens_its_page_then_the_queries_do_not_grow(
    client, seller, phone
):
    # given units of the seller's stock registered, each of another model, then more
    def add(n):
        for i in range(n):
            variant = VariantFactory(product=ProductModelFactory(category=phone.product.category))
            services.open_stock_passport(
                seller=seller, variant=variant, grade="good", battery_health=85 + i % 10
            )

    client.force_login(seller.user)
    # when it opens its passports page, then the queries do not grow
    assert_flat_page(client, "/seller/passports/", add, budget=12)
