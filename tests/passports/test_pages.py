"""Passport pages: the passport itself (a phone, a garment), the printable label, the refurbisher's passports
page and the record-an-event form — and the wrong actor refused on each."""

from __future__ import annotations

from comeback.passports import services
from comeback.passports.kinds import Actor
from comeback.passports.models import Passport, PassportEvent
from tests.factories import OfferFactory, UserFactory
from tests.orders.helpers import VALID_IMEI

HTML = "text/html"


def test_given_a_repaired_phone_when_its_page_opens_then_grade_battery_history_and_verification_show(
    client, seller, stock_passport
):
    services.record_event(
        passport=stock_passport,
        kind="part_replaced",
        actor=Actor.of_seller(seller),
        data={"part": "battery", "part_source": "oem"},
    )
    page = client.get(stock_passport.path, HTTP_ACCEPT=HTML).content.decode()
    for text in (
        "Good",
        "91",
        "Battery health history",
        "battery",
        "Material composition",
        "aluminium",
        "Avoided impact",
        "24.6 kg",
        "ADEME",
        "History verified",
        stock_passport.serial,
        "<svg",
    ):
        assert text in page, text
    assert 'id="history"' in page and page.count("<li>") >= 3


def test_given_a_garment_passport_then_fibres_care_and_repair_instructions_show(client, seller, jacket):
    p = services.open_stock_passport(
        seller=seller,
        variant=jacket,
        grade="excellent",
        care_instructions=["Machine wash 30 °C"],
        repair_instructions="Any tailor.",
    )
    page = client.get(p.path, HTTP_ACCEPT=HTML).content.decode()
    for text in (
        "Fibre composition",
        "cotton",
        "Care and repair",
        "Machine wash 30 °C",
        "Any tailor.",
        "Excellent",
    ):
        assert text in page, text
    assert "Battery" not in page  # a jacket has no battery


def test_given_the_issuer_when_opening_the_label_then_a_printable_qr_and_element_string(
    client, seller, stock_passport
):
    client.force_login(seller.user)
    response = client.get(f"/passports/{stock_passport.serial}/label/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and f"(01){stock_passport.gtin}(21){stock_passport.serial}" in page
    assert "passports/label.js" in page and "<script>" not in page


def test_given_a_wrong_actor_when_opening_a_label_then_refused(
    client, stock_passport, other_seller, buyer, staff
):
    url = f"/passports/{stock_passport.serial}/label/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(other_seller.user)
    assert client.get(url).status_code == 403
    client.force_login(buyer)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200
    assert client.get("/passports/NOSUCHUNIT1/label/").status_code == 404


def test_given_a_refurbisher_when_it_registers_a_unit_on_the_portal_then_it_lands_on_the_label(
    client, seller, phone
):
    OfferFactory(seller=seller, variant=phone)
    client.force_login(seller.user)
    page = client.get("/seller/passports/")
    assert page.status_code == 200 and "Register a unit" in page.content.decode()
    response = client.post(
        "/seller/passports/",
        {
            "variant": phone.pk,
            "imei": VALID_IMEI,
            "grade": "good",
            "battery_health": "90",
            "care_instructions": "",
        },
    )
    p = Passport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/passports/{p.serial}/label/"
    assert p.imei == VALID_IMEI and p.issuer == seller
    assert p.serial in client.get("/seller/passports/").content.decode()


def test_given_invalid_input_on_the_portal_then_errors_show_beside_the_fields(client, seller, phone):
    OfferFactory(seller=seller, variant=phone)
    client.force_login(seller.user)
    response = client.post("/seller/passports/", {"variant": phone.pk, "imei": "123"})
    assert response.status_code == 200
    assert "This IMEI is not valid" in response.content.decode()
    response = client.post("/seller/passports/", {"sku": "NOPE"})
    assert "No variant has this SKU." in response.content.decode()
    assert not Passport.objects.exists()


def test_given_a_wrong_actor_on_the_portal_page_then_refused(client, buyer):
    assert client.get("/seller/passports/").status_code == 302
    client.force_login(buyer)
    assert client.get("/seller/passports/").status_code == 403
    assert client.post("/seller/passports/", {}).status_code == 403


def test_given_a_repairer_when_recording_a_repair_on_the_web_then_it_joins_the_history(
    client, repairer, stock_passport
):
    client.force_login(repairer)
    form = client.get(f"/passports/{stock_passport.serial}/record/")
    assert form.status_code == 200 and "passports/record.js" in form.content.decode()
    response = client.post(
        f"/passports/{stock_passport.serial}/record/",
        {
            "kind": "repaired",
            "summary": "Charging port cleaned and replaced",
            "parts_replaced": "charging port | compatible",
            "technician": "Sam",
        },
    )
    assert response.status_code == 302 and response["Location"] == stock_passport.path
    event = PassportEvent.objects.filter(passport=stock_passport).latest("seq")
    assert event.kind == "repaired" and event.actor_name == "Fix & Co"
    assert event.data["public"]["parts_replaced"] == [{"part": "charging port", "source": "compatible"}]
    assert event.data["restricted"] == {"technician": "Sam"}


def test_given_a_missing_field_on_the_record_form_then_the_error_shows(client, repairer, stock_passport):
    client.force_login(repairer)
    response = client.post(f"/passports/{stock_passport.serial}/record/", {"kind": "repaired"})
    assert response.status_code == 200 and "“summary” is required." in response.content.decode()


def test_given_a_wrong_actor_on_the_record_form_then_refused(client, stock_passport, buyer, other_seller):
    url = f"/passports/{stock_passport.serial}/record/"
    assert client.get(url).status_code == 302
    client.force_login(buyer)
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "repaired", "summary": "x"}).status_code == 403
    client.force_login(other_seller.user)  # a refurbisher, but not this unit's
    assert client.post(url, {"kind": "graded", "grade": "good"}).status_code == 403
    assert PassportEvent.objects.filter(passport=stock_passport).count() == 2


def test_given_a_visitor_then_no_record_button_and_a_professional_sees_it(client, stock_passport, repairer):
    assert "Record an event" not in client.get(stock_passport.path, HTTP_ACCEPT=HTML).content.decode()
    client.force_login(repairer)
    assert "Record an event" in client.get(stock_passport.path, HTTP_ACCEPT=HTML).content.decode()
    client.force_login(UserFactory())
    assert "Record an event" not in client.get(stock_passport.path, HTTP_ACCEPT=HTML).content.decode()
