"""Garment take-back: a garment's category asks the garment questionnaire (condition, stains, holes, pilling,
size, brand label); the search finds garments and quotes work as for devices."""

from __future__ import annotations

import pytest

from comeback.tradein import garments
from comeback.tradein.garments import GarmentAnswers
from comeback.tradein.models import Quote

from .factories import ANSWERS, GARMENT_ANSWERS, BuybackOfferFactory, garment, partner

QUOTES = "/api/v1/tradein/quotes"
MODELS = "/api/v1/tradein/models"


@pytest.fixture
def jacket(db):
    return garment("Wool jacket")


@pytest.fixture
def jacket_offer(refurbisher, jacket):
    return BuybackOfferFactory(
        seller=refurbisher, product=jacket, storage_gb=0, tier="flawless", price_amount=2500
    )


def body(product, **overrides):
    data = {"product_id": product.pk, "market": "FR", "answers": dict(GARMENT_ANSWERS)}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("changes", "tier"),
    [
        ({}, "flawless"),
        ({"condition": "new_with_tags"}, "flawless"),
        ({"pilling": "light"}, "good"),
        ({"condition": "very_good"}, "good"),
        ({"pilling": "heavy"}, "used"),
        ({"stains": "minor"}, "used"),
        ({"holes": "small"}, "used"),
        ({"condition": "worn"}, "used"),
        ({"stains": "major"}, "broken"),
        ({"holes": "large", "pilling": "none"}, "broken"),
    ],
)
def test_given_garment_answers_when_mapped_then_the_published_tier_comes_out(changes, tier):
    answers = {**GARMENT_ANSWERS, **changes}
    assert garments.tier_for(GarmentAnswers(**answers)) == tier


def test_given_a_garment_bought_back_when_searching_jacket_then_it_is_found_with_the_garment_questionnaire(
    api, jacket_offer
):
    reply = api.get(MODELS, {"q": "jacket", "market": "FR"}).expect(200)
    assert [m["product_id"] for m in reply["items"]] == [jacket_offer.product_id]
    item = reply["items"][0]
    assert item["questionnaire"] == "garment" and item["identifier"] == "none"
    assert item["size_options"] == ["S", "M", "L"] and item["storage_options"] == []
    assert item["has_screen"] is False and item["best_price"] == 2500


def test_given_a_phone_when_searching_then_it_keeps_the_device_questionnaire(api, offer):
    item = api.get(MODELS, {"q": "acme", "market": "FR"}).expect(200)["items"][0]
    assert (item["questionnaire"], item["identifier"], item["size_options"]) == ("device", "imei", [])


def test_given_garment_answers_when_quoting_then_the_best_reseller_with_capacity_quotes_it(
    api, jacket_offer, rival, jacket
):
    BuybackOfferFactory(
        seller=rival, product=jacket, storage_gb=0, tier="flawless", price_amount=2700, weekly_capacity=1
    )
    first = api.post(QUOTES, body(jacket)).expect(201)
    assert (first["price"], first["questionnaire"], first["tier_label"]) == (2700, "garment", "Like new")
    assert first["answers"] == GARMENT_ANSWERS
    # The rival's one place this week is taken: the next quote goes to the next reseller with capacity.
    second = api.post(QUOTES, body(jacket)).expect(201)
    assert second["price"] == 2500 and second["refurbisher"] == jacket_offer.seller.display_name


def test_given_a_stained_garment_when_quoting_then_it_is_priced_as_damaged_or_refused(
    api, jacket_offer, jacket
):
    BuybackOfferFactory(
        seller=jacket_offer.seller, product=jacket, storage_gb=0, tier="broken", price_amount=300
    )
    quote = api.post(QUOTES, body(jacket, answers={**GARMENT_ANSWERS, "stains": "major"})).expect(201)
    assert (quote["tier"], quote["tier_label"], quote["price"]) == ("broken", "Damaged", 300)
    problem = api.post(QUOTES, body(jacket, answers={**GARMENT_ANSWERS, "holes": "small"})).expect(409)
    assert problem["code"] == "no_buyback_offer" and problem["tier"] == "used"


def test_given_device_answers_for_a_garment_when_quoting_then_422_names_every_garment_field(
    api, jacket_offer
):
    problem = api.post(QUOTES, body(jacket_offer.product, answers=dict(ANSWERS))).expect(422)
    fields = {e["field"]: e["code"] for e in problem["errors"]}
    assert fields["answers.condition"] == "invalid_choice" and fields["answers.size"] == "unknown_size"
    assert fields["answers.brand_label"] == "required_yes_no"
    assert fields["answers.powers_on"] == "not_asked_for_garments"
    assert not Quote.objects.exists()


def test_given_a_size_the_garment_lacks_when_quoting_then_422_lists_the_sizes(api, jacket_offer):
    problem = api.post(QUOTES, body(jacket_offer.product, answers={**GARMENT_ANSWERS, "size": "XXL"})).expect(
        422
    )
    assert problem["code"] == "unknown_size" and problem["errors"][0]["field"] == "answers.size"


def test_given_a_garment_without_known_sizes_when_quoting_then_the_label_size_is_required(api, refurbisher):
    scarf = garment("Silk scarf", sizes=(), slug="scarves")
    BuybackOfferFactory(seller=refurbisher, product=scarf, storage_gb=0, price_amount=900)
    problem = api.post(QUOTES, body(scarf, answers={**GARMENT_ANSWERS, "size": " "})).expect(422)
    assert problem["code"] == "size_required"
    assert api.post(QUOTES, body(scarf, answers={**GARMENT_ANSWERS, "size": "One size"})).expect(201)


def test_given_garment_answers_for_a_phone_when_quoting_then_422_refuses_them(api, offer):
    answers = {**ANSWERS, "stains": "none"}
    data = {"product_id": offer.product_id, "storage_gb": 128, "market": "FR", "answers": answers}
    problem = api.post(QUOTES, data).expect(422)
    assert problem["errors"][0] == {
        **problem["errors"][0],
        "field": "answers.stains",
        "code": "not_asked_for_devices",
    }


def test_given_a_brand_take_back_programme_when_quoting_from_its_page_then_the_bonus_is_added(
    api, jacket_offer, jacket
):
    partner(kind="brand", slug="loom", name="Loom", bonus_bps=2000).eligible_models.add(jacket)
    found = api.get(MODELS, {"partner": "loom", "market": "FR"}).expect(200)["items"]
    assert [m["product_id"] for m in found] == [jacket.pk]
    quote = api.post(QUOTES, body(jacket, partner="loom")).expect(201)
    assert (quote["price"], quote["bonus"], quote["total"], quote["partner"]) == (2500, 500, 3000, "loom")


def test_given_a_customer_when_answering_the_garment_questionnaire_on_the_web_then_they_get_a_quote(
    client, jacket_offer, jacket
):
    search = client.get("/trade-in/", {"q": "jacket"}).content.decode()
    assert f"/trade-in/models/{jacket.pk}/" in search
    form = client.get(f"/trade-in/models/{jacket.pk}/").content.decode()
    assert "Any stains?" in form and "Any pilling" in form and "Does it power on?" not in form
    refused = client.post(f"/trade-in/models/{jacket.pk}/", {"condition": "like_new"})
    assert refused.status_code == 200 and not Quote.objects.exists()
    reply = client.post(
        f"/trade-in/models/{jacket.pk}/",
        {
            "condition": "like_new",
            "stains": "none",
            "holes": "none",
            "pilling": "none",
            "size": "M",
            "brand_label": "yes",
        },
    )
    quote = Quote.objects.get()
    assert reply["Location"] == f"/trade-in/quotes/{quote.ref}/"
    page = client.get(reply["Location"]).content.decode()
    assert "€25.00" in page and "Like new" in page
    assert quote.answers == GARMENT_ANSWERS
