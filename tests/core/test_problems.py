import json

from comeback.core.problems import Conflict, Invalid, NotFound


def test_given_a_field_error_when_rendered_then_it_is_rfc9457_with_a_stable_code():
    resp = Invalid.field("price", "price_positive", "Price must be positive.").response("/api/v1/x")
    body = json.loads(resp.content)
    assert resp.status_code == 422
    assert resp["Content-Type"] == "application/problem+json"
    assert body["type"].endswith("/price-positive")
    assert body["status"] == 422 and body["code"] == "price_positive" and body["instance"] == "/api/v1/x"
    assert body["errors"] == [
        {"field": "price", "code": "price_positive", "message": "Price must be positive."}
    ]
    assert {"type", "title", "status", "detail", "code"} <= set(body)


def test_given_a_conflict_with_retry_after_when_rendered_then_header_and_member_are_set():
    from datetime import UTC, timedelta

    from comeback.core import clock

    lift = clock.now().astimezone(UTC) + timedelta(hours=2)
    resp = Conflict("Cap reached", code="probation_daily_limit", retry_after=lift).response()
    body = json.loads(resp.content)
    assert resp.status_code == 409 and body["retry_after"] == lift.isoformat()
    assert 7000 < int(resp["Retry-After"]) <= 7200


def test_given_extra_members_when_rendered_then_they_are_included():
    body = json.loads(NotFound("nope", code="listing_not_found", offer_id=3).response().content)
    assert body["offer_id"] == 3 and body["status"] == 404
