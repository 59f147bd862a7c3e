"""Garment repair with France's textile repair bonus: cobblers and tailors offer garment and shoe services;
a labelled location deducts the bonus (a fixed amount per repair type, data with its source and date, at most
60% of the price, from €12) at booking, and records it; the repair is written to the passport."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from comeback.core import outbox
from comeback.passports.models import PassportEvent
from comeback.repair import bonus, services
from comeback.repair.models import BonusLabel, BonusRate, Booking, LocationKind
from tests.factories import CategoryFactory, ProductModelFactory

from .factories import LocationFactory, ServiceFactory, open_weekdays, repairer_at

MONDAY_8 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)
TEN_AM = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_8, tick=False) as traveller:
        yield traveller


@pytest.fixture
def boots(db):
    category = CategoryFactory(
        slug="shoes", name="Shoes", kind="apparel", tradein_questionnaire="garment", battery_floor=None
    )
    return ProductModelFactory(category=category, name="Leather ankle boots")


@pytest.fixture
def cobbler(db):
    loc = open_weekdays(LocationFactory(name="Cordonnerie Test", kind=LocationKind.COBBLER))
    BonusLabel.objects.create(location=loc, scheme="fr_textile", reference="RF-TEST-1")
    ServiceFactory(location=loc, kind="shoe_resoling", price_amount=4500, duration_minutes=60)
    ServiceFactory(location=loc, kind="shoe_heel_tip", price_amount=1500, duration_minutes=20)
    ServiceFactory(location=loc, kind="hem", price_amount=1500, duration_minutes=30)
    ServiceFactory(location=loc, kind="garment_seam", price_amount=1000, duration_minutes=20)
    return loc


@pytest.fixture
def tailor(db):
    """Not labelled: no bonus, whatever the repair."""
    loc = open_weekdays(LocationFactory(name="Retouches Test", kind=LocationKind.TAILOR))
    ServiceFactory(location=loc, kind="shoe_resoling", price_amount=4500, duration_minutes=60)
    return loc


def body(loc, product, service="shoe_resoling"):
    return {
        "location_id": loc.pk,
        "service": service,
        "product_id": product.pk,
        "starts_at": TEN_AM.isoformat(),
    }


@pytest.mark.parametrize(
    ("rate", "price", "expected"),
    [
        (1800, 4500, 1800),  # the fixed amount
        (2500, 3000, 1800),  # capped at 60% of the price
        (700, 1200, 700),  # €12: the minimum price that gets a bonus
        (700, 1199, 0),  # below it: none
        (600, 0, 0),
    ],
)
def test_given_a_rate_when_applied_to_a_price_then_the_published_rule_gives_the_bonus(rate, price, expected):
    assert bonus.amount_for(rate_amount=rate, cap_bps=6000, min_price=1200, price=price) == expected


def test_given_the_migration_then_the_french_textile_rates_are_data_with_their_source_and_date(db):
    rates = {r.service_kind: r for r in BonusRate.objects.filter(scheme="fr_textile", market_id="FR")}
    assert rates["shoe_resoling"].amount == 1800 and rates["shoe_resoling_leather"].amount == 2500
    assert rates["garment_seam"].amount == 600 and rates["garment_hole"].amount == 700
    assert {r.amount for r in rates.values()} <= set(range(600, 2501))
    assert all(r.source and r.source_date == date(2023, 11, 7) for r in rates.values())
    assert all((r.cap_bps, r.min_price_amount, r.currency) == (6000, 1200, "EUR") for r in rates.values())
    assert "hem" not in rates and "resizing" not in rates  # alterations are not repairs


def test_given_a_labelled_cobbler_when_booking_a_resoling_then_the_bonus_is_deducted_and_recorded(
    api, cobbler, boots, customer
):
    reply = api.as_(customer).post("/api/v1/repair/bookings", body(cobbler, boots)).expect(201)
    assert (reply["price"], reply["to_pay"]) == (4500, 2700)
    assert reply["bonus"]["scheme"] == "fr_textile" and reply["bonus"]["amount"] == 1800
    assert reply["bonus"]["source_date"] == "2023-11-07"
    stored = Booking.objects.get(reference=reply["reference"])
    assert (stored.bonus_amount, stored.bonus_rate.service_kind) == (1800, "shoe_resoling")


def test_given_an_unlabelled_tailor_when_booking_then_no_bonus(api, tailor, boots, customer):
    reply = api.as_(customer).post("/api/v1/repair/bookings", body(tailor, boots)).expect(201)
    assert (reply["bonus"], reply["to_pay"]) == (None, 4500)


def test_given_an_alteration_or_a_cheap_repair_when_booking_then_no_bonus(api, cobbler, boots, customer):
    hem = api.as_(customer).post("/api/v1/repair/bookings", body(cobbler, boots, "hem")).expect(201)
    assert hem["bonus"] is None and hem["to_pay"] == 1500
    later = {**body(cobbler, boots, "garment_seam"), "starts_at": "2026-12-07T13:00:00+00:00"}
    seam = api.as_(customer).post("/api/v1/repair/bookings", later).expect(201)
    assert seam["bonus"] is None and seam["to_pay"] == 1000  # €10 is below the €12 minimum


def test_given_a_label_that_expired_when_booking_then_no_bonus(api, cobbler, boots, customer):
    BonusLabel.objects.filter(location=cobbler).update(valid_until=date(2026, 12, 1))
    reply = api.as_(customer).post("/api/v1/repair/bookings", body(cobbler, boots)).expect(201)
    assert reply["bonus"] is None


def test_given_locations_near_me_when_listed_then_each_service_shows_its_bonus_and_the_price_to_pay(
    api, cobbler, tailor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        found = api.get("/api/v1/repair/locations", {"place": "Paris", "service": "shoe_resoling"}).expect(
            200
        )
    by_name = {loc["name"]: loc for loc in found["items"]}
    resole = next(s for s in by_name["Cordonnerie Test"]["services"] if s["kind"] == "shoe_resoling")
    assert (resole["bonus"]["amount"], resole["to_pay"]) == (1800, 2700)
    assert by_name["Cordonnerie Test"]["bonus_labels"] == ["fr_textile"]
    assert by_name["Retouches Test"]["services"][0]["bonus"] is None


def test_given_the_cobblers_page_when_viewed_then_prices_show_the_bonus_deducted(client, cobbler, boots):
    page = client.get(f"/repair/locations/{cobbler.pk}/").content.decode()
    assert "<s>€45.00</s>" in page and "€27.00" in page and "repair bonus" in page
    assert "Leather ankle boots" in page  # a cobbler repairs garments and shoes


def test_given_a_booking_with_a_bonus_when_its_owner_or_a_stranger_looks_then_only_the_owner_sees_it(
    client, cobbler, boots, customer, other_customer
):
    booking = services.book(
        customer=customer, location=cobbler, service_kind="shoe_resoling", product=boots, starts_at=TEN_AM
    )
    client.force_login(customer)
    page = client.get(f"/repair/bookings/{booking.reference}/").content.decode()
    assert "Repair bonus" in page and "−€18.00" in page and "€27.00" in page
    client.force_login(other_customer)
    assert client.get(f"/repair/bookings/{booking.reference}/").status_code == 404


def test_given_a_resoling_done_when_completed_then_the_repair_is_written_to_the_passport(
    cobbler, boots, customer
):
    booking = services.book(
        customer=customer, location=cobbler, service_kind="shoe_resoling", product=boots, starts_at=TEN_AM
    )
    fixer = repairer_at(cobbler, email="cobbler@example.test")
    with time_machine.travel(TEN_AM, tick=False):
        job = services.start_job(user=fixer, booking=booking)
        services.complete_job(job=job, user=fixer, repaired=True, summary="Rubber soles replaced")
        outbox.drain()
    job.refresh_from_db()
    event = PassportEvent.objects.get(passport=job.passport, kind="repaired")
    public = event.data["public"]
    assert public["summary"] == "Rubber soles replaced" and public["service"] == "shoe_resoling"
    assert (public["repair_bonus"], public["repair_bonus_scheme"]) == (1800, "fr_textile")
