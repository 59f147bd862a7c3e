"""Bookings: slots from opening hours, booking, no double booking (also under a real race), cancel, reschedule,
the confirmation email; every action refused to the wrong actor."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from comeback.core import outbox
from comeback.core.problems import Unauthenticated
from comeback.repair import services, slots
from comeback.repair.models import Booking, BookingStatus, Location, SlotHold
from tests.concurrency import race
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory

from .factories import LocationFactory, ServiceFactory, open_weekdays, repairer_at

MONDAY_8 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # 08:00 in Paris; the shop opens at 09:00
TEN_AM = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 Paris


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_8, tick=False) as traveller:
        yield traveller


def body(shop, phone_model, starts_at=TEN_AM, service="battery_replacement"):
    return {
        "location_id": shop.pk,
        "service": service,
        "product_id": phone_model.pk,
        "starts_at": starts_at.isoformat(),
    }


def test_given_opening_hours_when_slots_are_asked_then_they_follow_the_grid_and_end_before_closing(
    battery_service, shop
):
    starts = slots.available(shop, battery_service, MONDAY_8.date())

    assert starts[0] == datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 09:00 Paris
    assert starts[-1] == datetime(2026, 12, 7, 16, 15, tzinfo=UTC)  # 17:15 + 45 min = 18:00 closing
    assert all((s - starts[0]) % timedelta(minutes=15) == timedelta(0) for s in starts)


def test_given_a_sunday_when_slots_are_asked_then_there_are_none(battery_service, shop):
    assert slots.available(shop, battery_service, datetime(2026, 12, 13).date()) == []


def _day_by_day(location, service, days):
    """The slow, obvious answer: each open day's free starts asked one day at a time."""
    open_on = {h.weekday for h in location.hours.all()}
    today = MONDAY_8.astimezone(ZoneInfo(location.timezone)).date()
    ahead = (today + timedelta(days=n) for n in range(slots.BOOKING_HORIZON_DAYS))
    return [(day, slots.available(location, service, day)) for day in ahead if day.weekday() in open_on][
        :days
    ]


def test_given_busy_locations_of_every_shape_when_their_slots_are_read_at_once_then_each_is_as_day_by_day(
    phone_model, customer, django_assert_num_queries
):
    # given a 15-minute shop with its morning booked, a two-bay 20-minute shop with a lunch break in Tokyo
    # with one bay taken, and a one-hour Sunday shop booked on every Sunday it may be booked
    quarter = open_weekdays(LocationFactory())
    lunch = open_weekdays(
        LocationFactory(timezone="Asia/Tokyo", bays=2, slot_minutes=20), opens=time(9), closes=time(12)
    )
    open_weekdays(lunch, opens=time(13), closes=time(17))
    sunday = open_weekdays(LocationFactory(), opens=time(9), closes=time(10), days=[6])
    wanted = [
        (quarter, ServiceFactory(location=quarter)),
        (lunch, ServiceFactory(location=lunch, kind="screen_replacement", duration_minutes=50)),
        (sunday, ServiceFactory(location=sunday, kind="diagnostic", duration_minutes=60)),
    ]

    def book(location, kind, starts_at):
        services.book(
            customer=customer, location=location, service_kind=kind, product=phone_model, starts_at=starts_at
        )

    for hour in (8, 9, 10):  # 09:00 to 11:15 Paris
        book(quarter, "battery_replacement", datetime(2026, 12, 7, hour, 0, tzinfo=UTC))
    book(lunch, "screen_replacement", datetime(2026, 12, 8, 0, 0, tzinfo=UTC))  # 09:00 Tokyo, one bay of two
    for week in range(8):  # every Sunday within the 60 days, 13 December to 31 January
        book(sunday, "diagnostic", datetime(2026, 12, 13, 8, 0, tzinfo=UTC) + timedelta(weeks=week))

    # when the slots of all three are read at once, as a page reads them (hours prefetched)
    service_of = {location.pk: service for location, service in wanted}
    shown = Location.objects.filter(pk__in=service_of).prefetch_related("hours").order_by("pk")
    pairs = [(location, service_of[location.pk]) for location in shown]
    with django_assert_num_queries(1):
        batched = slots.free_days(pairs, days=slots.FIRST_FREE_DAYS)
    with django_assert_num_queries(1):
        first = slots.first_free_of(pairs)

    # then each location's days and first free start are those asked day by day
    for location, service in pairs:
        expected = _day_by_day(location, service, slots.FIRST_FREE_DAYS)
        assert batched[location.pk] == expected
        assert first[location.pk] == next((starts[0] for _day, starts in expected if starts), None)
        assert slots.first_free(location, service) == first[location.pk]
    assert first[quarter.pk] == datetime(2026, 12, 7, 10, 45, tzinfo=UTC)  # 11:45 Paris, after the third
    assert first[lunch.pk] == datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # the other bay is free
    assert first[sunday.pk] is None  # no free slot in the next two weeks of open days


def test_given_a_free_slot_when_a_customer_books_it_then_201_and_a_confirmation_email_after_commit(
    api, battery_service, shop, phone_model, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)

    assert out["status"] == "booked" and out["price"] == 6900 and out["starts_at"] == "2026-12-07T09:00:00Z"
    assert (
        SlotHold.objects.filter(booking__reference=out["reference"]).count() == 3
    )  # 45 min on a 15 min grid
    assert len(mail.outbox) == 1 and out["reference"] in mail.outbox[0].subject
    assert mail.outbox[0].to == ["customer@example.test"]


def test_given_a_booked_slot_when_another_customer_books_an_overlapping_start_then_409_slot_taken(
    api, battery_service, shop, phone_model, customer, other_customer
):
    api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)
    problem = (
        api.as_(other_customer)
        .post("/api/v1/repair/bookings", body(shop, phone_model, TEN_AM + timedelta(minutes=30)))
        .expect(409)
    )

    assert problem["code"] == "slot_taken"
    assert TEN_AM not in slots.available(shop, battery_service, TEN_AM.date())


def test_given_two_bays_when_two_customers_book_the_same_start_then_both_get_it_on_different_bays(
    api, battery_service, shop, phone_model, customer, other_customer
):
    shop.bays = 2
    shop.save()
    a = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)
    b = api.as_(other_customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)

    assert {Booking.objects.get(reference=r["reference"]).bay for r in (a, b)} == {1, 2}


def test_given_a_time_off_the_grid_or_closed_when_booking_then_422_slot_not_offered(
    api, battery_service, shop, phone_model, customer
):
    for start in (TEN_AM + timedelta(minutes=7), datetime(2026, 12, 7, 17, 0, tzinfo=UTC), MONDAY_8):
        problem = (
            api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model, start)).expect(422)
        )
        assert problem["code"] == "slot_not_offered"


def test_given_a_service_not_offered_when_booking_then_422_naming_the_service(
    api, battery_service, shop, phone_model, customer
):
    problem = (
        api.as_(customer)
        .post("/api/v1/repair/bookings", body(shop, phone_model, service="screen_replacement"))
        .expect(422)
    )
    assert problem["errors"][0]["field"] == "service"


def test_given_anonymous_or_a_token_without_buyer_scope_when_booking_then_refused(
    api, battery_service, shop, phone_model, customer
):
    api.post("/api/v1/repair/bookings", body(shop, phone_model)).expect(401)
    problem = (
        api.as_(customer, scopes=["seller"])
        .post("/api/v1/repair/bookings", body(shop, phone_model))
        .expect(403)
    )
    assert problem["code"] == "missing_scope"


def test_given_no_signed_in_customer_when_the_service_books_then_401_not_authenticated_with_a_challenge(
    battery_service, shop, phone_model
):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Unauthenticated) as refused:
        services.book(
            customer=AnonymousUser(),
            location=shop.pk,
            service_kind="battery_replacement",
            product=phone_model,
            starts_at=TEN_AM,
        )
    answer = refused.value.response("/api/v1/repair/bookings")
    assert (answer.status_code, refused.value.code) == (401, "not_authenticated")
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert not Booking.objects.exists()


def test_given_a_booking_when_the_customer_cancels_then_the_slot_is_free_again(
    api, battery_service, shop, phone_model, customer
):
    ref = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)["reference"]
    out = api.as_(customer).post(f"/api/v1/repair/bookings/{ref}/cancel").expect(200)
    outbox.drain()  # what the task does after commit

    assert out["status"] == "cancelled" and not SlotHold.objects.exists()
    assert TEN_AM in slots.available(shop, battery_service, TEN_AM.date())
    # The booking's and the cancellation's emails, in the market's language (French here).
    assert [ref in m.subject for m in mail.outbox] == [True, True] and mail.outbox[1].subject != mail.outbox[
        0
    ].subject
    assert (
        api.as_(customer).post(f"/api/v1/repair/bookings/{ref}/cancel").expect(409)["code"]
        == "invalid_transition"
    )


def test_given_someone_elses_booking_when_a_customer_reads_cancels_or_moves_it_then_404(
    api, battery_service, shop, phone_model, customer, other_customer
):
    ref = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)["reference"]
    intruder = api.as_(other_customer)

    intruder.get(f"/api/v1/repair/bookings/{ref}").expect(404)
    intruder.post(f"/api/v1/repair/bookings/{ref}/cancel").expect(404)
    intruder.post(f"/api/v1/repair/bookings/{ref}/reschedule", {"starts_at": TEN_AM.isoformat()}).expect(404)
    assert Booking.objects.get(reference=ref).status == BookingStatus.BOOKED


def test_given_a_booking_when_rescheduled_then_the_old_slot_is_released_and_the_new_one_held(
    api, battery_service, shop, phone_model, customer
):
    ref = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)["reference"]
    later = TEN_AM + timedelta(hours=3)
    out = (
        api.as_(customer)
        .post(f"/api/v1/repair/bookings/{ref}/reschedule", {"starts_at": later.isoformat()})
        .expect(200)
    )

    assert out["starts_at"] == "2026-12-07T12:00:00Z"
    assert TEN_AM in slots.available(shop, battery_service, TEN_AM.date())
    assert later not in slots.available(shop, battery_service, TEN_AM.date())


def test_given_a_taken_target_when_rescheduling_then_409_and_the_booking_keeps_its_slot(
    api, battery_service, shop, phone_model, customer, other_customer
):
    ref = api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)["reference"]
    later = TEN_AM + timedelta(hours=3)
    api.as_(other_customer).post("/api/v1/repair/bookings", body(shop, phone_model, later)).expect(201)

    problem = (
        api.as_(customer)
        .post(f"/api/v1/repair/bookings/{ref}/reschedule", {"starts_at": later.isoformat()})
        .expect(409)
    )
    assert problem["code"] == "slot_taken"
    assert Booking.objects.get(reference=ref).starts_at == TEN_AM
    assert SlotHold.objects.filter(booking__reference=ref).count() == 3


def test_given_my_bookings_when_listed_then_only_mine_appear(
    api, battery_service, shop, phone_model, customer, other_customer
):
    api.as_(customer).post("/api/v1/repair/bookings", body(shop, phone_model)).expect(201)

    assert len(api.as_(customer).get("/api/v1/repair/bookings").expect(200)["items"]) == 1
    assert api.as_(other_customer).get("/api/v1/repair/bookings").expect(200)["items"] == []
    api.get("/api/v1/repair/bookings").expect(401)


def test_given_the_slots_endpoint_when_asked_then_it_lists_local_days_with_free_starts(
    api, battery_service, shop
):
    out = api.get(f"/api/v1/repair/locations/{shop.pk}/slots", {"service": "battery_replacement"}).expect(200)

    assert out["timezone"] == "Europe/Paris" and len(out["days"]) == 7
    assert (
        out["days"][0]["date"] == "2026-12-07" and out["days"][0]["starts"][0] == "2026-12-07T08:00:00+00:00"
    )


def test_given_a_repairer_when_the_customer_does_not_come_then_the_booking_is_a_no_show(
    battery_service, shop, phone_model, customer, repairer, frozen
):
    booking = services.book(
        customer=customer,
        location=shop,
        service_kind="battery_replacement",
        product=phone_model,
        starts_at=TEN_AM,
    )
    frozen.move_to(TEN_AM + timedelta(minutes=20))
    services.mark_no_show(booking=booking, user=repairer)

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.NO_SHOW


@pytest.mark.django_db(transaction=True)
def test_given_one_free_slot_when_two_customers_book_it_at_once_then_exactly_one_wins():
    model = ProductModelFactory(category=CategoryFactory(slug="smartphones"))
    shop = open_weekdays(LocationFactory())
    ServiceFactory(location=shop)
    repairer_at(shop)
    people = [UserFactory(), UserFactory()]

    def attempt(user):
        return services.book(
            customer=user,
            location=shop.pk,
            service_kind="battery_replacement",
            product=model,
            starts_at=TEN_AM,
        )

    results = race([lambda u=u: attempt(u) for u in people])

    assert sum(isinstance(r, Booking) for r in results) == 1
    assert [r.code for r in results if isinstance(r, Exception)] == ["slot_taken"]
    assert Booking.objects.count() == 1 and SlotHold.objects.count() == 3
