"""A customer finds the nearest battery replacement in a real browser: the page asks the browser for
its position, lists repair locations nearest first, and the customer books a slot for their model."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from comeback.repair.models import Booking, BookingStatus
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory
from tests.repair.factories import LocationFactory, ServiceFactory, open_weekdays

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_given_my_position_when_i_look_for_a_battery_replacement_then_i_book_the_nearest(
    page, login_as, shots
):
    phone = ProductModelFactory(category=CategoryFactory(slug="smartphones"), name="Pixel 7")
    # Open around the clock every day, so the test finds free slots whenever it runs.
    near = open_weekdays(
        LocationFactory(name="Fix-it Opéra", latitude=Decimal("48.8700"), longitude=Decimal("2.3320")),
        opens=time(0),
        closes=time(23, 45),
        days=range(7),
    )
    far = open_weekdays(
        LocationFactory(
            name="Fix-it Lyon", city="Lyon", latitude=Decimal("45.7640"), longitude=Decimal("4.8357")
        ),
        opens=time(0),
        closes=time(23, 45),
        days=range(7),
    )
    for loc in (near, far):
        ServiceFactory(location=loc)
    customer = UserFactory(email="batteries@example.test")
    login_as(page, customer)
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 48.8566, "longitude": 2.3522})  # Paris, Hôtel de Ville

    page.goto("/repair/")
    page.get_by_label("Repair", exact=True).select_option("battery_replacement")
    page.get_by_role("button", name="Use my position").click()

    results = page.locator(".repair-results > li")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Fix-it Opéra")
    expect(results.first.locator(".distance")).to_have_text(re.compile(r"^2[.,]\d km$"))
    expect(results.nth(1)).to_contain_text("Fix-it Lyon")
    page.get_by_role("link", name="See times and book — Fix-it Opéra").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fix-it Opéra")
    page.get_by_label("Your device", exact=True).select_option(label=str(phone))
    page.get_by_role("button", name="Show times").click()
    page.locator("input[name=starts_at]").first.check()
    page.get_by_role("button", name=re.compile(r"^Book for")).click()

    expect(page).to_have_url(re.compile(r"/repair/bookings/REP-[0-9A-Z]+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Battery replacement")
    page.screenshot(path=str(shots / "repair-booked.png"), full_page=True)
    booking = Booking.objects.get()
    assert (booking.customer, booking.location, booking.product, booking.status) == (
        customer,
        near,
        phone,
        BookingStatus.BOOKED,
    )
    assert page.console_errors == []


def test_given_a_booking_when_the_repairer_issues_the_repair_information_form_then_the_customer_accepts_it(
    page, login_as, shots
):
    from datetime import UTC, datetime, timedelta

    from comeback.repair import services
    from comeback.repair.models import InformationForm
    from tests.repair.factories import repairer_at

    phone = ProductModelFactory(category=CategoryFactory(slug="smartphones"), name="Pixel 7")
    shop = open_weekdays(
        LocationFactory(name="Fix-it Opéra"), opens=time(0), closes=time(23, 45), days=range(7)
    )
    ServiceFactory(location=shop)
    fixer, customer = repairer_at(shop), UserFactory(email="form@example.test")
    starts = (datetime.now(UTC) + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    booking = services.book(
        customer=customer, location=shop, service_kind="battery_replacement", product=phone, starts_at=starts
    )

    login_as(page, fixer)
    page.goto(f"/repair/desk/bookings/{booking.reference}/information-form/")
    page.get_by_label("Defect").fill("The battery swells and the screen lifts")
    page.get_by_label("Repair proposed").fill("Replace the battery and reseat the screen")
    page.get_by_label("Price (minor units)").fill("8900")
    page.get_by_label("Working days to repair").fill("2")
    page.get_by_role("button", name="Issue the form").click()
    # The form is in the customer's language: here the Paris shop's market's, French.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Formulaire européen d'information sur la réparation"
    )

    login_as(page, customer)
    page.goto(f"/repair/bookings/{booking.reference}/")
    page.get_by_role("link", name=re.compile("European Repair Information Form")).click()
    expect(page.locator("dl.kv")).to_contain_text("The battery swells")
    page.screenshot(path=str(shots / "repair-information-form.png"), full_page=True)
    page.get_by_role("button", name="Accepter cette réparation").click()
    expect(page.get_by_text("il engage le prix et le délai de cette réservation")).to_be_visible()
    assert InformationForm.objects.get().accepted_at is not None
    assert Booking.objects.get().price_amount == 8900
    assert page.console_errors == []
