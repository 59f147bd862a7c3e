"""The 7-year parts obligation on dated fixtures: when it starts and ends (time travel), which models are at
risk and why, the report page and its CSV, refused to everyone but staff and refurbishers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine

from comeback.repair import obligation
from comeback.repair.models import PartType, Stock
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory

from .factories import LocationFactory, PartFactory, stock

pytestmark = pytest.mark.django_db

PHONE_TYPES = obligation.REQUIRED_PART_TYPES["smartphones"]


@pytest.fixture
def phones():
    return CategoryFactory(slug="smartphones")


def stock_all_types(model, location, *, lead=5, quantity=2):
    for part_type in PHONE_TYPES:
        stock(PartFactory(part_type=part_type, lead_time_days=lead, fits=[model]), location, quantity)


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


def test_given_an_end_of_placement_then_parts_are_due_seven_years_later_and_29_february_falls_on_the_28th():
    assert obligation.obligation_until(date(2021, 9, 14)) == date(2028, 9, 14)
    assert obligation.obligation_until(date(2024, 2, 29)) == date(2031, 2, 28)
    assert obligation.obligation_until(None) is None


def test_given_a_model_with_every_part_in_stock_when_reported_then_it_is_not_at_risk(phones):
    model = ProductModelFactory(
        category=phones, release_date=date(2021, 9, 24), end_of_placement=date(2023, 9, 12)
    )
    stock_all_types(model, LocationFactory())

    [row] = obligation.report(on=date(2026, 12, 1))
    assert row.running and not row.at_risk and row.until == date(2030, 9, 12)


def test_given_a_running_obligation_when_a_part_type_is_out_of_stock_or_slow_or_missing_then_at_risk_with_reasons(
    phones,
):
    model = ProductModelFactory(
        category=phones, release_date=date(2020, 10, 1), end_of_placement=date(2022, 9, 7)
    )
    shop = LocationFactory()
    stock_all_types(model, shop)
    Stock.objects.filter(part__part_type=PartType.BATTERY).update(quantity=0)
    PartFactory._meta.model.objects.filter(part_type=PartType.CAMERA).update(lead_time_days=15)
    PartFactory._meta.model.objects.filter(part_type=PartType.SPEAKER).delete()

    [row] = obligation.report(on=date(2026, 12, 1), at_risk_only=True)
    issues = {t.part_type: t.issue for t in row.issues}
    assert issues == {"battery": "out_of_stock", "camera": "slow", "speaker": "no_part"}


def test_given_a_slow_part_and_a_fast_one_in_stock_then_the_fast_one_keeps_the_model_safe(phones):
    model = ProductModelFactory(category=phones, end_of_placement=date(2024, 9, 1))
    shop = LocationFactory()
    stock_all_types(model, shop, lead=20)
    stock(PartFactory(part_type=PartType.BATTERY, lead_time_days=3, fits=[model]), shop, 1)

    [row] = obligation.report(on=date(2026, 12, 1))
    assert [t.part_type for t in row.issues] == [t for t in PHONE_TYPES if t != PartType.BATTERY]


def test_given_time_passing_when_the_seven_years_end_then_the_model_leaves_the_at_risk_list(phones):
    model = ProductModelFactory(
        category=phones, release_date=date(2017, 9, 22), end_of_placement=date(2019, 9, 10)
    )
    with at(date(2026, 9, 10)):
        assert [r.product for r in obligation.report(at_risk_only=True)] == [model]
    with at(date(2026, 9, 11)):
        assert obligation.report(at_risk_only=True) == []
        assert obligation.report()[0].state == "ended"


def test_given_a_model_not_released_yet_then_its_obligation_has_not_started(phones):
    model = ProductModelFactory(category=phones, release_date=date(2027, 3, 1))
    with at(date(2027, 2, 28)):
        assert obligation.report()[0].state == "not_started"
    with at(date(2027, 3, 1)):
        assert [r.product for r in obligation.report(at_risk_only=True)] == [model]


def test_given_a_category_without_the_obligation_then_its_models_are_not_reported():
    ProductModelFactory(category=CategoryFactory(slug="jackets", kind="apparel"))
    assert obligation.report() == []


def test_given_staff_when_downloading_the_csv_then_one_row_per_at_risk_part_type(client, phones):
    from tests.factories import StaffFactory

    model = ProductModelFactory(category=phones, end_of_placement=date(2023, 1, 1))
    stock_all_types(model, LocationFactory())
    Stock.objects.filter(part__part_type=PartType.SCREEN).update(quantity=0)
    client.force_login(StaffFactory())

    response = client.get("/parts/obligations.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert {r["part_type"]: r["issue"] for r in rows}["screen"] == "out_of_stock"
    assert {r["at_risk"] for r in rows} == {"1"} and rows[0]["parts_until"] == "2030-01-01"
    page = client.get("/parts/obligations/?at_risk=1")
    assert page.status_code == 200 and str(model.name) in page.content.decode() and b"<svg" in page.content


def test_given_a_refurbisher_then_it_sees_the_report_and_the_api(client, api, phones):
    from tests.factories import SellerFactory

    seller = SellerFactory()
    client.force_login(seller.user)
    assert client.get("/parts/obligations/").status_code == 200
    assert api.as_(seller.user).get("/api/v1/repair/obligations").expect(200)["items"] == []


def test_given_a_buyer_or_anonymous_when_asking_the_report_then_refused(client, api):
    assert client.get("/parts/obligations/").status_code == 302
    assert client.get("/parts/obligations.csv").status_code == 302
    buyer = UserFactory()
    client.force_login(buyer)
    assert client.get("/parts/obligations/").status_code == 403
    assert client.get("/parts/obligations.csv").status_code == 403
    api.as_(buyer).get("/api/v1/repair/obligations").expect(403)
    api.get("/api/v1/repair/obligations").expect(401)
