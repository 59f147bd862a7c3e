"""Opening a claim: what is covered, what is refused (with the legal guarantee named), and the evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest

from comeback.aftersales.models import Claim, ClaimPhoto
from comeback.core.images import MAX_BYTES as MAX_PHOTO_BYTES
from comeback.orders.services import returns
from tests.images import JPEG, PNG, jpeg_claiming, png_bomb

from .conftest import T0
from .factories import delivered_line, open_claim, photo, post_claim


def test_given_a_delivered_unit_when_the_buyer_claims_with_a_photo_then_the_claim_is_open_with_its_deadline(
    api, buyer, line
):
    body = post_claim(api.as_(buyer), line, photos=[photo()], fault="screen", declared_dropped="true").expect(
        201
    )
    assert body["status"] == "open" and body["fault"] == "screen" and body["escalated"] is False
    assert body["answer_due_at"] == "2027-03-05T23:00:00Z"  # Saturday 00:00 in Paris: Thursday and Friday
    assert body["declared_dropped"] is True and body["declared_liquid"] is False
    assert len(body["photos"]) == 1 and ClaimPhoto.objects.get().content_type == "image/png"
    assert body["warranty"]["until"] == "2028-03-03" and body["warranty"]["legal_guarantee"]["months"] == 24
    listed = api.as_(buyer).get("/api/v1/warranty/claims").expect(200)
    assert [c["ref"] for c in listed["items"]] == [body["ref"]]
    assert api.as_(buyer).get(f"/api/v1/warranty/claims/{body['id']}").expect(200)["id"] == body["id"]


def test_given_the_warranty_ended_when_the_buyer_claims_then_it_is_refused_pointing_to_the_legal_guarantee(
    api, buyer, line, clock_at
):
    with clock_at(T0 + timedelta(days=400)):
        problem = post_claim(api.as_(buyer), line).expect(409)
    assert problem["code"] == "outside_warranty"
    assert problem["warranty_until"] == "2028-03-03"
    assert problem["legal_guarantee"] == {
        "months": 24,
        "until": "2029-03-03",
        "applies": True,
        "extended_months": 0,
        "text": problem["legal_guarantee"]["text"],
    }
    assert "2029-03-03" in problem["detail"]
    assert not Claim.objects.exists()


def test_given_a_us_unit_past_its_warranty_when_claimed_then_the_refusal_says_no_statutory_period_applies(
    api, buyer, seller, clock_at
):
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, market="US", at=T0)
    with clock_at(T0 + timedelta(days=400)):
        problem = post_claim(api.as_(buyer), line).expect(409)
    assert problem["code"] == "outside_warranty"
    assert (
        problem["legal_guarantee"]["months"] is None
        and "merchantability" in problem["legal_guarantee"]["text"]
    )


def test_given_the_last_day_of_the_warranty_when_claimed_then_it_is_still_covered(buyer, line, clock_at):
    # Delivered 3 March 2027 in Paris; 12 months → covered through 3 March 2028 (local day).
    with clock_at(T0.replace(year=2028, hour=20)):
        assert open_claim(line).status == "open"


def test_given_someone_elses_line_when_a_buyer_claims_then_it_is_not_found(api, line, other_buyer_user):
    problem = post_claim(api.as_(other_buyer_user), line).expect(404)
    assert problem["code"] == "line_not_found"


def test_given_a_line_not_yet_delivered_when_claimed_then_it_is_refused(api, buyer, seller, frozen):
    from tests.factories import OfferFactory
    from tests.orders.helpers import place_order, walk

    line = place_order(buyer, OfferFactory(seller=seller)).lines.get()
    walk(line, "shipped")
    assert post_claim(api.as_(buyer), line).expect(409)["code"] == "line_not_delivered"


def test_given_an_open_return_when_the_buyer_claims_then_the_return_handles_it(api, buyer, line):
    returns.request_return(buyer=buyer, order_id=line.order_id, reason="defect", line_ids=[line.pk])
    assert post_claim(api.as_(buyer), line).expect(409)["code"] == "return_in_progress"


def test_given_an_open_claim_when_the_buyer_claims_again_then_it_is_refused(api, buyer, claim):
    assert post_claim(api.as_(buyer), claim.order_line).expect(409)["code"] == "claim_exists"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (photo(b"%PDF-1.7 not an image", name="bill.png"), "photo_type"),
        (
            photo(b"<svg xmlns='http://www.w3.org/2000/svg'/>", name="x.svg", content_type="image/svg+xml"),
            "photo_type",
        ),
        (
            photo(JPEG + b"\x00" * MAX_PHOTO_BYTES, name="huge.jpg", content_type="image/jpeg"),
            "photo_too_large",
        ),
        (photo(png_bomb(), name="bomb.png"), "photo_too_many_pixels"),
        (
            photo(jpeg_claiming(9_000, 9_000), name="big.jpg", content_type="image/jpeg"),
            "photo_too_many_pixels",
        ),
    ],
)
def test_given_a_bad_upload_when_the_buyer_claims_then_it_is_refused_and_nothing_is_stored(
    api, buyer, line, upload, code
):
    problem = post_claim(api.as_(buyer), line, photos=[upload]).expect(422)
    assert problem["code"] == code and problem["errors"][0]["field"] == "photos[0]"
    assert not Claim.objects.exists() and not ClaimPhoto.objects.exists()


def test_given_seven_photos_when_the_buyer_claims_then_it_is_refused(api, buyer, line):
    problem = post_claim(api.as_(buyer), line, photos=[photo(PNG, name=f"{i}.png") for i in range(7)]).expect(
        422
    )
    assert problem["code"] == "too_many_photos"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"fault": "explosion"}, "invalid_fault"),
        ({"description": "bad"}, "too_short"),
        ({"fault": "battery", "battery_health": 120}, "invalid_battery_health"),
    ],
)
def test_given_invalid_fields_when_the_buyer_claims_then_each_names_its_rule(api, buyer, line, fields, code):
    assert post_claim(api.as_(buyer), line, **fields).expect(422)["code"] == code


@pytest.mark.parametrize(
    ("offer", "health", "days", "covered"),
    [
        ({"grade": "premium", "battery_health_min": 90}, 75, 100, True),
        ({"grade": "good", "battery_health_min": 100}, 79, 300, True),  # a new battery
        ({"grade": "good", "battery_health_min": 85}, 75, 100, False),
        ({"grade": "premium", "battery_health_min": 90}, 80, 100, False),
        (
            {"grade": "premium", "battery_health_min": 90},
            70,
            400,
            False,
        ),  # past 12 months (24-month warranty)
    ],
)
def test_given_a_weak_battery_when_claimed_then_it_is_a_covered_defect_only_on_premium_or_new_batteries_in_a_year(
    clock_at, buyer, seller, offer, health, days, covered
):
    with clock_at(T0):
        line = delivered_line(buyer=buyer, seller=seller, at=T0, warranty_months=24, **offer)
    with clock_at(T0 + timedelta(days=days)):
        claim = open_claim(line, fault="battery", battery_health=health)
    assert claim.battery_defect is covered


@pytest.fixture
def other_buyer_user(db):
    from tests.factories import UserFactory

    return UserFactory(email="someone-else@example.test")


def test_given_a_claim_with_photos_sent_twice_with_one_key_then_one_claim_and_the_same_answer(
    api, buyer, line
):
    client = api.as_(buyer)

    def send():
        data = {
            "line_id": line.pk,
            "fault": "screen",
            "description": "The screen flickers.",
            "photos": [photo()],
        }
        return client.client.post(
            "/api/v1/warranty/claims", data, headers={**client._headers(None), "Idempotency-Key": "claim-1"}
        )

    first, again = send(), send()
    assert (first.status_code, again.status_code) == (201, 201) and again.content == first.content
    assert Claim.objects.count() == 1 and ClaimPhoto.objects.count() == 1
