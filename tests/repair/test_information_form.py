"""The European Repair Information Form (Directive (EU) 2024/1799 Art. 4, Annex I): issued by the
booking's repairer, read by the customer in their language (HTML and PDF), accepted once within its
validity, binding the booking's price and time; every other actor refused."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from comeback.repair import services
from comeback.repair.models import Booking, InformationForm
from comeback.repair.services import information_forms as rif
from tests.concurrency import race
from tests.factories import CategoryFactory, ProductModelFactory, UserFactory

from .conftest import MONDAY_8, TEN_AM
from .factories import LocationFactory, ServiceFactory, open_weekdays, repairer_at

FORM = {"defect": "Battery swells", "repair": "Replace the battery", "working_days": 2, "price": 7900}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(MONDAY_8, tick=False) as traveller:
        yield traveller


@pytest.fixture
def booking(battery_service, shop, phone_model, customer, repairer):
    customer.preferred_market = "FR"
    customer.save()
    return services.book(
        customer=customer,
        location=shop,
        service_kind="battery_replacement",
        product=phone_model,
        starts_at=TEN_AM,
    )


def _issue(api, repairer, booking, **extra):
    return api.as_(repairer).post(
        f"/api/v1/repair/bookings/{booking.reference}/information-form", {**FORM, **extra}
    )


def test_given_a_booking_when_its_repairer_issues_the_form_then_the_customer_reads_it_in_french(
    api, repairer, customer, booking
):
    out = _issue(api, repairer, booking).expect(201)
    assert out["valid_until"] == (date(2026, 12, 7) + timedelta(days=rif.VALIDITY_DAYS)).isoformat()
    assert out["language"] == "fr" and out["accepted_at"] is None
    page = api.as_(customer).get(f"/api/v1/repair/bookings/{booking.reference}/information-form").response
    html = page.content.decode()
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert 'lang="fr"' in html and "Battery swells" in html and "79,00" in html
    pdf = (
        api.as_(customer)
        .get(f"/api/v1/repair/bookings/{booking.reference}/information-form", {"format": "pdf"})
        .response
    )
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_given_an_accepted_form_then_it_binds_the_bookings_price_and_time(api, repairer, customer, booking):
    _issue(api, repairer, booking, price=None, max_price=9900, price_method="Parts at cost plus 30 minutes")
    out = (
        api.as_(customer)
        .post(f"/api/v1/repair/bookings/{booking.reference}/information-form/accept")
        .expect(200)
    )
    assert out["ready_by"] == "2026-12-09"  # two working days after Monday
    assert Booking.objects.get(pk=booking.pk).price_amount == 9900
    again = api.as_(customer).post(f"/api/v1/repair/bookings/{booking.reference}/information-form/accept")
    assert again.expect(409)["code"] == "form_already_accepted"


def test_given_a_form_past_its_validity_when_accepted_then_409(api, repairer, customer, booking, frozen):
    _issue(api, repairer, booking).expect(201)
    frozen.move_to(MONDAY_8 + timedelta(days=rif.VALIDITY_DAYS + 1))
    problem = (
        api.as_(customer)
        .post(f"/api/v1/repair/bookings/{booking.reference}/information-form/accept")
        .expect(409)
    )
    assert problem["code"] == "form_expired"


def test_given_bad_input_when_issuing_then_422_naming_the_field(api, repairer, booking):
    assert _issue(api, repairer, booking, price=None).expect(422)["errors"][0]["field"] == "price"
    problem = _issue(api, repairer, booking, price=None, max_price=5000).expect(422)
    assert problem["errors"][0]["field"] == "price_method"


def test_given_the_wrong_actor_then_refused(api, repairer, customer, booking, other_customer):
    path = f"/api/v1/repair/bookings/{booking.reference}/information-form"
    assert api.post(path, FORM).status == 401
    assert api.as_(customer).post(path, FORM).expect(403)["code"] == "not_a_repairer"  # before the body
    _issue(api, repairer, booking).expect(201)
    assert api.as_(other_customer).get(path).expect(404)["code"] == "booking_not_found"
    assert (
        api.as_(repairer).post(path + "/accept").status == 403
    )  # a repairer does not accept for the customer


def test_given_the_web_pages_then_the_repairer_issues_and_the_customer_accepts(
    client, repairer, customer, booking, other_customer
):
    client.force_login(repairer)
    page = client.post(
        f"/repair/desk/bookings/{booking.reference}/information-form/", {**FORM, "working_days": 3}
    )
    assert page.status_code == 302
    client.force_login(other_customer)
    assert client.get(f"/repair/bookings/{booking.reference}/information-form/").status_code == 404
    assert client.get(f"/repair/desk/bookings/{booking.reference}/information-form/").status_code == 404
    client.force_login(customer)
    html = client.get(f"/repair/bookings/{booking.reference}/information-form/").content.decode()
    assert "Battery swells" in html and "information-form/accept/" in html
    client.post(f"/repair/bookings/{booking.reference}/information-form/accept/")
    assert InformationForm.objects.get(booking=booking).accepted_at is not None


@pytest.mark.django_db(transaction=True)
def test_given_two_forms_when_both_are_accepted_at_once_then_exactly_one_binds_the_booking():
    model = ProductModelFactory(category=CategoryFactory(slug="smartphones"))
    shop = open_weekdays(LocationFactory())
    ServiceFactory(location=shop)
    fixer, customer = repairer_at(shop), UserFactory()
    booking = services.book(
        customer=customer,
        location=shop.pk,
        service_kind="battery_replacement",
        product=model,
        starts_at=TEN_AM,
    )
    forms = [
        rif.issue(booking=booking, user=fixer, draft=rif.FormDraft(**{**FORM, "price": price}))
        for price in (7000, 8000)
    ]
    results = race([lambda f=f: rif.accept(form=f, user=customer) for f in forms])
    assert sum(isinstance(r, InformationForm) for r in results) == 1
    assert InformationForm.objects.filter(booking=booking, accepted_at__isnull=False).count() == 1
    winner = next(r for r in results if isinstance(r, InformationForm))
    assert Booking.objects.get(pk=booking.pk).price_amount == winner.price_amount
