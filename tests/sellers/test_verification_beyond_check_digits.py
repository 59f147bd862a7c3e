"""Sellers verified beyond check digits (docs/trust.md §3): the VAT number must match the registration where a
rule links them, a company registry is asked, and trader traceability (DSA Art. 30) gates listing."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from comeback.sellers.models import Seller, SellerApplication
from tests.factories import SellerFactory, UserFactory
from tests.offers import conftest as offers

from .test_application import body

pytestmark = pytest.mark.django_db
COMPLETE = {
    "trade_register": "RCS Lyon 732 829 320",
    "id_document_type": "id_card",
    "id_document_number": "X4RTBPFW4",
    "id_document_holder": "Camille Martin",
    "self_certification": True,
}


def test_given_a_siren_and_the_vat_number_of_another_company_then_both_fields_are_refused(api):
    problem = api.post(
        "/api/v1/sellers/applications", body(company_registration="732 829 320", vat_number="FR40303265045")
    ).expect(422)
    named = {e["field"]: e for e in problem["errors"]}
    assert named["vat_number"]["code"] == named["company_registration"]["code"] == "vat_registration_mismatch"
    assert "303265045" in named["vat_number"]["message"] and "FR44732829320" in named["vat_number"]["message"]
    assert not Seller.objects.exists()


def test_given_a_vat_number_the_registry_does_not_know_then_422_vat_not_registered(api):
    problem = api.post(
        "/api/v1/sellers/applications", body(company_registration="404833048", vat_number="FR83404833048")
    ).expect(422)
    assert problem["errors"][0] == {
        "field": "vat_number",
        "code": "vat_not_registered",
        "message": problem["errors"][0]["message"],
    }


def test_given_a_registered_vat_number_then_the_registry_answer_is_kept_for_staff(api, client, staff):
    out = api.post("/api/v1/sellers/applications", body()).expect(201)
    check = SellerApplication.objects.get(seller_id=out["id"]).registry_check
    assert (check["status"], check["name"], check["source"]) == ("valid", "REFURB LYON SAS", "vies")
    client.force_login(staff)
    page = client.get(f"/staff/sellers/{out['id']}/").content.decode()
    assert "REFURB LYON SAS" in page and "Missing:" in page


phone = offers.phone_variant


def test_given_missing_traceability_when_listing_then_409_names_what_is_missing_until_complete(api, phone):
    seller = SellerFactory(
        trade_register="", id_document_number="", payment_account_at=None, self_certified_at=None
    )
    me = api.as_(seller.user)
    problem = me.post("/api/v1/seller/listings", offers.listing_body(phone)).expect(409)
    assert problem["code"] == "traceability_incomplete"
    assert problem["missing"] == [
        "identity_document",
        "payment_account",
        "trade_register",
        "self_certification",
    ]
    assert me.post("/api/v1/seller/traceability", {**COMPLETE, "self_certification": False}).expect(422)[
        "errors"
    ][0]["field"] == ("self_certification")
    assert me.post("/api/v1/seller/traceability", COMPLETE).expect(200)["missing"] == ["payment_account"]
    outbox.emit("payouts.bank_account.registered", bank_account_id=0, seller_id=seller.pk, changed=False)
    outbox.drain()
    assert me.get("/api/v1/seller/traceability").expect(200)["missing"] == []
    me.post("/api/v1/seller/listings", offers.listing_body(phone)).expect(201)


def test_given_other_actors_when_reading_traceability_then_only_the_seller_and_staff(api, staff, seller):
    buyer = UserFactory()
    api.as_(buyer).get("/api/v1/seller/traceability").expect(403)
    api.as_(buyer).post("/api/v1/seller/traceability", COMPLETE).expect(403)
    api.as_(seller.user).get(f"/api/v1/staff/sellers/{seller.pk}/traceability").expect(403)
    assert api.as_(staff).get(f"/api/v1/staff/sellers/{seller.pk}/traceability").expect(200)["missing"] == []


def test_given_the_portal_form_when_a_seller_completes_it_then_it_is_saved(client):
    seller = SellerFactory(trade_register="", self_certified_at=None)
    client.force_login(seller.user)
    assert "Missing:" in client.get("/seller/traceability/").content.decode()
    client.post("/seller/traceability/", {**COMPLETE, "self_certification": "on"})
    seller.refresh_from_db()
    assert seller.trade_register == "RCS Lyon 732 829 320" and seller.self_certified_at is not None
