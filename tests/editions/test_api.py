"""The editions API: anyone lists the collections' editions with each piece's donor passports (paged, a
bounded number of queries); a shop or staff create editions and make pieces; buyers and other shops cannot;
a piece is bought through the usual checkout."""

from __future__ import annotations

from comeback.editions import services
from comeback.offers.models import Offer
from tests.factories import UserFactory
from tests.orders.helpers import checkout_body, key

from .factories import collection, edition, op, phone, upcycled, upcycled_category


def edition_body(coll, **overrides) -> dict:
    return {
        "collection_id": coll.pk,
        "name": "Flip Buckle Belt",
        "category": upcycled_category().slug,
        "size": 50,
        "price": 8900,
        "market": "FR",
        "story": "Each buckle is an old flip phone's shell.",
        **overrides,
    }


def test_given_a_shop_when_it_creates_an_edition_and_makes_a_piece_over_the_api_then_both_are_answered(
    api, refurbisher
):
    coll = collection()
    donors = upcycled(refurbisher, coll, 2)
    client = api.as_(refurbisher.user)

    made = client.post("/api/v1/recovery/editions", edition_body(coll)).expect(201)
    piece = client.post(f"/api/v1/recovery/editions/{made['id']}/items", {"donors": donors}).expect(201)

    assert (made["size"], made["made"], made["items"]) == (50, 0, [])
    assert (piece["number"], piece["label"], piece["available"]) == (1, "1/50", True)
    assert len(piece["donors"]) == 2 and all(
        d["api"].startswith("/api/v1/passports/") for d in piece["donors"]
    )


def test_given_a_buyer_or_another_shop_when_they_make_editions_then_refused(api, refurbisher, rival):
    coll = collection()
    belt = edition(refurbisher, coll)
    donors = upcycled(refurbisher, coll)
    buyer = UserFactory(email="shopper@example.test")

    assert api.as_(buyer).post("/api/v1/recovery/editions", {"junk": 1}).expect(403)
    assert api.as_(buyer).post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": donors}).expect(403)
    refused = api.as_(rival.user).post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": donors})
    assert refused.expect(404)["code"] == "edition_not_found"
    assert api.post("/api/v1/recovery/editions", edition_body(coll)).expect(401)


def test_given_bad_edition_input_when_posted_then_422_naming_the_field(api, refurbisher):
    coll = collection()
    client = api.as_(refurbisher.user)
    problem = client.post("/api/v1/recovery/editions", edition_body(coll, category="nope")).expect(422)
    assert problem["code"] == "unknown_category" and problem["errors"][0]["field"] == "category"
    belt = edition(refurbisher, coll)
    problem = client.post(f"/api/v1/recovery/editions/{belt.pk}/items", {"donors": ["T-NOPE"]}).expect(422)
    assert problem["errors"][0] == {
        "field": "donors.0",
        "code": "donor_not_available",
        "message": problem["errors"][0]["message"],
    }


def test_given_editions_with_pieces_when_anyone_lists_collections_then_each_piece_names_its_donor_passports(
    api, refurbisher, django_assert_max_num_queries
):
    model = phone()
    for name in ("Buckle Up", "Nail Art"):
        coll = collection(name)
        belt = edition(refurbisher, coll, name=f"{name} piece", size=10)
        for ref in upcycled(refurbisher, coll, 2, product=model):
            services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[ref])

    with django_assert_max_num_queries(8):
        body = api.get("/api/v1/collections").expect(200)

    assert [c["name"] for c in body["items"]] == ["Buckle Up", "Nail Art"] and body["count"] == 2
    pieces = body["items"][0]["editions"][0]["items"]
    assert [p["label"] for p in pieces] == ["1/10", "2/10"]
    donor = pieces[0]["donors"][0]
    assert api.get(donor["api"]).expect(200)["status"] == "end_of_life"
    assert body["items"][0]["editions"][0]["product_page"].startswith("/p/")
    paged = api.get("/api/v1/collections", {"page_size": 1, "page": 2}).expect(200)
    assert [c["name"] for c in paged["items"]] == ["Nail Art"] and paged["next"] is None


def test_given_a_piece_for_sale_when_a_buyer_checks_it_out_then_it_is_sold_once(api, refurbisher):
    coll = collection()
    belt = edition(refurbisher, coll)
    (ref,) = upcycled(refurbisher, coll)
    piece = services.make_item(op=op(refurbisher), edition_id=belt.pk, donors=[ref])
    first, second = UserFactory(email="first@example.test"), UserFactory(email="second@example.test")
    for buyer in (first, second):
        api.as_(buyer).post("/api/v1/cart/items", {"offer_id": piece.offer_id, "quantity": 1}).expect(201)

    order = api.as_(first).post("/api/v1/checkout", checkout_body(), headers=key()).expect(201)
    late = api.as_(second).post("/api/v1/checkout", checkout_body(), headers=key())

    assert order["status"] == "paid" and order["items_amount"] == 8900
    assert late.expect(409)["code"]
    assert Offer.objects.get(pk=piece.offer_id).quantity == 0
    listed = api.get("/api/v1/collections").expect(200)["items"][0]["editions"][0]["items"][0]
    assert listed["available"] is False
