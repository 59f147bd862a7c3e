"""The recovery API: a seller token sees and moves its own devices, a staff token every device (the steps the
table gives staff); invalid transitions are 409, the wrong actor is refused on every endpoint."""

from __future__ import annotations

import pytest

from comeback.core import outbox
from tests.factories import UserFactory

from .factories import collected, collection, recycler

DEVICE_POSTS = [
    ("list", {"price": 40000, "grade": "good", "battery_health": 90}),
    ("refurbishing", {}),
    ("parts", {"part_id": 1}),
    ("refurbished", {"grade": "good", "battery_health": 90, "operations": ["Clean"]}),
    ("harvest", {"parts": ["screen"]}),
    ("upcycle", {"collection_id": 1}),
    ("recycler", {"recycler_id": 1}),
    ("recycled", {"certificate_ref": "C-1"}),
    ("reroute", {"route": "harvest", "reason": "x"}),
]


def url(ref: str, action: str = "") -> str:
    return f"/api/v1/recovery/devices/{ref}" + (f"/{action}" if action else "")


def test_given_a_seller_when_listing_devices_then_only_its_own_with_route_age_and_summary(
    api, refurbisher, rival
):
    mine = collected(refurbisher, "resell")
    collected(rival, "harvest")
    body = api.as_(refurbisher.user).get("/api/v1/recovery/devices").expect(200)
    assert [d["ref"] for d in body["items"]] == [mine.ref]
    item = body["items"][0]
    assert (item["route"], item["status"], item["age_days"], item["stale"], item["next_steps"]) == (
        "resell",
        "awaiting",
        0,
        False,
        ["listed"],
    )
    assert body["summary"]["open"]["resell"]["0-7"] == 1 and body["summary"]["total"] == 1


def test_given_staff_when_listing_devices_then_every_device_filtered_by_route(
    api, refurbisher, rival, staff_user
):
    collected(refurbisher, "resell")
    theirs = collected(rival, "harvest")
    body = api.as_(staff_user).get("/api/v1/recovery/devices").expect(200)
    assert len(body["items"]) == 2
    body = api.as_(staff_user).get("/api/v1/recovery/devices", {"route": "harvest"}).expect(200)
    assert [d["ref"] for d in body["items"]] == [theirs.ref]
    assert (
        api.as_(staff_user).get("/api/v1/recovery/devices", {"route": "bin"}).expect(422)["code"]
        == "invalid_route"
    )
    assert (
        api.as_(staff_user).get("/api/v1/recovery/devices", {"state": "x"}).expect(422)["code"]
        == "invalid_state"
    )


def test_given_a_device_to_resell_when_listed_through_the_api_then_listed(api, refurbisher):
    t = collected(refurbisher, "resell")
    body = (
        api.as_(refurbisher.user)
        .post(url(t.ref, "list"), {"price": 40000, "grade": "good", "battery_health": 90})
        .expect(200)
    )
    assert (body["status"], body["grade"], body["battery_health"]) == ("listed", "good", 90) and body[
        "offer_id"
    ]
    problem = (
        api.as_(refurbisher.user)
        .post(url(t.ref, "list"), {"price": 40000, "grade": "good", "battery_health": 90})
        .expect(409)
    )
    assert problem["code"] == "invalid_transition"


def test_given_a_device_to_harvest_when_the_steps_of_another_route_are_posted_then_409(api, refurbisher):
    t = collected(refurbisher, "harvest")
    api.as_(refurbisher.user).post(url(t.ref, "refurbishing"), {}).expect(409)
    api.as_(refurbisher.user).post(url(t.ref, "recycler"), {"recycler_id": recycler().pk}).expect(409)
    body = api.as_(refurbisher.user).post(url(t.ref, "harvest"), {"parts": ["battery", "camera"]}).expect(200)
    assert body["status"] == "harvested" and len(body["parts_harvested"]) == 2
    assert (
        api.as_(refurbisher.user)
        .post(url(t.ref, "reroute"), {"route": "recycle", "reason": "late"})
        .expect(409)["code"]
        == "invalid_transition"
    )


def test_given_a_device_to_upcycle_and_one_to_recycle_when_staff_carry_them_out_then_done(
    api, refurbisher, staff_user
):
    up, down = collected(refurbisher, "upcycle"), collected(refurbisher, "recycle")
    belts, envie = collection(), recycler()
    staff = api.as_(staff_user)
    assert (
        staff.post(url(up.ref, "upcycle"), {"collection_id": belts.pk, "note": "Belt 7"}).expect(200)[
            "status"
        ]
        == "upcycled"
    )
    assert (
        staff.post(url(down.ref, "recycler"), {"recycler_id": envie.pk, "weight_grams": 181}).expect(200)[
            "weight_grams"
        ]
        == 181
    )
    body = staff.post(url(down.ref, "recycled"), {"certificate_ref": "COT-1"}).expect(200)
    assert (body["status"], body["recycler"]["certification"]) == ("recycled", "weeelabex")


def test_given_staff_when_taking_a_refurbisher_only_step_then_403(api, refurbisher, staff_user):
    resell, refurbish = collected(refurbisher, "resell"), collected(refurbisher, "refurbish")
    staff = api.as_(staff_user)
    assert (
        staff.post(url(resell.ref, "list"), {"price": 1, "grade": "good", "battery_health": 90}).expect(403)[
            "code"
        ]
        == "actor_not_allowed"
    )
    assert staff.post(url(refurbish.ref, "refurbishing"), {}).expect(403)["code"] == "actor_not_allowed"
    assert (
        staff.post(url(refurbish.ref, "reroute"), {"route": "harvest", "reason": "x"}).expect(403)["code"]
        == "actor_not_allowed"
    )


@pytest.mark.parametrize("action,body", DEVICE_POSTS)
def test_given_another_seller_or_a_buyer_or_nobody_when_acting_on_a_device_then_refused(
    api, refurbisher, rival, action, body
):
    t = collected(refurbisher, "resell")
    assert api.as_(rival.user).post(url(t.ref, action), body).expect(404)["code"] == "device_not_found"
    assert api.as_(UserFactory()).post(url(t.ref, action), body).expect(403)["code"] == "not_a_seller"
    api.post(url(t.ref, action), body).expect(401)
    outbox.drain()


def test_given_the_wrong_actor_when_reading_devices_then_refused(api, refurbisher, rival):
    t = collected(refurbisher, "resell")
    api.get("/api/v1/recovery/devices").expect(401)
    api.get(url(t.ref)).expect(401)
    api.as_(UserFactory()).get("/api/v1/recovery/devices").expect(403)
    api.as_(rival.user).get(url(t.ref)).expect(404)
    api.as_(refurbisher.user, scopes=["buyer"]).get("/api/v1/recovery/devices").expect(403)
    assert api.as_(refurbisher.user).get(url(t.ref)).expect(200)["ref"] == t.ref


def test_given_recyclers_and_collections_then_anyone_acting_reads_them_and_only_staff_adds(
    api, refurbisher, staff_user
):
    body = {"name": "ERI", "certification": "r2", "country": "US"}
    assert (
        api.as_(refurbisher.user).post("/api/v1/recovery/recyclers", body).expect(403)["code"] == "staff_only"
    )
    api.post("/api/v1/recovery/recyclers", body).expect(401)
    made = api.as_(staff_user).post("/api/v1/recovery/recyclers", body).expect(201)
    assert made["certification_label"] == "R2 (SERI)"
    assert (
        api.as_(staff_user).post("/api/v1/recovery/recyclers", body).expect(409)["code"] == "recycler_exists"
    )
    assert [
        r["name"] for r in api.as_(refurbisher.user).get("/api/v1/recovery/recyclers").expect(200)["items"]
    ] == ["ERI"]
    coll = {"name": "Buckle Up", "maker": "Atelier Boucle"}
    api.as_(refurbisher.user).post("/api/v1/recovery/collections", coll).expect(403)
    api.as_(UserFactory()).get("/api/v1/recovery/collections").expect(403)
    assert (
        api.as_(staff_user).post("/api/v1/recovery/collections", coll).expect(201)["slug"]
        == "buckle-up-atelier-boucle"
    )
    assert (
        api.as_(staff_user)
        .post("/api/v1/recovery/collections", {"name": "", "maker": ""})
        .expect(422)["errors"]
    )


def test_given_the_impact_report_then_staff_only_and_periods_checked(api, refurbisher, staff_user):
    api.get("/api/v1/recovery/impact").expect(401)
    assert api.as_(refurbisher.user).get("/api/v1/recovery/impact").expect(403)["code"] == "staff_only"
    staff = api.as_(staff_user)
    body = staff.get("/api/v1/recovery/impact").expect(200)
    assert body["units"] == 0 and body["co2e_kg"] == 0
    staff.get(
        "/api/v1/recovery/impact", {"since": "2026-02-01T00:00:00Z", "until": "2026-01-01T00:00:00Z"}
    ).expect(422)
    staff.get("/api/v1/recovery/impact", {"market": "XX"}).expect(422)
