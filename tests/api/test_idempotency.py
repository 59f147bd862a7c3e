"""Idempotency-Key on every creating POST: the same key and request answer the first answer again, another
request with the key is 409, keys belong to their caller and expire, and twins racing do the work once."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.api import IDEMPOTENCY_EXEMPT, api
from comeback.core import clock, idempotency
from comeback.core.models import IdempotentRequest
from comeback.offers.models import Offer
from comeback.sellers.models import Seller
from tests.concurrency import race
from tests.factories import CategoryFactory, ProductModelFactory, SellerFactory, UserFactory, VariantFactory
from tests.offers.conftest import listing_body as _listing

LISTINGS = "/api/v1/seller/listings"
# POST operations that take no Idempotency-Key at all, and why.
NO_KEY = {
    ("POST", "/auth/token"): IDEMPOTENCY_EXEMPT[("POST", "/auth/token")],
    ("POST", "/carriers/events"): IDEMPOTENCY_EXEMPT[("POST", "/carriers/events")],
}


def test_given_the_openapi_document_then_every_post_declares_the_idempotency_key_except_the_listed_ones():
    schema = api.get_openapi_schema()
    without = set()
    for path, methods in schema["paths"].items():
        post = methods.get("post")
        if post is None:
            continue
        headers = [p["name"] for p in post.get("parameters", []) if p["in"] == "header"]
        assert headers.count("Idempotency-Key") <= 1, path
        if "Idempotency-Key" not in headers:
            without.add(("POST", path.removeprefix("/api/v1")))
    assert without == set(NO_KEY)
    assert all(len(why) > 20 for why in IDEMPOTENCY_EXEMPT.values())


@pytest.fixture
def variant(db):
    return VariantFactory(
        product=ProductModelFactory(category=CategoryFactory(slug="phones", battery_floor=80))
    )


def _post(token: str, path: str, body: dict, key: str | None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return Client().post(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def seller_token(db) -> str:
    return issue_token(user=SellerFactory().user, scopes=["seller"]).secret


def test_given_the_same_key_and_body_twice_then_the_first_answer_again_and_one_listing(seller_token, variant):
    first = _post(seller_token, LISTINGS, _listing(variant), "k-1")
    again = _post(seller_token, LISTINGS, _listing(variant), "k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"
    assert Offer.objects.count() == 1


def test_given_the_same_key_with_another_body_then_409_idempotency_key_reused(seller_token, variant):
    assert _post(seller_token, LISTINGS, _listing(variant), "k-2").status_code == 201
    other = _post(seller_token, LISTINGS, _listing(variant, price=30000), "k-2")
    assert other.status_code == 409 and other.json()["code"] == "idempotency_key_reused"
    assert Offer.objects.count() == 1


def test_given_no_key_then_each_request_runs_as_before(seller_token, variant):
    assert _post(seller_token, LISTINGS, _listing(variant), None).status_code == 201
    assert _post(seller_token, LISTINGS, _listing(variant), None).json()["code"] == "listing_exists"
    assert not IdempotentRequest.objects.exists()


def test_given_two_callers_with_one_key_then_each_gets_its_own_answer(seller_token, variant):
    other_token = issue_token(user=SellerFactory().user, scopes=["seller"]).secret
    a = _post(seller_token, LISTINGS, _listing(variant), "shared")
    b = _post(other_token, LISTINGS, _listing(variant), "shared")
    assert (a.status_code, b.status_code) == (201, 201) and a.json()["offer_id"] != b.json()["offer_id"]


def test_given_a_refusal_by_a_rule_then_it_is_the_answer_replayed(seller_token, variant):
    body = _listing(variant, currency="USD")
    first = _post(seller_token, LISTINGS, body, "k-3")
    assert first.status_code == 422 and first.json()["code"] == "currency_mismatch"
    assert _post(seller_token, LISTINGS, body, "k-3").content == first.content


def test_given_a_body_that_does_not_validate_then_nothing_is_kept_and_the_key_stays_free(
    seller_token, variant
):
    assert _post(seller_token, LISTINGS, {"variant_id": "x"}, "k-4").status_code == 422
    assert _post(seller_token, LISTINGS, _listing(variant), "k-4").status_code == 201


def test_given_a_caller_without_rights_then_the_key_is_not_taken(variant):
    buyer_token = issue_token(user=UserFactory(), scopes=["buyer"]).secret
    assert _post(buyer_token, LISTINGS, _listing(variant), "k-5").status_code == 403
    assert not IdempotentRequest.objects.exists()


def test_given_a_key_past_its_period_then_it_is_forgotten(seller_token, variant, clock_at):
    start = clock.now()
    with clock_at(start):
        assert _post(seller_token, LISTINGS, _listing(variant), "k-6").status_code == 201
    with clock_at(start + idempotency.KEEP + timedelta(seconds=1)):
        reused = _post(seller_token, LISTINGS, _listing(variant, grade="fair"), "k-6")
        assert reused.status_code == 201 and Offer.objects.count() == 2
        assert idempotency.prune() == 0  # the expired row was replaced by the new one
    with clock_at(start + 3 * idempotency.KEEP):
        call_command("prune_idempotency_keys")
    assert not IdempotentRequest.objects.exists()


def test_given_a_key_past_its_period_when_the_scheduler_prunes_then_it_is_forgotten(
    seller_token, variant, clock_at
):
    start = clock.now()
    with clock_at(start):
        assert _post(seller_token, LISTINGS, _listing(variant), "k-7").status_code == 201
    with clock_at(start + idempotency.KEEP - timedelta(seconds=1)):
        call_command("scheduler", run="prune")
        assert IdempotentRequest.objects.count() == 1  # still in its period
    with clock_at(start + idempotency.KEEP + timedelta(seconds=1)):
        call_command("scheduler", run="prune")
    assert not IdempotentRequest.objects.exists()


@pytest.mark.parametrize("key", ["", "x" * 256, "a\x00b", "tab\there"])
def test_given_an_unusable_key_then_422_idempotency_key_invalid(seller_token, variant, key):
    reply = _post(seller_token, LISTINGS, _listing(variant), key)
    assert reply.status_code == 422 and reply.json()["code"] in {
        "idempotency_key_invalid",
        "invalid_characters",
    }
    assert not Offer.objects.exists()


def test_given_an_anonymous_application_twice_then_one_applicant(db):
    body = {
        "legal_name": "Refurb SAS",
        "display_name": "Refurb",
        "vat_number": "FR40303265045",
        "company_registration": "303265045",
        "country": "FR",
        "address": "1 rue de la Paix\n75002 Paris",
        "contact_name": "Ann Lee",
        "contact_email": "ann@refurb.example",
        "contact_phone": "+33 1 23 45 67 89",
        "markets": ["FR"],
        "process_description": "We test every device on a 40-point checklist, grade it, replace worn parts and wipe it.",
        "password": "a long and good password 42",
    }
    client = Client()
    first = client.post(
        "/api/v1/sellers/applications",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "a-1"},
    )
    again = client.post(
        "/api/v1/sellers/applications",
        body,
        content_type="application/json",
        headers={"Idempotency-Key": "a-1"},
    )
    assert first.status_code == 201, first.content
    assert again.content == first.content and Seller.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_given_two_twins_racing_with_one_key_then_the_work_is_done_once_and_both_get_its_answer():
    token = issue_token(user=SellerFactory().user, scopes=["seller"]).secret
    variants = [
        VariantFactory(product=ProductModelFactory(category=CategoryFactory(slug=f"p{i}", battery_floor=80)))
        for i in range(3)
    ]
    for round_, variant in enumerate(variants):
        body = _listing(variant)

        def send(key=f"race-{round_}", body=body):
            reply = _post(token, LISTINGS, body, key)
            return reply.status_code, reply.content

        results = race([send, send, send])
        assert not any(isinstance(r, Exception) for r in results), results
        assert {status for status, _ in results} == {201}
        assert len({content for _, content in results}) == 1
        assert Offer.objects.filter(variant=variant).count() == 1
