"""Refurbishers' buyback offers: publish and change them, upload them in bulk as CSV (API, web
and CLI), and see the quotes they win with the price that would win."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from comeback.accounts.services import issue_token
from comeback.sellers.models import SellerStatus
from comeback.tradein.models import BuybackOffer
from tests.factories import SellerFactory

from .factories import ANSWERS, BuybackOfferFactory, phone, tradein

OFFERS = "/api/v1/seller/buyback-offers"


def offer_body(product, **overrides):
    body = {
        "product_id": product.pk,
        "storage_gb": 128,
        "market": "FR",
        "tier": "good",
        "price": 25000,
        "currency": "EUR",
        "weekly_capacity": 40,
    }
    body.update(overrides)
    return body


def test_given_a_refurbisher_when_publishing_a_buyback_offer_then_it_is_listed_and_wins_quotes(
    api, refurbisher, model
):
    created = api.as_(refurbisher.user).post(OFFERS, offer_body(model)).expect(201)
    assert (created["tier"], created["price"], created["status"]) == ("good", 25000, "active")
    listed = api.as_(refurbisher.user).get(OFFERS).expect(200)["items"]
    assert [o["offer_id"] for o in listed] == [created["offer_id"]]
    quote = api.post(
        "/api/v1/tradein/quotes",
        {
            "product_id": model.pk,
            "storage_gb": 128,
            "market": "FR",
            "answers": {**ANSWERS, "body": "scratches"},
        },
    ).expect(201)
    assert quote["price"] == 25000


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"currency": "USD"}, "currency", "currency_mismatch"),
        ({"tier": "mint"}, "tier", "invalid_tier"),
        ({"storage_gb": 64}, "storage_gb", "unknown_storage"),
        ({"price": 0}, "price", "price_out_of_range"),
        ({"weekly_capacity": 0}, "weekly_capacity", "capacity_out_of_range"),
        ({"market": "XX"}, "market", "unknown_market"),
        ({"product_id": 999999}, "product_id", "unknown_product"),
    ],
)
def test_given_a_bad_field_when_publishing_then_422_names_it(api, refurbisher, model, overrides, field, code):
    problem = api.as_(refurbisher.user).post(OFFERS, offer_body(model, **overrides)).expect(422)
    assert (problem["errors"][0]["field"], problem["errors"][0]["code"]) == (field, code)


def test_given_a_live_offer_for_the_slot_when_publishing_again_then_409_with_its_id(api, refurbisher, model):
    first = api.as_(refurbisher.user).post(OFFERS, offer_body(model)).expect(201)
    problem = api.as_(refurbisher.user).post(OFFERS, offer_body(model, price=1)).expect(409)
    assert (problem["code"], problem["offer_id"]) == ("buyback_offer_exists", first["offer_id"])


def test_given_an_offer_when_patching_then_price_capacity_and_status_change_and_withdrawn_is_final(
    api, offer
):
    seller = api.as_(offer.seller.user)
    patched = seller.patch(
        f"{OFFERS}/{offer.pk}", {"price": 28000, "weekly_capacity": 5, "status": "paused"}
    ).expect(200)
    assert (patched["price"], patched["weekly_capacity"], patched["status"]) == (28000, 5, "paused")
    seller.patch(f"{OFFERS}/{offer.pk}", {"status": "withdrawn"}).expect(200)
    assert (
        seller.patch(f"{OFFERS}/{offer.pk}", {"status": "active"}).expect(409)["code"]
        == "buyback_offer_withdrawn"
    )
    assert (
        api.as_(SellerFactory().user).get(f"{OFFERS}/{offer.pk}").expect(404)["code"]
        == "buyback_offer_not_found"
    )


def test_given_a_suspended_refurbisher_when_publishing_then_403(api, refurbisher, model):
    refurbisher.status = SellerStatus.SUSPENDED
    refurbisher.save()
    assert (
        api.as_(refurbisher.user).post(OFFERS, offer_body(model)).expect(403)["code"]
        == "seller_may_not_buy_back"
    )


def upload(seller, text: str):
    token = issue_token(user=seller.user, scopes=["seller"]).secret
    response = Client().post(
        f"{OFFERS}/bulk", {"file": io.BytesIO(text.encode())}, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code, response.json()


def test_given_a_csv_file_when_uploaded_then_rows_create_or_update_offers(refurbisher, model, offer):
    text = (
        f"product,storage_gb,market,tier,price,currency,weekly_capacity\n"
        f"{model.slug},128,FR,flawless,31000,EUR,80\n"
        f"{model.pk},256,DE,good,26000,EUR,10\n"
    )
    status, body = upload(refurbisher, text)
    assert (status, body) == (200, {"created": 1, "updated": 1})
    offer.refresh_from_db()
    assert (offer.price_amount, offer.weekly_capacity) == (31000, 80)
    assert BuybackOffer.objects.filter(seller=refurbisher).count() == 2


def test_given_a_csv_with_bad_rows_when_uploaded_then_nothing_is_imported_and_each_row_field_is_named(
    refurbisher, model
):
    text = (
        f"product,storage_gb,market,tier,price,currency,weekly_capacity\n"
        f"{model.slug},128,FR,good,31000,EUR,80\n"
        f"nope,128,FR,good,31000,EUR,80\n"
        f"{model.slug},128,FR,good,abc,GBP,80\n"
        f"{model.slug},128,FR,good,31000,EUR,80\n"
    )
    status, problem = upload(refurbisher, text)
    assert status == 422 and problem["code"] == "csv_invalid"
    fields = {e["field"] for e in problem["errors"]}
    assert {"rows[2].product", "rows[3].price", "rows[3].currency", "rows[4].product"} <= fields
    assert not BuybackOffer.objects.exists()
    status, problem = upload(refurbisher, "a,b\n1,2\n")
    assert (status, problem["code"]) == (422, "csv_columns")


def test_given_a_csv_file_when_imported_from_the_command_line_then_offers_exist(refurbisher, model, tmp_path):
    path = tmp_path / "offers.csv"
    path.write_text(
        f"product,storage_gb,market,tier,price,currency,weekly_capacity\n{model.slug},0,FR,broken,5000,EUR,9\n"
    )
    out = io.StringIO()
    call_command("tradein_offers_import", refurbisher.user.email, str(path), stdout=out)
    assert "1 created" in out.getvalue()
    assert BuybackOffer.objects.get(seller=refurbisher).storage_gb == 0


def test_given_quotes_won_when_reading_the_wins_report_then_counts_and_the_price_to_win_show(
    api, offer, rival
):
    BuybackOfferFactory(seller=rival, product=offer.product, price_amount=29000)
    tradein("paid", offer=offer)
    tradein("shipped", offer=offer)
    report = api.as_(offer.seller.user).get(f"{OFFERS}/wins").expect(200)
    row = report["items"][0]
    assert (row["quotes_won"], row["accepted"], row["paid"], row["used_this_week"]) == (2, 2, 1, 2)
    assert row["price_to_win"] in (29000, 29001)
    rival_row = api.as_(rival.user).get(f"{OFFERS}/wins").expect(200)["items"][0]
    assert rival_row["quotes_won"] == 0 and rival_row["price_to_win"] in (30000, 30001)


def test_given_a_full_week_when_quoting_then_the_next_best_offer_with_capacity_wins(
    api, refurbisher, rival, model
):
    full = BuybackOfferFactory(seller=refurbisher, product=model, price_amount=40000, weekly_capacity=1)
    BuybackOfferFactory(seller=rival, product=model, price_amount=35000)
    tradein("awaiting_shipment", offer=full)
    quote = api.post(
        "/api/v1/tradein/quotes",
        {"product_id": model.pk, "storage_gb": 128, "market": "FR", "answers": ANSWERS},
    ).expect(201)
    assert quote["price"] == 35000 and quote["refurbisher"] == rival.display_name


def test_given_the_web_offers_page_when_publishing_and_uploading_then_offers_appear(client, refurbisher):
    product = phone("Web Phone")
    client.force_login(refurbisher.user)
    response = client.post(
        "/seller/trade-in/offers/new/",
        {
            "product": product.pk,
            "storage_gb": 128,
            "market": "FR",
            "tier": "good",
            "price": "249.50",
            "weekly_capacity": 10,
        },
    )
    assert response.status_code == 302
    assert BuybackOffer.objects.get(seller=refurbisher).price_amount == 24950
    bad = client.post(
        "/seller/trade-in/offers/new/",
        {
            "product": product.pk,
            "storage_gb": 64,
            "market": "FR",
            "tier": "good",
            "price": "1",
            "weekly_capacity": 10,
        },
    )
    assert bad.status_code == 422 and "256" in bad.content.decode()
    csv_file = io.BytesIO(
        f"product,storage_gb,market,tier,price,currency,weekly_capacity\n"
        f"{product.slug},256,FR,used,15000,EUR,5\n".encode()
    )
    csv_file.name = "offers.csv"
    assert client.post("/seller/trade-in/offers/upload/", {"file": csv_file}).status_code == 302
    offer = BuybackOffer.objects.get(seller=refurbisher, tier="used")
    edit = client.post(
        f"/seller/trade-in/offers/{offer.pk}/",
        {f"o{offer.pk}-price": "160", f"o{offer.pk}-weekly_capacity": 7, f"o{offer.pk}-status": "paused"},
    )
    assert edit.status_code == 302
    offer.refresh_from_db()
    assert (offer.price_amount, offer.weekly_capacity, offer.status) == (16000, 7, "paused")
    assert "Web Phone" in client.get("/seller/trade-in/offers/").content.decode()


HEADER = "product,storage_gb,market,tier,price,currency,weekly_capacity\n"


@pytest.mark.parametrize(
    ("data", "code", "line", "column"),
    [
        (HEADER + "x,128,FR,good," + "9" * 200_000 + ",EUR,1\n", "csv_cell_too_long", 2, 5),
        ((HEADER + "x,128,FR,g\xe9od,1,EUR,1\n").encode("latin-1"), "not_utf8", 2, 4),
        (HEADER + 'x,128,"FR,good,1,EUR,1\n', "csv_malformed", 2, 3),
        (HEADER + "x,128,FR,good,1,EUR,1,extra\n", "csv_malformed", 2, 8),
        (HEADER + "x,128,FR\x00,good,1,EUR,1\n", "invalid_characters", 2, 3),
    ],
)
def test_given_a_hostile_csv_when_uploaded_to_the_api_then_422_names_line_and_column(
    refurbisher, data, code, line, column
):
    token = issue_token(user=refurbisher.user, scopes=["seller"]).secret
    raw = data if isinstance(data, bytes) else data.encode()
    response = Client().post(
        f"{OFFERS}/bulk", {"file": io.BytesIO(raw)}, headers={"Authorization": f"Bearer {token}"}
    )
    problem = response.json()
    assert (response.status_code, problem["code"]) == (422, code)
    assert (problem["errors"][0]["line"], problem["errors"][0]["column"]) == (line, column)
    assert not BuybackOffer.objects.exists()


def test_given_a_cell_over_the_limit_on_the_web_upload_then_the_form_names_line_and_column(
    client, refurbisher
):
    client.force_login(refurbisher.user)
    csv_file = io.BytesIO((HEADER + "x,128,FR,good,1,EUR," + "7" * 200_000 + "\n").encode())
    csv_file.name = "offers.csv"
    response = client.post("/seller/trade-in/offers/upload/", {"file": csv_file})
    assert response.status_code == 422
    assert "Line 2, column 7" in response.content.decode()
