"""Repair pages: near me, a location and booking, my bookings (cancel, move), the repairer's desk and job page,
the parts back office — each happy path, and each refused to the wrong actor."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from comeback.repair import services
from comeback.repair.models import Booking, BookingStatus, Job, JobStatus, Part, Stock
from tests.factories import SellerFactory, StaffFactory, UserFactory

from .conftest import MONDAY_8, TEN_AM
from .factories import LocationFactory, repairer_at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_8, tick=False) as traveller:
        yield traveller


def test_given_a_city_when_searching_near_me_then_locations_with_distance_and_first_slot_are_listed(
    client, battery_service, shop
):
    page = client.get("/repair/", {"place": "75002", "service": "battery_replacement"}).content.decode()

    assert shop.name in page and "km" in page and "first free slot" in page
    assert "near-me.js" in page


def test_given_an_unknown_place_when_searching_then_the_field_says_so(client, battery_service):
    page = client.get("/repair/", {"place": "Atlantis"}).content.decode()
    assert "We do not know" in page


def test_given_a_location_page_when_a_customer_books_a_slot_then_the_booking_page_follows(
    client, battery_service, shop, phone_model, customer
):
    page = client.get(
        f"/repair/locations/{shop.pk}/", {"service": "battery_replacement", "product": phone_model.pk}
    )
    assert page.status_code == 200 and "Sign in to book" in page.content.decode()
    client.force_login(customer)

    response = client.post(
        f"/repair/locations/{shop.pk}/",
        {"service": "battery_replacement", "product": phone_model.pk, "starts_at": TEN_AM.isoformat()},
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/repair/bookings/{booking.reference}/"
    assert booking.customer == customer and booking.starts_at == TEN_AM


def test_given_an_anonymous_visitor_when_posting_a_booking_then_sent_to_sign_in(
    client, battery_service, shop, phone_model
):
    response = client.post(
        f"/repair/locations/{shop.pk}/",
        {"service": "battery_replacement", "product": phone_model.pk, "starts_at": TEN_AM.isoformat()},
    )
    assert response.status_code == 302 and "/login/" in response["Location"] and not Booking.objects.exists()


def test_given_a_taken_slot_when_booking_on_the_web_then_the_form_says_so(
    client, booking, shop, phone_model, other_customer
):
    client.force_login(other_customer)
    response = client.post(
        f"/repair/locations/{shop.pk}/",
        {"service": "battery_replacement", "product": phone_model.pk, "starts_at": TEN_AM.isoformat()},
    )
    assert response.status_code == 200 and "just taken" in response.content.decode()


def test_given_a_private_workshop_when_its_page_is_asked_then_404(client):
    assert client.get(f"/repair/locations/{LocationFactory(is_public=False).pk}/").status_code == 404


def test_given_my_booking_when_i_cancel_it_on_the_web_then_it_is_cancelled(client, booking, customer):
    client.force_login(customer)
    assert booking.reference in client.get("/repair/bookings/").content.decode()
    assert client.get(f"/repair/bookings/{booking.reference}/").status_code == 200

    client.post(f"/repair/bookings/{booking.reference}/cancel/")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_given_my_booking_when_i_move_it_on_the_web_then_it_has_the_new_time(client, booking, customer):
    client.force_login(customer)
    later = datetime(2026, 12, 8, 13, 0, tzinfo=UTC)
    client.post(f"/repair/bookings/{booking.reference}/reschedule/", {"starts_at": later.isoformat()})
    assert Booking.objects.get(pk=booking.pk).starts_at == later


def test_given_someone_elses_booking_when_a_customer_opens_cancels_or_moves_it_then_404(
    client, booking, other_customer
):
    client.force_login(other_customer)
    assert client.get(f"/repair/bookings/{booking.reference}/").status_code == 404
    assert client.post(f"/repair/bookings/{booking.reference}/cancel/").status_code == 404
    assert (
        client.post(
            f"/repair/bookings/{booking.reference}/reschedule/", {"starts_at": TEN_AM.isoformat()}
        ).status_code
        == 404
    )
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.BOOKED


def test_given_anonymous_when_opening_my_bookings_then_sent_to_sign_in(client, booking):
    assert client.get("/repair/bookings/").status_code == 302
    assert client.get(f"/repair/bookings/{booking.reference}/").status_code == 302


def test_given_a_repairer_when_working_a_booking_at_the_desk_then_the_job_closes_with_a_warranty(
    client, booking, repairer, battery, frozen
):
    frozen.move_to(TEN_AM)
    client.force_login(repairer)
    desk = client.get("/repair/desk/").content.decode()
    assert booking.reference in desk

    response = client.post(f"/repair/desk/bookings/{booking.reference}/start/", {"passport_serial": ""})
    job = Job.objects.get()
    assert response["Location"] == f"/repair/desk/jobs/{job.pk}/"
    client.post(
        f"/repair/desk/jobs/{job.pk}/", {"action": "diagnosis", "diagnosis": "Worn", "battery_before": 68}
    )
    client.post(f"/repair/desk/jobs/{job.pk}/", {"action": "part", "part": battery.pk, "quantity": 1})
    client.post(
        f"/repair/desk/jobs/{job.pk}/",
        {
            "action": "complete",
            "repaired": "yes",
            "summary": "Battery replaced",
            "battery_after": 100,
            "warranty_months": 6,
        },
    )
    job.refresh_from_db()
    assert (job.status, job.battery_before, job.battery_after) == (JobStatus.REPAIRED, 68, 100)
    assert Stock.objects.get(part=battery).quantity == 2
    assert "Repair warranty" in client.get(f"/repair/desk/jobs/{job.pk}/").content.decode()


def test_given_a_walk_in_at_the_desk_then_a_job_opens(client, repairer, shop, phone_model):
    client.force_login(repairer)
    response = client.post(
        "/repair/desk/walk-in/", {"location": shop.pk, "product": phone_model.pk, "battery_before": 70}
    )
    assert response.status_code == 302 and Job.objects.get().location == shop


def test_given_not_a_repairer_when_opening_the_desk_or_a_job_then_refused(
    client, booking, repairer, shop, phone_model, customer
):
    job = services.start_job(user=repairer, location=shop, product=phone_model)
    assert client.get("/repair/desk/").status_code == 302  # anonymous: sign in
    for intruder in (customer, SellerFactory().user):
        client.force_login(intruder)
        assert client.get("/repair/desk/").status_code == 403
        assert client.get(f"/repair/desk/jobs/{job.pk}/").status_code == 403
        assert client.post(f"/repair/desk/bookings/{booking.reference}/start/").status_code == 403
        assert client.post("/repair/desk/walk-in/", {"product": phone_model.pk}).status_code == 403
    client.force_login(repairer_at(LocationFactory()))
    assert client.get(f"/repair/desk/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/repair/desk/bookings/{booking.reference}/start/").status_code == 404
    assert booking.reference not in client.get("/repair/desk/").content.decode()


def test_given_a_refurbisher_when_adding_a_part_on_the_web_then_it_is_listed_as_its_own(
    client, seller, phone_model
):
    client.force_login(seller.user)
    response = client.post(
        "/parts/new/",
        {
            "sku": "cam-1",
            "name": "Rear camera",
            "part_type": "camera",
            "source": "compatible",
            "compatible_models": [phone_model.pk],
            "lead_time_days": 7,
            "price_FR": 4900,
        },
    )
    part = Part.objects.get()
    assert response.status_code == 302 and part.seller == seller and part.prices.get().amount == 4900
    assert "CAM-1" in client.get("/parts/").content.decode()
    assert client.get(f"/parts/{part.pk}/").status_code == 200


def test_given_the_parts_back_office_when_a_buyer_or_another_refurbisher_comes_then_refused(
    client, seller, other_seller, phone_model
):
    part = Part.objects.create(
        sku="X1", name="x", part_type="battery", source="oem", seller=seller, created_at=MONDAY_8
    )
    for path in ("/parts/", "/parts/new/", "/parts/import/", f"/parts/{part.pk}/"):
        assert client.get(path).status_code == 302, path
    client.force_login(UserFactory())
    for path in ("/parts/", "/parts/new/", "/parts/import/", f"/parts/{part.pk}/"):
        assert client.get(path).status_code == 403, path
    client.force_login(other_seller.user)
    assert client.get(f"/parts/{part.pk}/").status_code == 404
    assert (
        client.post(f"/parts/{part.pk}/", {"action": "stock", "location": 1, "quantity": 3}).status_code
        == 404
    )
    client.force_login(StaffFactory())
    assert client.get(f"/parts/{part.pk}/").status_code == 200


def test_given_a_csv_upload_on_the_web_then_the_counts_are_shown(client, phone_model, shop):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(StaffFactory())
    data = (
        f"sku,name,part_type,source,compatible_models,lead_time_days,location,quantity\n"
        f"B1,Battery,battery,oem,{phone_model.slug},3,{shop.slug},5\n"
    ).encode()
    page = client.post("/parts/import/", {"file": SimpleUploadedFile("p.csv", data)}).content.decode()
    assert "1 created, 0 updated, 1 stock counts set" in page


def test_given_a_cell_over_the_limit_on_the_web_import_then_the_page_names_line_and_column(
    client, phone_model
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(StaffFactory())
    data = (
        "sku,name,part_type,source,compatible_models,lead_time_days\n"
        f"B1,Battery,battery,oem,{phone_model.slug},3\nB2,{'x' * 200_000},battery,oem,{phone_model.slug},3\n"
    ).encode()
    response = client.post("/parts/import/", {"file": SimpleUploadedFile("p.csv", data)})
    assert response.status_code == 422 and "Line 3, column 2" in response.content.decode()
