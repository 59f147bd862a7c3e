"""Applying to sell: professionals only, identifiers validated per country (docs/design.md §2)."""

from __future__ import annotations

import pytest

from comeback.accounts.models import User
from comeback.sellers.models import Seller, SellerApplication, SellerStatus

from ..factories import PASSWORD, SellerFactory, UserFactory

PROCESS = (
    "Every device is tested on a 40-point bench, graded under daylight lamps, repaired with "
    "genuine or certified parts and wiped with a NIST 800-88 Purge certificate."
)


def body(**over) -> dict:
    b = {
        "legal_name": "Refurb Lyon SAS",
        "company_registration": "732 829 320",
        "vat_number": "FR44732829320",
        "country": "FR",
        "address": "12 rue de la République, 69002 Lyon",
        "contact_name": "Camille Martin",
        "contact_email": "camille@refurb-lyon.test",
        "contact_phone": "+33 4 72 00 00 00",
        "markets": ["FR", "DE"],
        "process_description": PROCESS,
        "password": "a-long-seller-pw-2027",
    }
    b.update(over)
    return b


pytestmark = pytest.mark.django_db


def test_given_a_complete_application_when_posting_it_then_a_seller_account_awaits_verification(api):
    out = api.post("/api/v1/sellers/applications", body()).expect(201)
    assert out["status"] == "applied" and out["id"]
    seller = Seller.objects.get(pk=out["id"])
    assert seller.user.email == "camille@refurb-lyon.test" and seller.user.check_password(
        "a-long-seller-pw-2027"
    )
    assert seller.vat_number == "FR44732829320" and seller.company_registration == "732829320"
    assert seller.markets == ["FR", "DE"]
    assert SellerApplication.objects.get(seller=seller).process_description == PROCESS


@pytest.mark.parametrize(
    ("country", "vat", "normalised"),
    [
        ("DE", "DE136695976", "DE136695976"),
        ("GB", "GB 980 7806 84", "GB980780684"),
        ("US", "04-2103594", "04-2103594"),
        ("JP", "T5835678256246", "5835678256246"),
        ("GR", "094259216", "EL094259216"),
    ],
)
def test_given_a_valid_tax_id_of_each_country_when_applying_then_it_is_stored_normalised(
    api, country, vat, normalised
):
    out = api.post(
        "/api/v1/sellers/applications",
        body(country=country, vat_number=vat, company_registration="HRB 12345"),
    ).expect(201)
    assert Seller.objects.get(pk=out["id"]).vat_number == normalised


@pytest.mark.parametrize(
    ("over", "field", "code"),
    [
        ({"vat_number": "FR40303265046"}, "vat_number", "invalid_vat_number"),
        ({"vat_number": "DE136695976"}, "vat_number", "invalid_vat_number"),
        ({"country": "US", "vat_number": "12-345"}, "vat_number", "invalid_vat_number"),
        ({"country": "GB", "vat_number": "GB123"}, "vat_number", "invalid_vat_number"),
        ({"company_registration": "123456789"}, "company_registration", "invalid_company_registration"),
        ({"country": "XX"}, "country", "invalid_country"),
        ({"markets": ["FR", "MARS"]}, "markets", "unknown_market"),
        ({"markets": []}, "markets", "required"),
        ({"process_description": "We fix phones."}, "process_description", "too_short"),
        ({"contact_email": "not-an-email"}, "contact_email", "invalid_email"),
        ({"contact_phone": "call me"}, "contact_phone", "invalid_phone"),
        ({"password": "short"}, "password", "weak_password"),
        ({"legal_name": " "}, "legal_name", "required"),
    ],
)
def test_given_a_wrong_field_when_applying_then_422_names_the_field_and_its_rule(api, over, field, code):
    problem = api.post("/api/v1/sellers/applications", body(**over)).expect(422)
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in problem["errors"]
    ]
    assert not Seller.objects.exists()


def test_given_several_wrong_fields_when_applying_then_every_one_is_reported_at_once(api):
    problem = api.post(
        "/api/v1/sellers/applications", body(vat_number="FR0", markets=[], process_description="short")
    ).expect(422)
    assert {e["field"] for e in problem["errors"]} == {"vat_number", "markets", "process_description"}


def test_given_an_email_with_an_account_when_applying_anonymously_then_409_email_taken(api):
    UserFactory(email="camille@refurb-lyon.test")
    problem = api.post("/api/v1/sellers/applications", body()).expect(409)
    assert problem["code"] == "email_taken"
    assert not Seller.objects.exists()


def test_given_a_missing_field_when_applying_then_422_with_the_field(api):
    b = body()
    del b["vat_number"]
    problem = api.post("/api/v1/sellers/applications", b).expect(422)
    assert problem["errors"][0]["field"] == "vat_number"


def test_given_a_visitor_when_applying_on_the_web_then_the_account_is_created_and_logged_in(client):
    page = client.get("/sell/apply/")
    assert page.status_code == 200 and b'name="vat_number"' in page.content
    form = body(password2="a-long-seller-pw-2027")
    resp = client.post("/sell/apply/", form)
    assert resp.status_code == 302 and resp["Location"] == "/seller/trust/"
    seller = Seller.objects.get(user__email="camille@refurb-lyon.test")
    assert seller.status == SellerStatus.APPLIED
    page = client.get("/seller/trust/")
    assert b"Application under review" in page.content


def test_given_a_bad_vat_on_the_web_form_when_submitting_then_the_error_shows_next_to_the_field(client):
    resp = client.post("/sell/apply/", body(vat_number="FR40303265046", password2="a-long-seller-pw-2027"))
    assert resp.status_code == 422
    assert b'id="id_vat_number_error"' in resp.content and b"check digits" in resp.content
    assert not User.objects.filter(email="camille@refurb-lyon.test").exists()


def test_given_a_logged_in_user_when_applying_on_the_web_then_the_shop_attaches_to_that_account(client):
    user = UserFactory(email="owner@example.test")
    client.login(email=user.email, password=PASSWORD)
    form = body(contact_email="owner@example.test")
    del form["password"]
    resp = client.post("/sell/apply/", form)
    assert resp.status_code == 302
    assert Seller.objects.get().user == user


def test_given_a_user_who_already_has_a_shop_when_opening_apply_then_they_go_to_their_standing(client):
    seller = SellerFactory()
    client.login(email=seller.user.email, password=PASSWORD)
    assert client.get("/sell/apply/")["Location"] == "/seller/trust/"


def test_given_many_applications_from_one_address_when_posting_then_429_like_sign_up(api, settings):
    settings.RATELIMITS = {**getattr(settings, "RATELIMITS", {}), "signup": "2/h"}
    for n in range(2):
        api.post(
            "/api/v1/sellers/applications", body(contact_email=f"c{n}@refurb.test", vat_number="x")
        ).expect(422)
    problem = api.post("/api/v1/sellers/applications", body()).expect(429)
    assert problem["code"] == "rate_limited"
