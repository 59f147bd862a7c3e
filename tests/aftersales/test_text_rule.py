"""The text rule on claims: a NUL or another control character is refused with 422 `invalid_characters`
naming the field, on the API and on the pages, and nothing reaches the database (PostgreSQL would refuse a
NUL with an error; SQLite would store it)."""

from __future__ import annotations

from django.test import Client

from comeback.aftersales.models import Claim, ClaimMessage

from .factories import photo, post_claim


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_given_a_nul_in_a_claim_message_when_posted_to_the_api_then_422_names_the_field(api, buyer, claim):
    problem = (
        api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/messages", {"body": "Hi\x00"}).expect(422)
    )
    assert problem["code"] == "invalid_characters"
    assert problem["errors"] == [
        {"field": "body", "code": "invalid_characters", "message": problem["errors"][0]["message"]}
    ]
    assert not ClaimMessage.objects.filter(body__contains="Hi").exists()


def test_given_an_escape_sequence_in_a_seller_message_then_422(api, seller, claim):
    problem = (
        api.as_(seller.user)
        .post(f"/api/v1/seller/claims/{claim.pk}/messages", {"body": "\x1b[2Jcleared"})
        .expect(422)
    )
    assert problem["code"] == "invalid_characters"


def test_given_a_message_over_several_lines_with_a_tab_then_it_is_kept_as_written(api, buyer, claim):
    body = "Line one\n\tindented\r\nline three"
    api.as_(buyer).post(f"/api/v1/warranty/claims/{claim.pk}/messages", {"body": body}).expect(201)
    assert ClaimMessage.objects.filter(claim=claim, body=body).exists()


def test_given_a_nul_in_a_new_claims_multipart_description_then_422_and_no_claim(api, buyer, line):
    reply = post_claim(api.as_(buyer), line, description="Broken\x00", photos=[photo()])
    problem = reply.expect(422)
    assert problem["code"] == "invalid_characters" and problem["errors"][0]["field"] == "description"
    assert not Claim.objects.exists()


def test_given_a_tab_in_a_single_line_field_then_422_names_it(api, seller, claim):
    problem = (
        api.as_(seller.user)
        .post(f"/api/v1/seller/claims/{claim.pk}/answer", {"resolution": "refund", "carrier": "DHL\tExpress"})
        .expect(422)
    )
    assert problem["code"] == "invalid_characters" and problem["errors"][0]["field"] == "carrier"


def test_given_a_nul_in_the_message_form_on_the_claim_page_then_422_with_the_error_beside_the_field(
    buyer, claim
):
    response = _web(buyer).post(f"/warranty/claims/{claim.pk}/message/", {"body": "Hello\x00"})
    assert response.status_code == 422
    assert "control characters" in response.content.decode()
    assert not ClaimMessage.objects.filter(body__startswith="Hello").exists()


def test_given_a_nul_in_the_new_claim_form_then_the_page_answers_422_and_nothing_is_opened(buyer, line):
    response = _web(buyer).post(
        f"/warranty/claims/new/{line.pk}/",
        {"fault": "camera", "description": "Blurry\x00 pictures", "photos": [photo()]},
    )
    assert response.status_code == 422 and "control characters" in response.content.decode()
    assert not Claim.objects.exists()


def test_given_a_nul_in_a_seller_message_on_the_web_then_422_and_nothing_is_written(seller, claim):
    before = ClaimMessage.objects.count()
    response = _web(seller.user).post(f"/seller/claims/{claim.pk}/", {"action": "message", "body": "a\x00"})
    assert response.status_code == 422 and ClaimMessage.objects.count() == before
