"""Counter-offers bound to evidence: a reason from the fixed list that contradicts what the customer
declared, a lower price, at least one photo checked by content; the customer accepts or gets the device back."""

from __future__ import annotations

import pytest
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.core.images import MAX_BYTES as MAX_PHOTO_BYTES
from comeback.tradein.models import CounterOffer, EvidencePhoto, TradeIn
from comeback.tradein.models import TradeInStatus as S
from tests.images import JPEG, PNG, png_bomb

from .factories import ANSWERS, BuybackOfferFactory, photo, tradein


def post_counter(seller, ref, data):
    token = issue_token(user=seller.user, scopes=["seller"]).secret
    response = Client().post(
        f"/api/v1/seller/tradeins/{ref}/counter-offer", data, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code, response.json(), response["Content-Type"]


@pytest.fixture
def received(db):
    return tradein("received")


def test_given_a_counter_offer_without_a_reason_when_sent_then_422_reason_required(received):
    status, problem, ctype = post_counter(received.seller, received.ref, {"price": 1000, "photos": [photo()]})
    assert (status, problem["code"], problem["errors"][0]["field"]) == (422, "reason_required", "reason")
    assert ctype.startswith("application/problem+json")
    assert TradeIn.objects.get(pk=received.pk).status == S.RECEIVED


def test_given_a_counter_offer_without_a_photo_when_sent_then_422_photo_required(received):
    status, problem, _ = post_counter(
        received.seller, received.ref, {"reason": "screen_damage_undeclared", "price": 1000}
    )
    assert (status, problem["code"], problem["errors"][0]["field"]) == (422, "photo_required", "photos")
    assert not CounterOffer.objects.exists()


def test_given_neither_reason_nor_photo_nor_price_when_sent_then_every_field_is_named(received):
    status, problem, _ = post_counter(received.seller, received.ref, {})
    assert status == 422 and {e["field"] for e in problem["errors"]} == {"reason", "price", "photos"}


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("fake.jpg", b"%PDF-1.7 not an image", "photo_type"),
        ("script.png", b"<script>alert(1)</script>", "photo_type"),
        ("huge.jpg", b"\xff\xd8\xff" + b"0" * MAX_PHOTO_BYTES, "photo_too_large"),
        ("bomb.png", png_bomb(), "photo_too_many_pixels"),
    ],
)
def test_given_a_file_that_is_not_an_allowed_image_when_sent_then_it_is_refused_by_its_content(
    received, name, content, code
):
    data = {
        "reason": "screen_damage_undeclared",
        "price": 1000,
        "photos": [photo(name, content, "image/jpeg")],
    }
    status, problem, _ = post_counter(received.seller, received.ref, data)
    assert (status, problem["code"], problem["errors"][0]["field"]) == (422, code, "photos[0]")


def test_given_a_defect_the_customer_declared_when_countering_for_it_then_422_reason_not_admissible(db):
    t = tradein(
        "received",
        answers={**ANSWERS, "screen": "cracked"},
        offer=BuybackOfferFactory(tier="broken", price_amount=5000),
    )
    status, problem, _ = post_counter(
        t.seller, t.ref, {"reason": "screen_damage_undeclared", "price": 1000, "photos": [photo()]}
    )
    assert (status, problem["code"]) == (422, "reason_not_admissible")


@pytest.mark.parametrize("price", [0, 30000, 40000])
def test_given_a_price_not_below_the_quote_when_countering_then_422(received, price):
    status, problem, _ = post_counter(
        received.seller, received.ref, {"reason": "does_not_power_on", "price": price, "photos": [photo()]}
    )
    assert (status, problem["code"]) == (422, "counter_price_range")


def test_given_a_valid_counter_offer_when_the_customer_accepts_then_the_agreed_price_is_the_counter_price(
    api, received
):
    status, body, _ = post_counter(
        received.seller,
        received.ref,
        {
            "reason": "screen_damage_undeclared",
            "price": 18000,
            "note": "Crack top left",
            "photos": [photo(), photo("b.jpg", JPEG, "image/jpeg")],
        },
    )
    assert status == 200 and body["status"] == "counter_offered" and body["counter"] == 18000
    assert body["inspected"]["screen"] == "cracked"
    assert sorted(EvidencePhoto.objects.values_list("content_type", flat=True)) == ["image/jpeg", "image/png"]
    customer = api.as_(received.customer)
    order = customer.get(f"/api/v1/tradein/orders/{received.ref}").expect(200)
    assert (
        order["counter_offer"]["reason"] == "screen_damage_undeclared"
        and len(order["counter_offer"]["photos"]) == 2
    )
    done = customer.post(f"/api/v1/tradein/orders/{received.ref}/counter-offer/accept").expect(200)
    assert (done["status"], done["agreed"]) == ("validated", 18000)
    assert customer.post(f"/api/v1/tradein/orders/{received.ref}/counter-offer/refuse").expect(409)[
        "code"
    ] == ("no_pending_counter_offer")


def test_given_a_counter_offer_when_the_customer_refuses_then_the_device_is_returned_within_2_business_days(
    api,
):
    t = tradein("counter_offered")
    order = api.as_(t.customer).post(f"/api/v1/tradein/orders/{t.ref}/counter-offer/refuse").expect(200)
    assert order["status"] == "returning"
    t.refresh_from_db()
    assert 1 <= (t.return_due_at - t.returning_at).days <= 5  # two business days, weekends and holidays aside


def test_given_an_evidence_photo_when_the_customer_opens_it_then_it_is_served_and_others_get_404(
    client, django_user_model
):
    t = tradein("counter_offered")
    p = EvidencePhoto.objects.get(counter_offer__tradein=t)
    client.force_login(t.customer)
    response = client.get(f"/trade-in/photos/{p.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(PNG[:8])
    client.force_login(django_user_model.objects.create_user("nosy@example.test", "x"))
    assert client.get(f"/trade-in/photos/{p.pk}/").status_code == 404
