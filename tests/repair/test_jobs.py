"""Repair jobs: parts taken from stock, the result and warranty recorded, the unit's passport written after
commit (battery_measured, part_replaced with a harvested part's donor, repaired); wrong actors refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from comeback.core import outbox
from comeback.passports import services as passports
from comeback.passports.models import PassportEvent
from comeback.repair import services
from comeback.repair.models import Booking, BookingStatus, Job, JobStatus, Stock
from tests.factories import SellerFactory, UserFactory

from .conftest import MONDAY_8, TEN_AM
from .factories import LocationFactory, repairer_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_8, tick=False) as traveller:
        yield traveller


@pytest.fixture
def unit(phone_model):
    return passports.open_passport(product=phone_model, source="stock", source_ref="unit:1")


def kinds(passport):
    return list(
        PassportEvent.objects.filter(passport=passport).order_by("seq").values_list("kind", flat=True)
    )


def test_given_a_booked_battery_replacement_when_the_repairer_completes_it_then_the_passport_shows_the_repair(
    api, booking, repairer, unit, battery, shop, frozen
):
    frozen.move_to(TEN_AM)
    me = api.as_(repairer)
    job = me.post(
        "/api/v1/repair/jobs",
        {
            "booking_reference": booking.reference,
            "passport_serial": unit.serial,
            "diagnosis": "Battery swollen",
            "battery_before": 71,
        },
    ).expect(201)
    me.post(f"/api/v1/repair/jobs/{job['id']}/parts", {"part_id": battery.pk}).expect(201)
    done = me.post(
        f"/api/v1/repair/jobs/{job['id']}/complete",
        {"repaired": True, "summary": "Battery replaced", "battery_after": 100},
    ).expect(200)
    outbox.drain()

    assert done["status"] == "repaired" and done["warranty_until"] == "2027-06-07"
    assert Stock.objects.get(part=battery, location=shop).quantity == 2
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.COMPLETED
    assert kinds(unit) == ["opened", "battery_measured", "part_replaced", "repaired", "battery_measured"]
    repaired = PassportEvent.objects.get(passport=unit, kind="repaired")
    assert repaired.actor_role == "repairer" and repaired.actor_name == shop.name
    assert repaired.data["public"]["parts_replaced"] == [{"part": "Pixel 7 battery", "source": "oem"}]
    assert repaired.data["public"]["warranty_until"] == "2027-06-07"  # the repair's own warranty, public
    after = PassportEvent.objects.filter(passport=unit, kind="battery_measured").last()
    assert after.data["public"]["battery_health"] == 100
    outbox.drain()  # replayed: nothing recorded twice
    assert len(kinds(unit)) == 5


def test_given_a_harvested_part_when_fitted_then_the_passport_names_its_donor(
    api, repairer, shop, phone_model, unit
):
    donor = passports.open_passport(product=phone_model, source="trade_in", source_ref="donor:1")
    harvested = services.stock_harvested_part(donor_passport=donor, part_type="screen", location=shop)
    job = services.start_job(user=repairer, location=shop, product=phone_model, passport_serial=unit.serial)
    services.use_part(job=job, user=repairer, part=harvested.part)
    services.complete_job(job=job, user=repairer, repaired=True, summary="Screen replaced")
    outbox.drain()

    event = PassportEvent.objects.get(passport=unit, kind="part_replaced")
    assert event.data["public"]["part_source"] == "harvested"
    assert event.data["public"]["donor"] == donor.path


def test_given_a_walk_in_without_passport_when_repaired_then_the_repair_opens_one(
    repairer, shop, phone_model
):
    job = services.start_job(user=repairer, location=shop, product=phone_model, battery_before=64)
    services.complete_job(
        job=job, user=repairer, repaired=True, summary="Battery replaced", battery_after=100
    )
    outbox.drain()

    job.refresh_from_db()
    assert job.passport is not None and job.passport.source == "repair"
    assert kinds(job.passport) == ["opened", "battery_measured", "repaired", "battery_measured"]


def test_given_an_unrepairable_device_when_closed_then_no_warranty_and_no_repaired_event(
    repairer, shop, phone_model, unit
):
    job = services.start_job(user=repairer, location=shop, product=phone_model, passport_serial=unit.serial)
    services.complete_job(job=job, user=repairer, repaired=False, summary="Board damaged")
    outbox.drain()

    job.refresh_from_db()
    assert job.status == JobStatus.NOT_REPAIRED and job.warranty_until is None
    assert kinds(unit) == ["opened"]


def test_given_the_last_part_used_when_another_job_asks_then_409_out_of_stock(
    api, repairer, shop, phone_model, battery
):
    Stock.objects.filter(part=battery).update(quantity=1)
    first = services.start_job(user=repairer, location=shop, product=phone_model)
    second = services.start_job(user=repairer, location=shop, product=phone_model)
    api.as_(repairer).post(f"/api/v1/repair/jobs/{first.pk}/parts", {"part_id": battery.pk}).expect(201)

    problem = (
        api.as_(repairer).post(f"/api/v1/repair/jobs/{second.pk}/parts", {"part_id": battery.pk}).expect(409)
    )
    assert problem["code"] == "part_out_of_stock"


def test_given_a_closed_job_when_a_part_is_added_or_it_is_closed_again_then_409(
    api, repairer, shop, phone_model, battery
):
    job = services.start_job(user=repairer, location=shop, product=phone_model)
    services.complete_job(job=job, user=repairer, repaired=True, summary="Done")

    assert (
        api.as_(repairer)
        .post(f"/api/v1/repair/jobs/{job.pk}/parts", {"part_id": battery.pk})
        .expect(409)["code"]
        == "job_closed"
    )
    again = api.as_(repairer).post(
        f"/api/v1/repair/jobs/{job.pk}/complete", {"repaired": True, "summary": "x"}
    )
    assert again.expect(409)["code"] == "invalid_transition"
    assert Stock.objects.get(part=battery).quantity == 3


def test_given_a_part_for_another_model_when_fitted_then_422_and_stock_is_untouched(repairer, shop, battery):
    from tests.factories import ProductModelFactory

    other = ProductModelFactory()
    job = services.start_job(user=repairer, location=shop, product=other)
    with pytest.raises(Exception) as caught:
        services.use_part(job=job, user=repairer, part=battery)
    assert caught.value.code == "part_not_compatible"
    assert Stock.objects.get(part=battery).quantity == 3


def test_given_a_repair_when_closed_then_the_warranty_is_recorded_in_the_locations_calendar(
    repairer, shop, phone_model
):
    job = services.start_job(user=repairer, location=shop, product=phone_model)
    services.complete_job(job=job, user=repairer, repaired=True, summary="Done", warranty_months=12)

    assert Job.objects.get(pk=job.pk).warranty_until == date(2027, 12, 7)


def test_given_the_wrong_actor_when_they_touch_jobs_then_they_are_refused(
    api, booking, repairer, shop, phone_model, customer, battery
):
    job = services.start_job(user=repairer, location=shop, product=phone_model)
    elsewhere = repairer_at(LocationFactory())
    for intruder in (customer, UserFactory(), SellerFactory().user):
        # not a repairer anywhere: refused on every job route, before any body or id is looked at
        client = api.as_(intruder)
        for reply in (
            client.get(f"/api/v1/repair/jobs/{job.pk}"),
            client.post(f"/api/v1/repair/jobs/{job.pk}/parts", {"part_id": battery.pk}),
            client.patch(f"/api/v1/repair/jobs/{job.pk}", {"diagnosis": "mine"}),
            client.post(f"/api/v1/repair/jobs/{job.pk}/complete", {"repaired": True, "summary": "x"}),
            client.post("/api/v1/repair/jobs", {"booking_reference": booking.reference}),
            client.get(f"/api/v1/repair/locations/{shop.pk}/parts", {"product_id": phone_model.pk}),
        ):
            assert reply.expect(403)["code"] == "not_a_repairer"
    # a repairer elsewhere: this job does not exist for them
    client = api.as_(elsewhere)
    client.get(f"/api/v1/repair/jobs/{job.pk}").expect(404)
    client.post(f"/api/v1/repair/jobs/{job.pk}/parts", {"part_id": battery.pk}).expect(404)
    client.patch(f"/api/v1/repair/jobs/{job.pk}", {"diagnosis": "mine"}).expect(404)
    client.post(f"/api/v1/repair/jobs/{job.pk}/complete", {"repaired": True, "summary": "x"}).expect(404)
    client.post("/api/v1/repair/jobs", {"booking_reference": booking.reference}).expect(404)
    client.post("/api/v1/repair/jobs", {"location_id": shop.pk, "product_id": phone_model.pk}).expect(403)
    client.get(f"/api/v1/repair/locations/{shop.pk}/parts", {"product_id": phone_model.pk}).expect(403)
    api.get(f"/api/v1/repair/jobs/{job.pk}").expect(401)
    assert Stock.objects.get(part=battery).quantity == 3


def test_given_a_repairer_when_they_list_parts_for_a_model_then_stock_here_is_shown(
    api, repairer, shop, phone_model, battery
):
    out = (
        api.as_(repairer)
        .get(f"/api/v1/repair/locations/{shop.pk}/parts", {"product_id": phone_model.pk})
        .expect(200)["items"]
    )

    assert [(p["part"]["id"], p["quantity_here"]) for p in out] == [(battery.pk, 3)]
