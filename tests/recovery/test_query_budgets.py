"""Query budgets of the recovery lists: collected devices, certified recyclers and creative collections cost
the same few queries for 2 rows or 8."""

from __future__ import annotations

import pytest

from ..budgets import assert_flat, assert_flat_page
from ..factories import StaffFactory
from .factories import collected, collection, recycler

pytestmark = pytest.mark.django_db


def test_given_more_collected_devices_when_the_refurbisher_lists_them_then_the_queries_do_not_grow(
    api, refurbisher
):
    routes = ["resell", "recycle", "refurbish", "upcycle"]

    def add(n):
        for i in range(n):
            collected(refurbisher, routes[i % len(routes)])

    assert_flat(api.as_(refurbisher.user), "/api/v1/recovery/devices", add, budget=12)


def test_given_more_recyclers_and_collections_when_listed_then_the_queries_do_not_grow(api, refurbisher):
    client = api.as_(refurbisher.user)
    made = []

    def add_recyclers(n):
        for _ in range(n):
            made.append(recycler(name=f"Recycler {len(made)}"))

    def add_collections(n):
        for _ in range(n):
            made.append(collection(name=f"Collection {len(made)}"))

    assert_flat(client, "/api/v1/recovery/recyclers", add_recyclers, budget=8)
    assert_flat(client, "/api/v1/recovery/collections", add_collections, budget=8)


def test_given_more_collected_devices_when_the_refurbisher_and_staff_open_the_inventory_then_the_queries_do_not_grow(
    client, refurbisher
):
    # given devices collected by a refurbisher, on each route
    routes = ["resell", "recycle", "refurbish", "upcycle"]

    def add(n):
        for i in range(n):
            collected(refurbisher, routes[i % len(routes)])

    # when each opens the inventory with a few devices then more, then the queries do not grow
    client.force_login(refurbisher.user)
    assert_flat_page(client, "/seller/recovery/", add, budget=14)
    client.force_login(StaffFactory())
    assert_flat_page(client, "/staff/recovery/", add, budget=14)
