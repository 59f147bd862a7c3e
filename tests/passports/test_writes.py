"""Writing passports through the API: professionals' events, the refurbisher's stock passports and staff's
access grants — and every wrong actor refused."""

from __future__ import annotations

import pytest

from comeback.catalog.models import Variant
from comeback.passports import selectors, services
from comeback.passports.models import Passport, PassportEvent
from tests.factories import OfferFactory, SellerFactory, UserFactory, VariantFactory
from tests.orders.helpers import VALID_IMEI

REPAIR = {
    "kind": "repaired",
    "data": {
        "summary": "Screen replaced",
        "technician": "Bench 2",
        "parts_replaced": [{"part": "screen", "source": "oem"}],
    },
}


def _events(p) -> str:
    return f"/api/v1/passports/{p.serial}/events"


# Professionals' events ------------------------------------------------------------------------------------
def test_given_a_repairer_when_it_records_a_repair_then_it_joins_the_signed_history(
    api, stock_passport, repairer
):
    event = api.as_(repairer, ["buyer"]).post(_events(stock_passport), REPAIR).expect(201)
    assert event["kind"] == "repaired" and event["actor"] == {"role": "repairer", "name": "Fix & Co"}
    assert event["disclosed"]["restricted"]["data"] == {"technician": "Bench 2"}
    body = api.get(f"/api/v1/passports/{stock_passport.serial}").expect(200)
    assert body["repairs"][0]["summary"] == "Screen replaced" and "technician" not in body["repairs"][0]
    assert body["parts_replaced"][0]["part"] == "screen"
    assert selectors.verify(Passport.objects.get(pk=stock_passport.pk)).ok


def test_given_the_issuing_refurbisher_when_it_records_grading_then_accepted(api, stock_passport, seller):
    body = {"kind": "battery_measured", "data": {"battery_health": 93, "cycle_count": 120}}
    assert api.as_(seller.user, ["seller"]).post(_events(stock_passport), body).expect(201)["seq"] == 3


def test_given_a_wrong_actor_when_recording_an_event_then_refused(
    api, stock_passport, buyer, repairer, other_seller
):
    assert api.post(_events(stock_passport), REPAIR).expect(401)["code"] == "not_authenticated"
    assert api.as_(buyer).post(_events(stock_passport), REPAIR).expect(403)["code"] == "event_kind_forbidden"
    # a refurbisher writes only on units it issued or handled
    assert api.as_(other_seller.user, ["seller"]).post(_events(stock_passport), REPAIR).expect(403)[
        "code"
    ] == ("not_your_passport")
    # repairers do not recycle, and nobody but the platform records a sale
    recycle = {"kind": "recycled", "data": {"weight_grams": 170}}
    assert (
        api.as_(repairer).post(_events(stock_passport), recycle).expect(403)["code"] == "event_kind_forbidden"
    )
    sale = {"kind": "sold", "data": {"market": "FR"}}
    assert api.as_(repairer).post(_events(stock_passport), sale).expect(403)["code"] == "event_kind_forbidden"
    assert PassportEvent.objects.filter(passport=stock_passport).count() == 2


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"kind": "teleported", "data": {}}, "unknown_event_kind", "kind"),
        (
            {"kind": "repaired", "data": {"summary": "x", "owner_name": "Ada"}},
            "unknown_field",
            "data.owner_name",
        ),
        ({"kind": "repaired", "data": {}}, "field_required", "data.summary"),
        (
            {"kind": "battery_measured", "data": {"battery_health": 101}},
            "invalid_value",
            "data.battery_health",
        ),
        (
            {"kind": "battery_measured", "data": {"battery_health": 99.5}},
            "invalid_value",
            "data.battery_health",
        ),
        (
            {"kind": "part_replaced", "data": {"part": "screen", "part_source": "stolen"}},
            "invalid_choice",
            "data.part_source",
        ),
    ],
)
def test_given_invalid_event_data_when_recording_then_422_names_the_field(
    api, stock_passport, repairer, body, code, field
):
    problem = api.as_(repairer).post(_events(stock_passport), body).expect(422)
    assert problem["code"] == code and problem["errors"][0]["field"] == field


def test_given_an_event_dated_in_the_future_when_recording_then_refused_and_naive_times_are_utc(
    api, stock_passport, repairer
):
    future = {"kind": "battery_measured", "data": {"battery_health": 90}, "at": "2999-01-01T00:00:00Z"}
    assert api.as_(repairer).post(_events(stock_passport), future).expect(422)["code"] == "at_in_future"
    past = {"kind": "battery_measured", "data": {"battery_health": 90}, "at": "2020-05-01T08:30:00"}
    assert api.as_(repairer).post(_events(stock_passport), past).expect(201)["at"] == "2020-05-01T08:30:00Z"


def test_given_a_recycler_when_it_recycles_the_unit_then_the_passport_closes(api, stock_passport):
    recycler = UserFactory()
    services.grant_access(user=recycler, role="recycler", organisation="Envie")
    body = {"kind": "recycled", "data": {"recycler": "Envie", "weight_grams": 172, "certificate_ref": "R-1"}}
    api.as_(recycler).post(_events(stock_passport), body).expect(201)
    passport = api.get(f"/api/v1/passports/{stock_passport.serial}").expect(200)
    assert passport["status"] == "end_of_life" and passport["end_of_life"]["weight_grams"] == 172
    assert api.as_(recycler).post(_events(stock_passport), body).expect(409)["code"] == "passport_closed"


# The refurbisher's stock -----------------------------------------------------------------------------------
def test_given_a_refurbisher_when_it_registers_a_unit_then_a_passport_with_its_grading(api, seller, phone):
    body = {"variant_id": phone.pk, "imei": VALID_IMEI, "grade": "excellent", "battery_health": 94}
    created = (
        api.as_(seller.user, ["seller"])
        .post("/api/v1/seller/passports", body, headers={"Idempotency-Key": "unit-1"})
        .expect(201)
    )
    assert created["level"] == "restricted" and created["restricted"]["imei"] == VALID_IMEI
    assert created["grading"]["grade"] == "excellent" and created["battery_health"][0]["health"] == 94
    assert created["uri"] == f"https://comeback.test/01/{created['gtin']}/21/{created['serial']}"
    assert created["serial"] != VALID_IMEI and len(created["serial"]) == 12
    again = (
        api.as_(seller.user, ["seller"])
        .post("/api/v1/seller/passports", body, headers={"Idempotency-Key": "unit-1"})
        .expect(201)
    )
    assert again["id"] == created["id"] and Passport.objects.count() == 1
    listed = api.as_(seller.user, ["seller"]).get("/api/v1/seller/passports").expect(200)
    assert listed["count"] == 1 and listed["items"][0]["id"] == created["id"]


def test_given_a_wrong_actor_when_registering_or_listing_stock_then_refused(
    api, seller, buyer, phone, other_seller, stock_passport
):
    body = {"variant_id": phone.pk}
    assert api.post("/api/v1/seller/passports", body).expect(401)["code"] == "not_authenticated"
    assert api.as_(buyer).post("/api/v1/seller/passports", body).expect(403)["code"] == "not_a_seller"
    assert (
        api.as_(seller.user, ["buyer"]).post("/api/v1/seller/passports", body).expect(403)["code"]
        == "missing_scope"
    )
    assert api.as_(buyer).get("/api/v1/seller/passports").expect(403)["code"] == "not_a_seller"
    # another refurbisher cannot claim this unit's next life, nor see it in its list
    steal = {"variant_id": phone.pk, "previous": stock_passport.serial}
    assert api.as_(other_seller.user, ["seller"]).post("/api/v1/seller/passports", steal).expect(403)[
        "code"
    ] == ("not_your_passport")
    assert api.as_(other_seller.user, ["seller"]).get("/api/v1/seller/passports").expect(200)["count"] == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"variant_id": 999999}, "unknown_variant"),
        ({"imei": "490154203237519"}, "invalid_imei"),
        ({"grade": "mint"}, "invalid_choice"),
        ({"previous": "NOSUCHUNIT1"}, "unknown_passport"),
    ],
)
def test_given_invalid_stock_when_registering_then_422(api, seller, phone, body, code):
    problem = api.as_(seller.user, ["seller"]).post(
        "/api/v1/seller/passports", {"variant_id": phone.pk, **body}
    )
    assert problem.expect(422)["code"] == code


def test_given_a_removed_refurbisher_when_registering_then_refused(api, phone):
    removed = SellerFactory(user=UserFactory(), status="removed")
    problem = (
        api.as_(removed.user, ["seller"])
        .post("/api/v1/seller/passports", {"variant_id": phone.pk})
        .expect(403)
    )
    assert problem["code"] == "seller_not_active"


# Identifiers ---------------------------------------------------------------------------------------------
def test_given_variants_without_a_gtin_when_opening_passports_then_each_variant_gets_its_own_once(
    seller, phone
):
    from stdnum import ean

    Variant.objects.filter(product=phone.product).update(gtin=None)
    phone.refresh_from_db()
    sibling = VariantFactory(product=phone.product, gtin=None, attributes={"storage_gb": 256}, label="256 GB")
    first = services.open_stock_passport(seller=seller, variant=phone)
    second = services.open_stock_passport(seller=seller, variant=phone)
    other = services.open_stock_passport(seller=seller, variant=sibling)
    assert first.gtin == second.gtin != other.gtin  # GS1: one GTIN per trade item, so per variant
    assert all(ean.is_valid(p.gtin) and p.gtin.startswith("00614141") for p in (first, other))
    assert Variant.objects.get(pk=phone.pk).gtin == first.gtin  # kept on the variant, in the catalogue
    assert first.serial != second.serial


def test_given_a_catalogue_gtin_when_opening_a_passport_then_it_is_used(seller, phone):
    assert services.open_stock_passport(seller=seller, variant=phone).gtin == phone.gtin
    gtin13 = VariantFactory(gtin="4006381333931")
    assert services.open_stock_passport(seller=seller, variant=gtin13).gtin == "04006381333931"


def test_given_a_brand_with_one_gtin_for_every_variant_then_units_of_each_variant_carry_it(seller, phone):
    phone.product.gtin = "09506000134352"
    phone.product.save()
    Variant.objects.filter(pk=phone.pk).update(gtin=None)
    phone.refresh_from_db()
    assert services.open_stock_passport(seller=seller, variant=phone).gtin == "09506000134352"
    assert Variant.objects.get(pk=phone.pk).gtin is None


def test_given_an_imei_as_serial_when_opening_then_refused(phone):
    from comeback.core.problems import Invalid

    with pytest.raises(Invalid) as caught:
        services.open_passport(variant=phone, source="stock", serial=VALID_IMEI, imei=VALID_IMEI)
    assert caught.value.code == "serial_looks_like_imei"


# Staff: grants -----------------------------------------------------------------------------------------------
def test_given_staff_when_granting_and_revoking_a_role_then_the_user_reads_accordingly(
    api, staff, stock_passport
):
    fixer = UserFactory(email="fix@example.test")
    grant = (
        api.as_(staff, ["staff"])
        .post(
            "/api/v1/staff/passport-grants", {"email": fixer.email, "role": "repairer", "organisation": "Fix"}
        )
        .expect(201)
    )
    assert grant["level"] == "restricted"
    assert (
        api.as_(fixer).get(f"/api/v1/passports/{stock_passport.serial}").expect(200)["level"] == "restricted"
    )
    assert api.as_(staff, ["staff"]).get("/api/v1/staff/passport-grants").expect(200)["count"] == 1
    api.as_(staff, ["staff"]).delete(f"/api/v1/staff/passport-grants/{grant['id']}").expect(204)
    assert api.as_(fixer).get(f"/api/v1/passports/{stock_passport.serial}").expect(200)["level"] == "public"
    assert api.as_(staff, ["staff"]).delete(f"/api/v1/staff/passport-grants/{grant['id']}").expect(404)[
        "code"
    ] == ("grant_not_found")


def test_given_a_wrong_actor_when_managing_grants_then_refused(api, seller, staff):
    body = {"email": seller.user.email, "role": "authority", "organisation": "Me"}
    assert api.post("/api/v1/staff/passport-grants", body).expect(401)["code"] == "not_authenticated"
    seller_client = api.as_(seller.user, ["buyer", "seller"])
    assert seller_client.post("/api/v1/staff/passport-grants", body).expect(403)["code"] == "missing_scope"
    assert seller_client.get("/api/v1/staff/passport-grants").expect(403)["code"] == "missing_scope"
    assert seller_client.delete("/api/v1/staff/passport-grants/1").expect(403)["code"] == "missing_scope"
    assert (
        api.as_(staff, ["buyer"]).get("/api/v1/staff/passport-grants").expect(403)["code"] == "missing_scope"
    )
    bad = {**body, "role": "king"}
    assert (
        api.as_(staff, ["staff"]).post("/api/v1/staff/passport-grants", bad).expect(422)["code"]
        == "invalid_role"
    )


def test_given_another_sellers_offer_when_listing_variants_then_the_form_offers_only_ones_own(seller, phone):
    from comeback.passports.forms import PassportForm

    OfferFactory(seller=seller, variant=phone)
    OfferFactory(seller=SellerFactory(user=UserFactory()))
    assert list(PassportForm(seller=seller).fields["variant"].queryset) == [phone]


def test_given_a_nul_in_an_event_note_then_422_and_the_signed_history_is_unchanged(
    api, stock_passport, repairer
):
    before = PassportEvent.objects.filter(passport=stock_passport).count()
    body = {"kind": "repaired", "data": {"summary": "Screen\x00 replaced", "technician": "Bench 2"}}
    problem = api.as_(repairer, ["buyer"]).post(_events(stock_passport), body).expect(422)
    assert problem["code"] == "invalid_characters" and problem["errors"][0]["field"] == "data.summary"
    assert PassportEvent.objects.filter(passport=stock_passport).count() == before
    assert selectors.verify(Passport.objects.get(pk=stock_passport.pk)).ok


def test_given_an_event_note_over_several_lines_then_it_is_recorded(api, stock_passport, repairer):
    body = {"kind": "repaired", "data": {"summary": "Screen replaced\nBattery checked", "technician": "B2"}}
    api.as_(repairer, ["buyer"]).post(_events(stock_passport), body).expect(201)


def test_given_a_repairer_without_a_job_on_the_unit_when_it_writes_then_403_until_its_location_holds_one(
    api, stock_passport
):
    from tests.repair.factories import LocationFactory

    from .conftest import hold

    stranger = UserFactory(email="stranger-fixer@example.test")
    services.grant_access(user=stranger, role="repairer", organisation="Elsewhere")
    before = PassportEvent.objects.filter(passport=stock_passport).count()
    refused = api.as_(stranger, ["buyer"]).post(_events(stock_passport), REPAIR).expect(403)
    assert refused["code"] == "not_your_passport"
    # a job on the unit at a location where someone else works does not count either
    other = UserFactory(email="other-fixer@example.test")
    hold(other, stock_passport)
    assert LocationFactory()  # an unrelated location changes nothing
    api.as_(stranger, ["buyer"]).post(_events(stock_passport), REPAIR).expect(403)
    assert PassportEvent.objects.filter(passport=stock_passport).count() == before
    hold(stranger, stock_passport)
    api.as_(stranger, ["buyer"]).post(_events(stock_passport), REPAIR).expect(201)
