"""The seller portal's editions page: a shop creates an edition and makes numbered pieces from the units it
upcycled; a visitor without a shop gets the portal's 403 page, another shop's edition is a 404."""

from __future__ import annotations

from django.test import Client

from comeback.editions.models import Edition, EditionItem
from tests.factories import UserFactory

from .factories import collection, edition, upcycled, upcycled_category


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_given_a_shop_with_upcycled_units_when_it_creates_an_edition_and_makes_a_piece_on_the_web_then_listed(
    refurbisher, django_assert_max_num_queries
):
    coll = collection()
    (ref,) = upcycled(refurbisher, coll)
    client = _client(refurbisher.user)
    body = {
        "collection_id": coll.pk,
        "name": "Flip Buckle Belt",
        "category": upcycled_category().slug,
        "size": 50,
        "price": "89.00",
        "market": "FR",
        "story": "Buckles from flip phones.",
    }

    assert client.post("/seller/editions/new/", body).status_code == 302
    belt = Edition.objects.get()
    assert client.post(f"/seller/editions/{belt.pk}/pieces/", {"donors": [ref]}).status_code == 302

    item = EditionItem.objects.get()
    assert (item.number, item.offer.price_amount, belt.price_amount) == (1, 8900, 8900)
    with django_assert_max_num_queries(30):
        html = client.get("/seller/editions/").content.decode()
    assert "Flip Buckle Belt" in html and "1 of 50 pieces made" in html


def test_given_a_bad_edition_form_when_posted_then_422_with_the_error_beside_the_field(refurbisher):
    coll = collection()
    client = _client(refurbisher.user)
    body = {"collection_id": coll.pk, "name": "Belt", "category": "", "size": 0, "price": "1", "market": "FR"}
    response = client.post("/seller/editions/new/", body)
    assert response.status_code == 422 and not Edition.objects.exists()


def test_given_a_visitor_without_a_shop_or_another_shop_when_they_make_pieces_then_refused(
    refurbisher, rival
):
    coll = collection()
    belt = edition(refurbisher, coll)
    refs = upcycled(refurbisher, coll)
    buyer = _client(UserFactory(email="visitor@example.test"))
    assert buyer.get("/seller/editions/").status_code == 403
    assert buyer.post(f"/seller/editions/{belt.pk}/pieces/", {"donors": refs}).status_code == 403
    assert (
        _client(rival.user).post(f"/seller/editions/{belt.pk}/pieces/", {"donors": refs}).status_code == 404
    )
    assert not EditionItem.objects.exists()
