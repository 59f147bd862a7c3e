"""Query budgets of the repair lists: locations near a point, part types, a customer's bookings, the parts a
location has for a model, the managed parts catalogue and the parts obligation report cost the same few
queries for 2 rows or 8."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from comeback.repair import obligation, services

from ..budgets import assert_flat, assert_flat_page, queries
from ..factories import CategoryFactory, ProductModelFactory, StaffFactory
from .conftest import TEN_AM
from .factories import LocationFactory, PartFactory, ServiceFactory, open_weekdays, stock

pytestmark = pytest.mark.django_db


def test_given_more_locations_when_anyone_searches_near_a_point_then_the_queries_do_not_grow(api):
    def add(n):
        for _ in range(n):
            ServiceFactory(location=open_weekdays(LocationFactory()))

    assert_flat(api, "/api/v1/repair/locations", add, budget=8, params={"lat": 48.87, "lon": 2.33})


def test_given_the_part_types_then_they_cost_no_query(api):
    count, types = queries(api, "/api/v1/repair/part-types")
    assert types and count == 0


def test_given_more_bookings_when_the_customer_lists_them_then_the_queries_do_not_grow(
    api, customer, shop, battery_service, phone_model, clock_at
):
    made = []

    def add(n):
        for _ in range(n):
            made.append(
                services.book(
                    customer=customer,
                    location=shop,
                    service_kind="battery_replacement",
                    product=phone_model,
                    starts_at=TEN_AM + timedelta(hours=len(made)),  # 10:00 to 17:00, one a slot
                )
            )

    with clock_at(TEN_AM - timedelta(days=3)):
        assert_flat(api.as_(customer), "/api/v1/repair/bookings", add, budget=8)


def test_given_more_parts_when_a_repairer_and_staff_read_them_then_the_queries_do_not_grow(
    api, shop, repairer, phone_model, staff
):
    def add(n):
        for _ in range(n):
            stock(PartFactory(fits=[phone_model]), shop, 2)

    path = f"/api/v1/repair/locations/{shop.pk}/parts"
    assert_flat(api.as_(repairer), path, add, budget=10, params={"product_id": phone_model.pk})
    assert_flat(api.as_(staff), "/api/v1/repair/parts", add, budget=10, already=8)


def test_given_more_models_under_the_obligation_when_staff_read_the_report_then_the_queries_do_not_grow(
    api, staff
):
    phones = CategoryFactory(slug="smartphones")
    shop = LocationFactory()

    def add(n):
        for _ in range(n):
            model = ProductModelFactory(
                category=phones, release_date=date(2021, 9, 24), end_of_placement=date(2023, 9, 12)
            )
            for part_type in obligation.REQUIRED_PART_TYPES["smartphones"]:
                stock(PartFactory(part_type=part_type, lead_time_days=5, fits=[model]), shop, 2)

    assert_flat(api.as_(staff), "/api/v1/repair/obligations", add, budget=10)


def test_given_more_bookings_when_the_customer_opens_its_bookings_page_then_the_queries_do_not_grow(
    client, customer, shop, battery_service, phone_model, clock_at
):
    # given a customer booking one slot after another at a shop
    made = []

    def add(n):
        for _ in range(n):
            made.append(
                services.book(
                    customer=customer,
                    location=shop,
                    service_kind="battery_replacement",
                    product=phone_model,
                    starts_at=TEN_AM + timedelta(hours=len(made)),  # 10:00 to 17:00, one a slot
                )
            )

    # when it opens its bookings page with a few then more, then the queries do not grow
    client.force_login(customer)
    with clock_at(TEN_AM - timedelta(days=3)):
        assert_flat_page(client, "/repair/bookings/", add, budget=8)


def test_given_more_parts_and_models_when_staff_open_the_parts_pages_then_the_queries_do_not_grow(client):
    # given a parts catalogue stocked at a shop, for phones under the parts obligation
    phones = CategoryFactory(slug="smartphones")
    shop = LocationFactory()

    def add(n):
        for _ in range(n):
            model = ProductModelFactory(
                category=phones, release_date=date(2021, 9, 24), end_of_placement=date(2023, 9, 12)
            )
            for part_type in obligation.REQUIRED_PART_TYPES["smartphones"]:
                stock(PartFactory(part_type=part_type, lead_time_days=5, fits=[model]), shop, 2)

    # when staff open the catalogue and the obligation report with a few then more, then the queries do not grow
    client.force_login(StaffFactory())
    assert_flat_page(client, "/parts/", add, budget=10)
    assert_flat_page(client, "/parts/obligations/", add, budget=10)
