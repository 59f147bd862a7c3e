"""Query budgets of the repair lists: locations near a point (API and page), part types, a customer's bookings,
the repairer's desk, the parts a location has for a model, the managed parts catalogue and the parts obligation
report cost the same few queries for 2 rows or 8."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from comeback.repair import obligation, services

from ..budgets import assert_flat, assert_flat_page, queries
from ..factories import CategoryFactory, ProductModelFactory, StaffFactory, UserFactory
from .conftest import MONDAY_8, TEN_AM
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


def test_given_more_booked_locations_when_anyone_opens_repair_near_me_then_the_queries_do_not_grow(
    client, clock_at
):
    # given locations near the point, each with its hours, services, and its first slot booked by a customer
    customer, phone = UserFactory(), ProductModelFactory()
    nine = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 09:00 in Paris, the first start of the day

    def add(n):
        for _ in range(n):
            shop = open_weekdays(LocationFactory())
            ServiceFactory(location=shop)
            ServiceFactory(location=shop, kind="screen_replacement", duration_minutes=60)
            services.book(
                customer=customer,
                location=shop,
                service_kind="battery_replacement",
                product=phone,
                starts_at=nine,
            )

    # when anyone searches near it with a few then more, then the queries do not grow
    with clock_at(MONDAY_8):
        assert_flat_page(client, "/repair/?lat=48.87&lon=2.33&service=battery_replacement", add, budget=6)
        assert "first free slot" in client.get("/repair/?lat=48.87&lon=2.33").content.decode()


def test_given_more_bookings_and_jobs_when_the_repairer_opens_the_desk_then_the_queries_do_not_grow(
    client, shop, battery_service, repairer, customer, clock_at
):
    # given today's bookings at the shop, each for its own brand's model: booked, in repair or done, and
    # walk-in jobs open and finished
    made = []

    def add(n):
        for _ in range(n):
            with clock_at(MONDAY_8 - timedelta(days=3)):
                booking = services.book(
                    customer=customer,
                    location=shop,
                    service_kind="battery_replacement",
                    product=ProductModelFactory(),
                    starts_at=TEN_AM + timedelta(hours=len(made)),  # 10:00 to 17:00, one a slot
                )
            made.append(booking)
            if len(made) % 3:
                job = services.start_job(user=repairer, booking=booking)
                if len(made) % 3 == 2:
                    services.complete_job(job=job, user=repairer, repaired=True, summary="Battery replaced")
            walk_in = services.start_job(user=repairer, location=shop, product=ProductModelFactory())
            if len(made) % 2:
                services.complete_job(job=walk_in, user=repairer, repaired=False, summary="Board dead")

    # when the repairer opens the desk with a few then more, then the queries do not grow
    client.force_login(repairer)
    with clock_at(MONDAY_8):
        assert_flat_page(client, "/repair/desk/", add, budget=12)
